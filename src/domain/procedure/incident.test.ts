import { describe, expect, it } from 'vitest';
import { newReferenceNumber } from '../reference-number.js';
import { applyEvent, evidenceOf, type IncidentEvent } from './incident.js';
import type { Situation } from './situation.js';

const start: Situation = {
  origin: 'UNKNOWN',
  at: '2026-11-27T06:30:00.000Z',
  permanentlyWithoutInfrastructure: false,
  usesCoContractorMeans: false,
  channelsTried: [],
};
const at = '2026-11-27T06:45:00.000Z';

describe('applyEvent', () => {
  it('records the provider’s answer, each attempt, a registration through another channel', () => {
    let s = applyEvent(start, { type: 'PROVIDER_CONTACTED', outcome: 'NOT_SOLVED', at });
    s = applyEvent(s, { type: 'CHANNEL_TRIED', channel: 'ONLINE', result: 'FAILED', error: 'DNS', at });
    s = applyEvent(s, { type: 'REGISTERED_OTHER_CHANNEL', channel: 'MOBILE', at });
    expect(s.providerContact).toEqual({ at, outcome: 'NOT_SOLVED' });
    expect(s.at).toBe(start.at);
    expect(s.channelsTried).toEqual([
      { channel: 'ONLINE', at, result: 'FAILED', error: 'DNS' },
      { channel: 'MOBILE', at, result: 'OK' },
    ]);
  });

  it('records the reference number and the origin once identified; evidence does not change the situation', () => {
    const referenceNumber = newReferenceNumber(new Uint8Array(5));
    let s = applyEvent(start, { type: 'REFERENCE_OBTAINED', referenceNumber, at });
    s = applyEvent(s, { type: 'ORIGIN_IDENTIFIED', origin: 'THIRD_PARTY_INFRASTRUCTURE', at });
    expect(s).toMatchObject({ referenceNumber, origin: 'THIRD_PARTY_INFRASTRUCTURE' });
    const evidence = { kind: 'OPERATOR_TICKET' as const, description: 'Proximus ticket', reference: 'T-123' };
    expect(applyEvent(s, { type: 'EVIDENCE_ADDED', evidence, at })).toBe(s);
  });
});

describe('evidenceOf', () => {
  it('lists the evidence given, in order', () => {
    const meta = { at, recordedAt: at, recordedBy: 'key-1' };
    const events: IncidentEvent[] = [
      {
        ...meta,
        sequence: 1,
        type: 'EVIDENCE_ADDED',
        evidence: { kind: 'OUTAGE_NOTICE', description: 'Power cut' },
      },
      { ...meta, sequence: 2, type: 'PROVIDER_CONTACTED', outcome: 'SOLVED' },
      {
        ...meta,
        sequence: 3,
        type: 'EVIDENCE_ADDED',
        evidence: { kind: 'AGENT_LOG', description: 'log', content: 'x' },
      },
    ];
    expect(evidenceOf({ events }).map((e) => e.kind)).toEqual(['OUTAGE_NOTICE', 'AGENT_LOG']);
  });
});
