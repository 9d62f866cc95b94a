import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/composition/open-store.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { Fingerprint256 } from '../../src/domain/sender-certificate.js';
import type { SenderCertificateRecord } from '../../src/store/sender-certificate-repository.js';
import type { Store } from '../../src/store/store.js';
import { STORE_DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber } from '../support/identifiers.js';

/** A fingerprint of its own for each certificate a test makes (the store does not read certificates). */
function newFingerprint(): Fingerprint256 {
  return randomUUID().replace(/-/g, '').repeat(2).toUpperCase().match(/../g)!.join(':') as Fingerprint256;
}

/** A certificate record as the use case stores it. */
function certificate(overrides: Partial<SenderCertificateRecord> = {}): SenderCertificateRecord {
  return {
    id: randomUUID(),
    fingerprint256: newFingerprint(),
    subject: 'CN=sitepresence test sender, O=Bouw NV, C=BE',
    notBefore: '2026-12-07T15:13:21.000Z',
    notAfter: '2126-12-08T15:13:21.000Z',
    role: 'company',
    enterprise: enterpriseNumber(1) as EnterpriseNumber,
    name: 'Bouw NV planning',
    createdAt: '2027-01-04T08:00:00.000Z',
    ...overrides,
  };
}

for (const database of STORE_DATABASES) {
  describe.skipIf(!database.available)(`senders' certificates in the store (${database.label})`, () => {
    let db: OpenedDatabase;
    let store: Store;
    beforeEach(async () => {
      db = await database.open();
      store = db.store;
    });
    afterEach(async () => {
      await db.dispose();
    });

    it('keeps a certificate, finds it by its fingerprint and lists it, as it was given', async () => {
      const made = certificate();
      const provider = certificate({
        role: 'provider',
        enterprise: enterpriseNumber(2) as EnterpriseNumber,
        createdAt: '2027-01-04T08:30:00.000Z',
      });
      expect(await store.senderCertificates.create(made)).toStrictEqual({
        kind: 'REGISTERED',
        certificate: made,
      });
      await store.senderCertificates.create(provider);
      expect(await store.senderCertificates.findByFingerprint(made.fingerprint256)).toStrictEqual(made);
      expect(await store.senderCertificates.findByFingerprint(newFingerprint())).toBeUndefined();
      expect(await store.senderCertificates.list()).toStrictEqual([made, provider]);
    });

    it('registers a fingerprint once while it is not revoked, saying which certificate is in the way', async () => {
      const first = certificate();
      await store.senderCertificates.create(first);
      const again = certificate({
        fingerprint256: first.fingerprint256,
        role: 'provider',
        enterprise: enterpriseNumber(3) as EnterpriseNumber,
      });
      expect(await store.senderCertificates.create(again)).toStrictEqual({
        kind: 'ALREADY_REGISTERED',
        certificate: first,
      });
      expect(await store.senderCertificates.list()).toStrictEqual([first]);
    });

    it('registers one of many registrations of the same certificate made at the same moment', async () => {
      const fingerprint256 = newFingerprint();
      const attempts = Array.from({ length: 8 }, () => certificate({ fingerprint256 }));
      const outcomes = await Promise.all(attempts.map((c) => store.senderCertificates.create(c)));
      const registered = outcomes.filter((o) => o.kind === 'REGISTERED');
      expect(registered).toHaveLength(1);
      for (const outcome of outcomes) expect(outcome.certificate).toStrictEqual(registered[0]!.certificate);
      expect(await store.senderCertificates.list()).toHaveLength(1);
    });

    it('revokes at once: the certificate is no longer found by its fingerprint, even right after a lookup', async () => {
      const made = certificate();
      await store.senderCertificates.create(made);
      expect(await store.senderCertificates.findByFingerprint(made.fingerprint256)).toBeDefined();
      const revoked = await store.senderCertificates.revoke(made.id, '2027-01-04T09:00:00.000Z');
      expect(revoked).toStrictEqual({ ...made, revokedAt: '2027-01-04T09:00:00.000Z' });
      expect(await store.senderCertificates.findByFingerprint(made.fingerprint256)).toBeUndefined();
      expect(await store.senderCertificates.list()).toStrictEqual([revoked]);
    });

    it('keeps the first date when a certificate is revoked twice, and revokes nothing for an unknown id', async () => {
      const made = certificate();
      await store.senderCertificates.create(made);
      await store.senderCertificates.revoke(made.id, '2027-01-04T09:00:00.000Z');
      expect(await store.senderCertificates.revoke(made.id, '2027-01-05T09:00:00.000Z')).toMatchObject({
        revokedAt: '2027-01-04T09:00:00.000Z',
      });
      expect(await store.senderCertificates.revoke(randomUUID(), '2027-01-05T09:00:00.000Z')).toBeUndefined();
      expect(await store.senderCertificates.revoke('no-such-id', '2027-01-05T09:00:00.000Z')).toBeUndefined();
    });

    it('registers a revoked certificate again, for another principal, and finds only that registration', async () => {
      const first = certificate();
      await store.senderCertificates.create(first);
      await store.senderCertificates.revoke(first.id, '2027-01-04T09:00:00.000Z');
      const second = certificate({
        fingerprint256: first.fingerprint256,
        role: 'provider',
        enterprise: enterpriseNumber(4) as EnterpriseNumber,
        createdAt: '2027-01-04T10:00:00.000Z',
      });
      expect(await store.senderCertificates.create(second)).toMatchObject({ kind: 'REGISTERED' });
      expect(await store.senderCertificates.findByFingerprint(first.fingerprint256)).toStrictEqual(second);
      expect((await store.senderCertificates.list()).map((c) => c.id)).toStrictEqual([first.id, second.id]);
    });

    it('refuses a certificate revoked through another connection (the CLI, another server) within a moment', async () => {
      const other = (await openStore(db.location)).store;
      try {
        const made = certificate();
        await store.senderCertificates.create(made);
        expect(await store.senderCertificates.findByFingerprint(made.fingerprint256)).toBeDefined();
        await other.senderCertificates.revoke(made.id, '2027-01-04T09:00:00.000Z');
        // SQLite sees it on the next read; another PostgreSQL instance once the notification arrives.
        await expect
          .poll(() => store.senderCertificates.findByFingerprint(made.fingerprint256), { timeout: 2_000 })
          .toBeUndefined();
      } finally {
        await other.close();
      }
    });
  });
}
