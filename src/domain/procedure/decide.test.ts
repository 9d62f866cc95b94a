import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brusselsDate } from '../calendar-date.js';
import { newReferenceNumber } from '../reference-number.js';
import { belgianPublicHolidays } from './public-holidays.js';
import { DEFAULT_CONTACT_CENTER, type ContactCenter } from './contact-center.js';
import { decide } from './decide.js';
import type { Decision } from './decision.js';
import {
  ATTEMPT_CHANNELS,
  ORIGINS,
  PROVIDER_OUTCOMES,
  type ChannelAttempt,
  type Origin,
  type Situation,
} from './situation.js';

// Thursday 26 November 2026: 10:00 in Brussels is 09:00 UTC; 22:00 is 21:00 UTC.
const OPEN = '2026-11-26T09:00:00.000Z';
const CLOSED_EVENING = '2026-11-26T21:00:00.000Z';
const SATURDAY_MORNING = '2026-11-28T09:00:00.000Z';

const reference = newReferenceNumber(Uint8Array.from([0x21, 0x6b, 0x39, 0x80, 0x4f]));

function situation(origin: Origin, more: Partial<Situation> = {}): Situation {
  return {
    origin,
    at: OPEN,
    permanentlyWithoutInfrastructure: false,
    usesCoContractorMeans: false,
    channelsTried: [],
    ...more,
  };
}

const failed = (channel: ChannelAttempt['channel'], at = OPEN): ChannelAttempt => ({
  channel,
  at,
  result: 'FAILED',
  error: 'timeout',
});
const codes = (decision: Decision): string[] => decision.nextSteps.map((s) => s.code);
const french = (decision: Decision): string => decision.nextSteps.map((s) => s.text.fr).join(' ');

