import { describe, expect, it } from 'vitest';
import { EMPTY_HEAD, GENESIS_HASH, sealAuditEntries, verifyAuditRecords, type AuditEntry } from './audit.js';

/** A stand-in for SHA-256 (the domain takes the hash as an argument): FNV-1a, 32 bits, in hexadecimal. */
const digest = (text: string): string => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
};

const entry = (n: number): AuditEntry => ({
  at: `2026-03-10T07:00:0${n}.000Z`,
  actor: { kind: 'key', id: `key-${n}`, role: 'company', enterprise: '0403170701', name: 'Bouw NV' },
  action: 'POST /api/v1/presences',
  target: '/api/v1/presences',
  personalData: true,
  outcome: 200,
  source: '192.0.2.1',
  details: { 'query.b': 'x', 'query.a': 1 },
});

describe('the audit chain', () => {
  it('numbers records from the head on, each naming the hash of the one before', () => {
    const records = sealAuditEntries(EMPTY_HEAD, [entry(1), entry(2)], digest);
    expect(records.map((r) => r.seq)).toEqual([1, 2]);
    expect(records[0]?.previousHash).toBe(GENESIS_HASH);
    expect(records[1]?.previousHash).toBe(records[0]?.hash);
    expect(verifyAuditRecords(EMPTY_HEAD, records, digest)).toEqual({
      ok: true,
      head: { seq: 2, hash: records[1]?.hash },
    });
  });

  it('hashes details whatever the order of their keys', () => {
    const [a] = sealAuditEntries(EMPTY_HEAD, [entry(1)], digest);
    const [b] = sealAuditEntries(
      EMPTY_HEAD,
      [{ ...entry(1), details: { 'query.a': 1, 'query.b': 'x' } }],
      digest,
    );
    expect(a?.hash).toBe(b?.hash);
  });

  it('finds any field changed, a record missing, or a record not chained to the one before', () => {
    const records = sealAuditEntries(EMPTY_HEAD, [entry(1), entry(2), entry(3)], digest);
    const [first, second, third] = records;
    if (first === undefined || second === undefined || third === undefined) throw new Error('three records');
    const changed = [first, { ...second, actor: { ...second.actor, name: 'someone else' } }, third];
    expect(verifyAuditRecords(EMPTY_HEAD, changed, digest)).toEqual({
      ok: false,
      break: { kind: 'ALTERED', seq: 2 },
    });
    expect(verifyAuditRecords(EMPTY_HEAD, [first, third], digest)).toEqual({
      ok: false,
      break: { kind: 'MISSING', seq: 2, found: 3 },
    });
    const resealed = sealAuditEntries({ seq: 1, hash: GENESIS_HASH }, [entry(2)], digest);
    expect(verifyAuditRecords(EMPTY_HEAD, [first, ...resealed], digest)).toEqual({
      ok: false,
      break: { kind: 'NOT_CHAINED', seq: 2 },
    });
  });

  it("numbers a writer's own chain by position, and covers the chain's name with each hash", () => {
    const records = sealAuditEntries(EMPTY_HEAD, [entry(1), entry(2)], digest, 'chain-a');
    expect(records.map((r) => [r.chain, r.position])).toEqual([
      ['chain-a', 1],
      ['chain-a', 2],
    ]);
    expect(verifyAuditRecords(EMPTY_HEAD, records, digest)).toMatchObject({ ok: true, head: { seq: 2 } });
    // The trail's own numbering (given by the database) is not part of a writer's chain.
    const renumbered = records.map((r, i) => ({ ...r, seq: 100 + i * 7 }));
    expect(verifyAuditRecords(EMPTY_HEAD, renumbered, digest).ok).toBe(true);
    const moved = records.map((r) => ({ ...r, chain: 'chain-b' }));
    expect(verifyAuditRecords(EMPTY_HEAD, moved, digest)).toEqual({
      ok: false,
      break: { kind: 'ALTERED', seq: 1, chain: 'chain-b' },
    });
  });
});
