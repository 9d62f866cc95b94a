import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { Incident, IncidentEvent } from '../../src/domain/procedure/incident.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import { createCryptoRandom } from '../../src/system/crypto-random.js';
import { STORE_DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber } from '../support/identifiers.js';

const random = createCryptoRandom();
const employer = enterpriseNumber(1) as EnterpriseNumber;
const day = '2026-03-10' as CalendarDate;
const at = (hour: number): string => `2026-03-10T${String(hour).padStart(2, '0')}:00:00.000Z`;

function incident(reportedAt: string, overrides: Partial<Incident> = {}): Incident {
  return {
    id: random.uuid(),
    workplaceId: 'WORKPLACE01' as WorkplaceId,
    date: day,
    employer,
    reportedBy: { role: 'company', enterprise: employer },
    reportedAt,
    situation: {
      origin: 'OWN_COMPANY',
      at: reportedAt,
      permanentlyWithoutInfrastructure: false,
      usesCoContractorMeans: false,
      channelsTried: [],
    },
    decision: { outcome: 'CALL_CONTACT_CENTER', exempt: false, step: '3.2', nextSteps: [] },
    events: [],
    ...overrides,
  };
}

const evidence: IncidentEvent = {
  type: 'EVIDENCE_ADDED',
  evidence: { kind: 'OPERATOR_TICKET', description: 'Ticket Proximus', reference: 'T-1' },
  sequence: 1,
  at: at(9),
  recordedAt: at(9),
  recordedBy: 'key-1',
};

for (const database of STORE_DATABASES) {
  describe.skipIf(!database.available)(`the incidents reported in a period (${database.label})`, () => {
    let db: OpenedDatabase;
    beforeEach(async () => {
      db = await database.open();
      await db.store.maintain(day);
    });
    afterEach(async () => {
      await db.dispose();
    });

    it('lists the incidents reported in a period on every workplace, newest first, with their events', async () => {
      const seven = incident(at(7));
      const eight = incident(at(8), { workplaceId: 'WORKPLACE02' as WorkplaceId });
      const nine = incident(at(9), { date: '2026-03-09' as CalendarDate });
      const eleven = incident(at(11));
      for (const i of [nine, seven, eleven, eight]) await db.store.incidents.create(i);
      await db.store.incidents.append(eight.id, 0, evidence, {
        situation: eight.situation,
        decision: eight.decision,
      });

      // [08:00, 11:00): 9 and 8 — 11 is left out, and the day an incident is about does not matter.
      const found = await db.store.incidents.reportedBetween(at(8), at(11), 10);
      expect(found.map((i) => i.id)).toStrictEqual([nine.id, eight.id]);
      expect(found[1]?.events).toStrictEqual([evidence]);
      expect(found[1]?.workplaceId).toBe('WORKPLACE02');
      expect(found[0]).toStrictEqual(nine);
    });

    it('gives at most the limit, the latest first, and nothing for a period without incidents', async () => {
      const reported = [7, 8, 9, 10].map((hour) => incident(at(hour)));
      for (const i of reported) await db.store.incidents.create(i);
      const latest = await db.store.incidents.reportedBetween(at(0), at(23), 2);
      expect(latest.map((i) => i.reportedAt)).toStrictEqual([at(10), at(9)]);
      expect(await db.store.incidents.reportedBetween(at(11), at(12), 10)).toStrictEqual([]);
    });
  });
}