describe('decide — the summary table, row by row', () => {
  it('"Fournisseur de services … Contactez d’abord votre fournisseur pour essayer de trouver une solution avec lui": a provider problem starts with the provider, and is not exempt by itself', () => {
    const decision = decide(situation('PROVIDER'), DEFAULT_CONTACT_CENTER);
    expect(decision).toMatchObject({ outcome: 'CONTACT_PROVIDER', exempt: false, step: '1' });
    expect(decision.ground).toBeUndefined();
    expect(french(decision)).toContain("Contactez d'abord votre fournisseur");
  });

  it('"Tiers externe … Vous ne devez rien faire et vous êtes dispensé de l’enregistrement de présence pour la journée. Il faut que l’indisponibilité soit vérifiable."', () => {
    const decision = decide(situation('THIRD_PARTY_INFRASTRUCTURE'), DEFAULT_CONTACT_CENTER);
    expect(decision).toMatchObject({
      outcome: 'EXEMPT_FOR_DAY',
      exempt: true,
      ground: 'THIRD_PARTY_INFRASTRUCTURE',
      verification: { status: 'TO_VERIFY', by: 'COMPETENT_SERVICES' },
    });
    expect(french(decision)).toContain('Vous ne devez rien faire d');
    expect(french(decision)).toContain('sera vérifiée par les services compétents');
  });

  it('"Indisponibilité du “service” checkinatwork — Vous êtes dispensé de l’enregistrement de présence pour la journée."', () => {
    const decision = decide(situation('REGISTRY_UNAVAILABLE'), DEFAULT_CONTACT_CENTER);
    expect(decision).toMatchObject({
      outcome: 'EXEMPT_FOR_DAY',
      exempt: true,
      ground: 'REGISTRY_UNAVAILABLE',
      step: 'SUMMARY',
      verification: { status: 'TO_VERIFY', by: 'REGISTRY_JOURNAL' },
    });
  });

  it('the registry being down is checked against its own journal: CONFIRMED or NOT_CONFIRMED, still exempt', () => {
    const confirmed = decide(
      situation('REGISTRY_UNAVAILABLE', { journal: 'CONFIRMED' }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(confirmed.verification).toEqual({ status: 'CONFIRMED', by: 'REGISTRY_JOURNAL' });
    expect(codes(confirmed)).toContain('REGISTRY_OUTAGE_CONFIRMED');
    const denied = decide(
      situation('REGISTRY_UNAVAILABLE', { journal: 'NOT_CONFIRMED' }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(denied).toMatchObject({ exempt: true, verification: { status: 'NOT_CONFIRMED' } });
    expect(codes(denied)).toContain('REGISTRY_OUTAGE_NOT_CONFIRMED');
  });

  it('"Votre entreprise — Essayez de faire l’enregistrement par un autre canal": a problem of the company itself starts with another channel, never exempt', () => {
    const decision = decide(situation('OWN_COMPANY'), DEFAULT_CONTACT_CENTER);
    expect(decision).toMatchObject({ outcome: 'TRY_OTHER_CHANNEL', exempt: false, step: '2' });
  });

  it('"Prévenir le centre de contact par téléphone ou via le formulaire de contact. Un numéro de référence vous sera attribué."', () => {
    const decision = decide(
      situation('OWN_COMPANY', { channelsTried: [failed('ONLINE')] }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(decision.outcome).toBe('CALL_CONTACT_CENTER');
    expect(codes(decision)).toEqual(
      expect.arrayContaining(['CALL_CONTACT_CENTER', 'OR_CONTACT_FORM', 'AGENT_REFERENCE']),
    );
  });

  it('"Faites l’enregistrement des travailleurs sur le formulaire papier d’enregistrement de présence."', () => {
    const decision = decide(
      situation('OWN_COMPANY', { channelsTried: [failed('ONLINE')], referenceNumber: reference }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(decision).toMatchObject({ outcome: 'FILL_PAPER_LISTING', exempt: false, step: '3.3' });
  });
});

describe('decide — the detailed procedure, step by step', () => {
  it('1. "veuillez d’abord entrer en contact avec ce fournisseur et vérifier que le problème ne provient pas du service fourni et si une solution au problème est possible"', () => {
    expect(decide(situation('PROVIDER'), DEFAULT_CONTACT_CENTER).outcome).toBe('CONTACT_PROVIDER');
  });

  it('1. when the provider offers a solution, presences go through its system again: resolved', () => {
    const decision = decide(
      situation('PROVIDER', { providerContact: { at: OPEN, outcome: 'SOLVED' } }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(decision).toMatchObject({ outcome: 'RESOLVED', exempt: false });
    expect(codes(decision)).toEqual(['PROVIDER_SOLUTION']);
  });

  it.each(['NOT_SOLVED', 'NO_ANSWER'] as const)(
    '1. "Si le problème provient du service fourni et qu’aucune solution n’est proposée par votre fournisseur, vous pouvez … passer à l’étape 2" (provider: %s)',
    (outcome) => {
      const decision = decide(
        situation('PROVIDER', { providerContact: { at: OPEN, outcome } }),
        DEFAULT_CONTACT_CENTER,
      );
      expect(decision).toMatchObject({ outcome: 'TRY_OTHER_CHANNEL', step: '2' });
    },
  );

  it('2. "Essayez de faire l’enregistrement par un autre canal (Enregistrement en ligne, Mobile, ...)": a retry through the provider is not another channel', () => {
    const decision = decide(
      situation('PROVIDER', {
        providerContact: { at: OPEN, outcome: 'NOT_SOLVED' },
        channelsTried: [failed('PROVIDER')],
      }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(decision.outcome).toBe('TRY_OTHER_CHANNEL');
  });

  it('2. the provider’s own web service is not another channel for its customer', () => {
    const decision = decide(
      situation('PROVIDER', {
        providerContact: { at: OPEN, outcome: 'NOT_SOLVED' },
        channelsTried: [failed('WEB_SERVICE')],
      }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(decision.outcome).toBe('TRY_OTHER_CHANNEL');
  });

  it('2. "Si vous êtes sous-traitant … précisez qu’en cas d’impossibilité … par le canal convenu, vous pouvez utiliser un autre canal"', () => {
    const decision = decide(
      situation('OWN_COMPANY', { usesCoContractorMeans: true }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(codes(decision)).toEqual(['TRY_OTHER_CHANNEL', 'SUBCONTRACTOR_OTHER_CHANNEL']);
    expect(codes(decide(situation('OWN_COMPANY'), DEFAULT_CONTACT_CENTER))).toEqual(['TRY_OTHER_CHANNEL']);
  });

  it('2. registered through another channel: the presences are in order and the procedure ends', () => {
    for (const origin of ['PROVIDER', 'OWN_COMPANY', 'UNKNOWN'] as const) {
      const decision = decide(
        situation(origin, {
          channelsTried: [failed('GATEWAY'), { channel: 'MOBILE', at: OPEN, result: 'OK' }],
        }),
        DEFAULT_CONTACT_CENTER,
      );
      expect(decision).toMatchObject({ outcome: 'RESOLVED', exempt: false });
    }
  });

  it('3.1 "l’impossibilité … provient de l’infrastructure (par exemple : panne d’électricité, réseau téléphonique/internet hors service, ...), vous êtes dispensé … pour la journée. Vous ne devez rien faire d’autre."', () => {
    const decision = decide(
      situation('THIRD_PARTY_INFRASTRUCTURE', { channelsTried: [failed('ONLINE'), failed('MOBILE')] }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(decision).toMatchObject({ outcome: 'EXEMPT_FOR_DAY', exempt: true, step: '3.1' });
    expect(codes(decision)).toEqual(['EXEMPT_INFRASTRUCTURE', 'KEEP_EVIDENCE']);
  });

  it('3.1 "ne provient pas … si vous êtes sous-traitant : des moyens mis à votre disposition par votre co-contractant": the co-contractor’s means failing is not an exemption', () => {
    const decision = decide(
      situation('OWN_COMPANY', { usesCoContractorMeans: true, channelsTried: [failed('ONLINE')] }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(decision).toMatchObject({ exempt: false, outcome: 'CALL_CONTACT_CENTER' });
  });

  it('3.1 warns a subcontractor that its co-contractor’s means failing is not an infrastructure failure', () => {
    const decision = decide(
      situation('THIRD_PARTY_INFRASTRUCTURE', { usesCoContractorMeans: true }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(codes(decision)).toEqual([
      'EXEMPT_INFRASTRUCTURE',
      'KEEP_EVIDENCE',
      'CO_CONTRACTOR_MEANS_NOT_INFRASTRUCTURE',
    ]);
  });

  it('3.2 "Sinon, appelez le centre de contact au 02 511 51 51 … Durant les heures d’ouverture: Tapez 2 … Tapez 5 pour “Autres” … Tapez 6 pour entrer en liaison avec un agent."', () => {
    const decision = decide(
      situation('PROVIDER', {
        providerContact: { at: OPEN, outcome: 'NOT_SOLVED' },
        channelsTried: [failed('ONLINE')],
      }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(decision).toMatchObject({ outcome: 'CALL_CONTACT_CENTER', exempt: false, step: '3.2' });
    expect(codes(decision).slice(0, 4)).toEqual(['CALL_CONTACT_CENTER', 'MENU_2', 'MENU_5', 'MENU_6']);
    expect(french(decision)).toContain('02 511 51 51');
    expect(french(decision)).toContain('Tapez 2 pour le français.');
    expect(french(decision)).toContain('Tapez 5 pour « Autres ».');
    expect(french(decision)).toContain('Tapez 6 pour entrer en liaison avec un agent.');
  });

  it('3.2 "L’agent déterminera avec vous les éventuelles solutions ou vous délivrera un numéro de référence"', () => {
    const decision = decide(
      situation('OWN_COMPANY', { channelsTried: [failed('ONLINE')] }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(french(decision)).toContain('vous délivrera un numéro de référence');
  });

  it.each([
    ['a weekday evening', CLOSED_EVENING],
    ['a Saturday', SATURDAY_MORNING],
    ['06:59 on a Monday', '2026-11-30T05:59:00.000Z'],
  ])(
    '3.2 "En dehors des heures d’ouverture … via le formulaire de contact … Un numéro de référence vous sera communiqué automatiquement." (%s)',
    (_when, at) => {
      const decision = decide(
        situation('OWN_COMPANY', { at, channelsTried: [failed('ONLINE', at)] }),
        DEFAULT_CONTACT_CENTER,
      );
      expect(decision).toMatchObject({ outcome: 'USE_CONTACT_FORM', step: '3.2' });
      expect(codes(decision)).toEqual(['USE_CONTACT_FORM', 'FORM_REFERENCE', 'THEN_PAPER_LISTING']);
      expect(decision.nextSteps[0]?.text.fr).toContain('du lundi au vendredi, de 07:00 à 20:00');
    },
  );

  it('3.2 the opening hours are Brussels time: 07:00 in winter is 06:00 UTC, in summer 05:00 UTC', () => {
    const at = (instant: string): string =>
      decide(
        situation('OWN_COMPANY', { at: instant, channelsTried: [failed('ONLINE', instant)] }),
        DEFAULT_CONTACT_CENTER,
      ).outcome;
    expect(at('2026-11-30T06:00:00.000Z')).toBe('CALL_CONTACT_CENTER');
    expect(at('2026-06-01T05:00:00.000Z')).toBe('CALL_CONTACT_CENTER');
    expect(at('2026-06-01T04:59:00.000Z')).toBe('USE_CONTACT_FORM');
    expect(at('2026-11-30T18:59:00.000Z')).toBe('CALL_CONTACT_CENTER');
    expect(at('2026-11-30T19:00:00.000Z')).toBe('USE_CONTACT_FORM');
  });

  it('3.2 on a public holiday the contact center is closed: the contact form', () => {
    const christmas = '2026-12-25T09:00:00.000Z';
    const decision = decide(
      situation('OWN_COMPANY', { at: christmas, channelsTried: [failed('ONLINE', christmas)] }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(decision.outcome).toBe('USE_CONTACT_FORM');
  });

  it('3.2 the hours are configurable, with days the contact center is closed', () => {
    const center: ContactCenter = {
      phone: '02 511 51 51',
      hours: { days: [1, 2, 3, 4, 5, 6], opens: 8 * 60, closes: 12 * 60, closedOn: ['2026-11-26' as never] },
    };
    const at = (instant: string): string =>
      decide(situation('OWN_COMPANY', { at: instant, channelsTried: [failed('ONLINE', instant)] }), center)
        .outcome;
    expect(at(SATURDAY_MORNING)).toBe('CALL_CONTACT_CENTER');
    expect(at(OPEN)).toBe('USE_CONTACT_FORM');
  });

  it('3.3 "Si vous avez reçu un numéro de référence, inscrivez-le sur un listing papier … le numéro de déclaration de travaux, la date du jour … le numéro de registre national ou numéro de Limosa L1, le nom et le prénom. C’est votre preuve de signalement"', () => {
    const decision = decide(
      situation('PROVIDER', {
        providerContact: { at: OPEN, outcome: 'NO_ANSWER' },
        channelsTried: [failed('ONLINE')],
        referenceNumber: reference,
      }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(decision).toMatchObject({ outcome: 'FILL_PAPER_LISTING', exempt: false, step: '3.3' });
    expect(codes(decision)).toEqual([
      'FILL_PAPER_LISTING',
      'LISTING_FIELDS',
      'LISTING_IS_PROOF',
      'CAPTURE_LISTING',
    ]);
    const text = french(decision);
    expect(text).toContain(reference);
    expect(text).toContain('numéro de déclaration de travaux');
    expect(text).toContain('numéro de registre national ou numéro de Limosa L1, le nom et le prénom');
    expect(text).toContain('preuve de signalement');
  });
});

describe('decide — the warning about permanent unavailability', () => {
  it.each(['THIRD_PARTY_INFRASTRUCTURE', 'REGISTRY_UNAVAILABLE'] as const)(
    '"Cette procédure ne donne en aucun cas dispense d’enregistrements de présence pour les lieux de travail pour lequel l’indisponibilité de l’infrastructure nécessaire … est permanente" (origin %s)',
    (origin) => {
      const decision = decide(
        situation(origin, { permanentlyWithoutInfrastructure: true, journal: 'CONFIRMED' }),
        DEFAULT_CONTACT_CENTER,
      );
      expect(decision).toMatchObject({
        outcome: 'NOT_EXEMPT_PERMANENT_UNAVAILABILITY',
        exempt: false,
        step: 'WARNING',
      });
      expect(decision.ground).toBeUndefined();
    },
  );

  it.each(['PROVIDER', 'OWN_COMPANY', 'UNKNOWN'] as const)(
    'takes away exemptions only: the contact center and the paper listing still apply, with the warning (origin %s)',
    (origin) => {
      const decision = decide(
        situation(origin, {
          permanentlyWithoutInfrastructure: true,
          providerContact: { at: OPEN, outcome: 'NOT_SOLVED' },
          channelsTried: [failed('ONLINE')],
        }),
        DEFAULT_CONTACT_CENTER,
      );
      expect(decision).toMatchObject({ outcome: 'CALL_CONTACT_CENTER', exempt: false });
      expect(codes(decision)).toEqual(
        expect.arrayContaining(['PERMANENT_NOT_EXEMPT', 'REGISTER_IN_ADVANCE']),
      );
      const withReference = decide(
        situation(origin, {
          permanentlyWithoutInfrastructure: true,
          referenceNumber: reference,
          channelsTried: [failed('ONLINE')],
          providerContact: { at: OPEN, outcome: 'NOT_SOLVED' },
        }),
        DEFAULT_CONTACT_CENTER,
      );
      expect(withReference.outcome).toBe('FILL_PAPER_LISTING');
    },
  );

  it('does not undo presences registered through another channel', () => {
    const decision = decide(
      situation('THIRD_PARTY_INFRASTRUCTURE', {
        permanentlyWithoutInfrastructure: true,
        channelsTried: [{ channel: 'ONLINE', at: OPEN, result: 'OK' }],
      }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(decision.outcome).toBe('RESOLVED');
  });

  it('"… convenir avec leurs sous-traitants d’une autre organisation … (par exemple : enregistrement anticipé, à distance, via le service en ligne Checkinatwork)"', () => {
    const decision = decide(
      situation('THIRD_PARTY_INFRASTRUCTURE', { permanentlyWithoutInfrastructure: true }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(codes(decision)).toEqual([
      'PERMANENT_NOT_EXEMPT',
      'ORGANISE_WITH_SUBCONTRACTORS',
      'REGISTER_IN_ADVANCE',
      'REGISTER_REMOTELY',
    ]);
  });
});

describe('decide — an origin the company cannot tell', () => {
  it('asks the questions that tell the origins apart, and meanwhile walks the path that is never wrong', () => {
    const decision = decide(situation('UNKNOWN'), DEFAULT_CONTACT_CENTER);
    expect(decision).toMatchObject({ outcome: 'TRY_OTHER_CHANNEL', exempt: false });
    expect(decision.questions?.map((q) => q.code)).toEqual([
      'ASK_PROVIDER',
      'ASK_REGISTRY',
      'ASK_INFRASTRUCTURE',
      'ASK_OWN_MEANS',
    ]);
  });

  it('is never exempt: an exemption needs its ground, and the contact center records the problem', () => {
    const decision = decide(
      situation('UNKNOWN', { channelsTried: [failed('ONLINE')] }),
      DEFAULT_CONTACT_CENTER,
    );
    expect(decision).toMatchObject({ outcome: 'CALL_CONTACT_CENTER', exempt: false });
    expect(decision.questions).toHaveLength(4);
  });
});

describe('decide — for every situation', () => {
  const instant = fc
    .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') })
    .map((t) => new Date(t).toISOString());
  const arbitrarySituation: fc.Arbitrary<Situation> = fc.record(
    {
      origin: fc.constantFrom(...ORIGINS),
      at: instant,
      permanentlyWithoutInfrastructure: fc.boolean(),
      usesCoContractorMeans: fc.boolean(),
      providerContact: fc.record({ at: instant, outcome: fc.constantFrom(...PROVIDER_OUTCOMES) }),
      channelsTried: fc.array(
        fc.record({
          channel: fc.constantFrom(...ATTEMPT_CHANNELS),
          at: instant,
          result: fc.constantFrom('OK' as const, 'FAILED' as const),
        }),
        { maxLength: 4 },
      ),
      referenceNumber: fc.constant(reference),
      journal: fc.constantFrom('CONFIRMED' as const, 'NOT_CONFIRMED' as const),
    },
    {
      requiredKeys: [
        'origin',
        'at',
        'permanentlyWithoutInfrastructure',
        'usesCoContractorMeans',
        'channelsTried',
      ],
    },
  );

  it('exempts only for infrastructure or the registry, never a permanently unserved workplace, and always on a ground', () => {
    fc.assert(
      fc.property(arbitrarySituation, (s) => {
        const d = decide(s, DEFAULT_CONTACT_CENTER);
        const registered = s.channelsTried.some((a) => a.result === 'OK');
        const exemptOrigin = s.origin === 'THIRD_PARTY_INFRASTRUCTURE' || s.origin === 'REGISTRY_UNAVAILABLE';
        expect(d.exempt).toBe(exemptOrigin && !s.permanentlyWithoutInfrastructure && !registered);
        expect(d.exempt).toBe(d.outcome === 'EXEMPT_FOR_DAY');
        expect(d.ground !== undefined).toBe(d.exempt);
        expect(d.verification !== undefined).toBe(d.exempt);
        if (d.exempt) expect(d.ground).toBe(s.origin);
      }),
    );
  });

  it('gives at least one step, every text in French, Dutch and English, and questions only for an unknown origin', () => {
    fc.assert(
      fc.property(arbitrarySituation, (s) => {
        const d = decide(s, DEFAULT_CONTACT_CENTER);
        expect(d.nextSteps.length).toBeGreaterThan(0);
        for (const item of [...d.nextSteps, ...(d.questions ?? [])]) {
          expect(item.code).toMatch(/^[A-Z0-9_]+$/);
          for (const text of [item.text.fr, item.text.nl, item.text.en]) expect(text.trim()).not.toBe('');
        }
        if (d.questions !== undefined) expect(s.origin).toBe('UNKNOWN');
      }),
    );
  });

  it('sends to the phone only when the contact center is open, and to the listing only with a reference number', () => {
    fc.assert(
      fc.property(arbitrarySituation, (s) => {
        const d = decide(s, DEFAULT_CONTACT_CENTER);
        if (d.outcome === 'FILL_PAPER_LISTING') expect(s.referenceNumber).toBeDefined();
        if (d.outcome === 'CALL_CONTACT_CENTER' || d.outcome === 'USE_CONTACT_FORM') {
          const brussels = new Intl.DateTimeFormat('en-GB', {
            timeZone: 'Europe/Brussels',
            weekday: 'short',
            hour: '2-digit',
            hourCycle: 'h23',
          }).formatToParts(new Date(s.at));
          const weekday = brussels.find((p) => p.type === 'weekday')?.value ?? '';
          const hour = Number(brussels.find((p) => p.type === 'hour')?.value);
          const day = brusselsDate(new Date(s.at));
          const holiday = belgianPublicHolidays(Number(day.slice(0, 4))).includes(day);
          const open = !['Sat', 'Sun'].includes(weekday) && hour >= 7 && hour < 20 && !holiday;
          expect(d.outcome).toBe(open ? 'CALL_CONTACT_CENTER' : 'USE_CONTACT_FORM');
        }
      }),
    );
  });
});
