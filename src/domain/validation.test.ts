import { describe, expect, it } from 'vitest';
import type { CalendarDate } from './calendar-date.js';
import type { EnterpriseNumber } from './enterprise-number.js';
import type { LimosaId } from './limosa-id.js';
import type { Niss } from './niss.js';
import {
  DECIDED_REMARKS,
  isBisNumber,
  remarkBits,
  REMARKS,
  remarksOf,
  remarksOfBits,
  type ValidationFacts,
} from './validation.js';
import type { Workplace } from './workplace.js';
import type { WorkplaceId } from './workplace-id.js';

const day = '2026-03-10' as CalendarDate;
const declarant = '0400000025' as EnterpriseNumber;
const employer = '0400000123' as EnterpriseNumber;
const national = '85073003328' as Niss;
const bis = '85470700134' as Niss;
const workplace: Workplace = {
  id: 'W1' as WorkplaceId,
  name: 'Chantier',
  address: { street: 'Rue de la Loi 16', postalCode: '1000', city: 'Bruxelles' },
  declarant,
  startDate: '2026-03-01' as CalendarDate,
  endDate: '2026-03-31' as CalendarDate,
  permanentlyWithoutInfrastructure: false,
  createdAt: '2026-03-01T07:00:00Z',
};
const chain = { declarant, links: [{ enterprise: employer, parent: declarant }] };
const facts = (more: Partial<ValidationFacts> = {}): ValidationFacts => ({
  workplace: { workplace, chain },
  registeredBefore: false,
  ...more,
});
const presence = (worker: { niss: Niss } | { limosaId: LimosaId }, registrationDate = day) => ({
  registrationDate,
  worker,
  employer,
});
const period = (from: string, to?: string) => ({
  from: from as CalendarDate,
  ...(to === undefined ? {} : { to: to as CalendarDate }),
});

describe('the check of a presence (remarksOf)', () => {
  it('makes no remark when every register it can read agrees, or when none was loaded', () => {
    expect(remarksOf(presence({ niss: national }), facts())).toStrictEqual([]);
    expect(
      remarksOf(presence({ niss: national }), facts({ employment: [period('2026-01-01')] })),
    ).toStrictEqual([]);
  });

  it('checks the declaration of works: unknown, not active that day, the employer not in its chain', () => {
    expect(remarksOf(presence({ niss: national }), { registeredBefore: false })).toStrictEqual([
      'WORKPLACE_NOT_EXISTING',
    ]);
    expect(remarksOf(presence({ niss: national }, '2026-04-01' as CalendarDate), facts())).toStrictEqual([
      'WORKPLACE_NOT_ACTIVE',
    ]);
    expect(
      remarksOf(
        presence({ niss: national }),
        facts({ workplace: { workplace, chain: { declarant, links: [] } } }),
      ),
    ).toStrictEqual(['EMPLOYER_NOT_IN_WORKPLACE']);
  });

  it('wants an employment declaration covering the day for a national number, its last day included', () => {
    const on = (from: string, to?: string) =>
      remarksOf(presence({ niss: national }), facts({ employment: [period(from, to)] }));
    expect(on('2026-03-10', '2026-03-10')).toStrictEqual([]);
    expect(on('2026-03-11')).toStrictEqual(['RELATED_DIMONA_NOT_OK']);
    expect(on('2026-01-01', '2026-03-09')).toStrictEqual(['RELATED_DIMONA_NOT_OK']);
    expect(remarksOf(presence({ niss: national }), facts({ employment: [] }))).toStrictEqual([
      'RELATED_DIMONA_NOT_OK',
    ]);
  });

  it('takes a BIS number as covered by an employment or a Limosa declaration, and names Limosa when neither is', () => {
    expect(isBisNumber(bis)).toBe(true);
    expect(isBisNumber(national)).toBe(false);
    const of = (more: Partial<ValidationFacts>) => remarksOf(presence({ niss: bis }), facts(more));
    expect(of({ employment: [], limosa: [period('2026-03-01')] })).toStrictEqual([]);
    expect(of({ employment: [period('2026-03-01')], limosa: [] })).toStrictEqual([]);
    expect(of({ employment: [], limosa: [] })).toStrictEqual(['NISS_BIS_NOT_KNOWN_IN_LIMOSA']);
    expect(of({ employment: [], limosa: [period('2026-04-01')] })).toStrictEqual([
      'NISS_BIS_NOT_ACTIVE_IN_LIMOSA',
    ]);
    expect(of({ limosa: [] }), 'no employment register: a Dimona may cover it').toStrictEqual([]);
    expect(of({ employment: [] })).toStrictEqual(['RELATED_DIMONA_NOT_OK']);
  });

  it('checks a Limosa-1 number against the Limosa register alone', () => {
    const of = (limosa?: ReturnType<typeof period>[]) =>
      remarksOf(
        presence({ limosaId: '12345678' as LimosaId }),
        facts(limosa === undefined ? {} : { limosa }),
      );
    expect(of()).toStrictEqual([]);
    expect(of([])).toStrictEqual(['LIMOSA_ID_NOT_KNOWN']);
    expect(of([period('2026-03-11', '2026-03-20')])).toStrictEqual(['LIMOSA_ID_NOT_ACTIVE']);
    expect(of([period('2026-03-01', '2026-03-10')])).toStrictEqual([]);
  });

  it('remarks the same declaration registered before, beside the other remarks, in the list order', () => {
    expect(
      remarksOf(presence({ niss: national }), facts({ registeredBefore: true, employment: [] })),
    ).toStrictEqual(['RELATED_DIMONA_NOT_OK', 'SAME_DECLARATION_REGISTERED']);
  });

  it('stores remarks as bits, one per remark, and reads them back in the list order', () => {
    expect(REMARKS).toHaveLength(17);
    expect(remarkBits([])).toBe(0);
    expect(remarksOfBits(remarkBits([...REMARKS].reverse()))).toStrictEqual([...REMARKS]);
    for (const remark of DECIDED_REMARKS) expect(remarksOfBits(remarkBits([remark]))).toStrictEqual([remark]);
  });
});
