import { X509Certificate } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerPresences } from '../../src/app/register-presences.js';
import {
  authenticateCertificate,
  listCertificates,
  registerCertificate,
  revokeCertificate,
  type NewCertificateInput,
} from '../../src/app/sender-certificates.js';
import type { AppDeps } from '../../src/app/app-deps.js';
import type { PresenceRequestInput } from '../../src/domain/presence.js';
import { DATABASES } from '../support/databases.js';
import { TestRegistry } from '../support/registry.js';
import { EXPIRED_SENDER, OTHER_SENDER, TEST_SENDER, WEAK_SENDER } from '../support/test-certificates.js';

/** A winter morning, within the test certificates' validity. */
const NOW = '2027-01-04T08:00:00Z';
const SENDER = new X509Certificate(TEST_SENDER.certificatePem);
const FINGERPRINT = SENDER.fingerprint256;
/** The sender's validity, as read from its certificate (the fixtures may be made again). */
const NOT_BEFORE = new Date(SENDER.validFrom).toISOString();
const NOT_AFTER = new Date(SENDER.validTo).toISOString();
/** A moment `ms` milliseconds from an instant. */
const from = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`senders' certificates (${database.name})`, () => {
    let registry: TestRegistry;
    let deps: AppDeps;
    let company: string;

    beforeEach(async () => {
      registry = await TestRegistry.open(database, NOW);
      deps = registry.deps;
      company = registry.newEnterprise();
    });
    afterEach(async () => {
      await registry.close();
    });

    const register = (input: Partial<NewCertificateInput> = {}) =>
      registerCertificate(deps, {
        pem: TEST_SENDER.certificatePem,
        role: 'company',
        enterprise: company,
        name: 'Bouw NV planning',
        ...input,
      });
    /** The codes and fields of a refusal, or `[]` when it was not refused. */
    const refusal = async (input: Partial<NewCertificateInput>) => {
      const result = await register(input);
      return result.ok ? [] : result.error.map((e) => [e.code, e.field]);
    };

    describe('registering', () => {
      it('registers a certificate for a company with what identifies it, never the certificate itself', async () => {
        const made = await register({ enterprise: ` BE ${company} ` });
        if (!made.ok) throw new Error(made.error[0].message);
        expect(made.value).toStrictEqual({
          id: expect.any(String),
          fingerprint256: FINGERPRINT,
          subject: 'CN=sitepresence test sender',
          notBefore: NOT_BEFORE,
          notAfter: NOT_AFTER,
          role: 'company',
          enterprise: company,
          name: 'Bouw NV planning',
          createdAt: '2027-01-04T08:00:00.000Z',
        });
        expect(await listCertificates(deps)).toStrictEqual([made.value]);
      });

      it('registers a certificate not valid yet: a successor is registered ahead', async () => {
        registry.clock.set(from(NOT_BEFORE, -86_400_000));
        expect((await register()).ok).toBe(true);
      });

      it('refuses text that is not one certificate: garbage, a public key alone, a whole chain', async () => {
        const publicKey = new X509Certificate(TEST_SENDER.certificatePem).publicKey.export({
          type: 'spki',
          format: 'pem',
        }) as string;
        const lines = TEST_SENDER.certificatePem.trim().split('\n');
        const cut = [...lines.slice(0, 6), lines.at(-1)].join('\n');
        for (const pem of [
          '',
          'not a certificate',
          publicKey,
          `${TEST_SENDER.certificatePem}${OTHER_SENDER.certificatePem}`,
          cut,
          '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
          `${TEST_SENDER.certificatePem}${'\n'.repeat(70_000)}`,
        ])
          expect(await refusal({ pem })).toStrictEqual([['CERTIFICATE_INVALID', 'certificate']]);
        expect(await listCertificates(deps)).toStrictEqual([]);
      });

      it('refuses a private key, alone or beside its certificate, and never repeats it', async () => {
        for (const pem of [
          TEST_SENDER.privateKeyPem,
          `${TEST_SENDER.certificatePem}${TEST_SENDER.privateKeyPem}`,
          `${TEST_SENDER.privateKeyPem}${TEST_SENDER.certificatePem}`,
        ]) {
          const result = await register({ pem });
          expect(result).toMatchObject({
            ok: false,
            error: [{ code: 'CERTIFICATE_PRIVATE_KEY', field: 'certificate' }],
          });
          const keyBody = TEST_SENDER.privateKeyPem.split('\n')[1]!;
          expect(JSON.stringify(result)).not.toContain(keyBody);
        }
        expect(await listCertificates(deps)).toStrictEqual([]);
      });

      it('refuses an expired certificate', async () => {
        expect(await refusal({ pem: EXPIRED_SENDER.certificatePem })).toStrictEqual([
          ['CERTIFICATE_EXPIRED', 'certificate'],
        ]);
      });

      it('refuses an RSA key under 2048 bits', async () => {
        const result = await register({ pem: WEAK_SENDER.certificatePem });
        expect(result).toMatchObject({
          ok: false,
          error: [{ code: 'CERTIFICATE_KEY_TOO_WEAK', field: 'certificate' }],
        });
        expect(result.ok ? '' : result.error[0].message).toContain('1024');
      });

      it('refuses a certificate registered already and not revoked, for whomever, naming the registration', async () => {
        const first = await register();
        if (!first.ok) throw new Error(first.error[0].message);
        const again = await register({ role: 'provider', enterprise: registry.newEnterprise() });
        expect(again).toMatchObject({
          ok: false,
          error: [{ code: 'CERTIFICATE_ALREADY_REGISTERED', field: 'certificate' }],
        });
        expect(again.ok ? '' : again.error[0].message).toContain(first.value.id);
        expect(await listCertificates(deps)).toStrictEqual([first.value]);
      });

      it('registers a revoked certificate again, for another principal', async () => {
        const first = await register();
        if (!first.ok) throw new Error(first.error[0].message);
        await revokeCertificate(deps, first.value.id);
        registry.clock.advance(60_000);
        const provider = registry.newEnterprise();
        const second = await register({ role: 'provider', enterprise: provider });
        expect(second).toMatchObject({ ok: true, value: { role: 'provider', enterprise: provider } });
        expect(await authenticateCertificate(deps, FINGERPRINT, registry.clock.now())).toMatchObject({
          role: 'provider',
          enterprise: provider,
        });
      });

      it('refuses a wrong or missing enterprise number, and the roles that register no presences, naming each field', async () => {
        expect(await refusal({ enterprise: '0403019262' })).toStrictEqual([
          ['ENTERPRISE_NUMBER_CHECK_DIGITS', 'enterprise'],
        ]);
        expect(await refusal({ enterprise: '12345' })).toStrictEqual([
          ['ENTERPRISE_NUMBER_LENGTH', 'enterprise'],
        ]);
        expect(await refusal({ enterprise: undefined })).toStrictEqual([
          ['ENTERPRISE_REQUIRED_FOR_ROLE', 'enterprise'],
        ]);
        for (const role of ['agent', 'inspector', 'admin', ''])
          expect(await refusal({ role })).toStrictEqual([['FIELD_VALUE', 'role']]);
        expect(await listCertificates(deps)).toStrictEqual([]);
      });

      it('says everything wrong at once', async () => {
        expect(await refusal({ role: 'admin', name: ' ', pem: EXPIRED_SENDER.certificatePem })).toStrictEqual(
          [
            ['FIELD_VALUE', 'role'],
            ['TEXT_BLANK', 'name'],
            ['CERTIFICATE_EXPIRED', 'certificate'],
          ],
        );
      });
    });

    describe('revoking', () => {
      it('revokes a certificate at once, keeping it in the list with the moment it was revoked', async () => {
        const made = await register();
        if (!made.ok) throw new Error(made.error[0].message);
        expect(await authenticateCertificate(deps, FINGERPRINT, registry.clock.now())).toBeDefined();
        registry.clock.advance(3_600_000);
        const revoked = await revokeCertificate(deps, made.value.id);
        expect(revoked).toStrictEqual({
          ok: true,
          value: { ...made.value, revokedAt: '2027-01-04T09:00:00.000Z' },
        });
        expect(await authenticateCertificate(deps, FINGERPRINT, registry.clock.now())).toBeUndefined();
        expect(await listCertificates(deps)).toStrictEqual([revoked.ok && revoked.value]);
      });

      it('says so when no certificate has the id', async () => {
        expect(await revokeCertificate(deps, 'no-such-certificate')).toMatchObject({
          ok: false,
          error: [{ code: 'CERTIFICATE_NOT_FOUND', field: 'id' }],
        });
      });
    });

    describe('authenticating a signed call', () => {
      it("gives the principal of the certificate's registration, as an API key's, whatever the fingerprint's spelling", async () => {
        const made = await register();
        if (!made.ok) throw new Error(made.error[0].message);
        const principal = {
          role: 'company',
          enterprise: company,
          keyId: `cert:${made.value.id}`,
          name: 'Bouw NV planning',
        };
        const now = registry.clock.now();
        expect(await authenticateCertificate(deps, FINGERPRINT, now)).toStrictEqual(principal);
        const plain = FINGERPRINT.replace(/:/g, '').toLowerCase();
        expect(await authenticateCertificate(deps, plain, now)).toStrictEqual(principal);
      });

      it('gives nothing for a certificate not registered, or for what is no fingerprint', async () => {
        await register();
        const now = registry.clock.now();
        const other = new X509Certificate(OTHER_SENDER.certificatePem).fingerprint256;
        expect(await authenticateCertificate(deps, other, now)).toBeUndefined();
        for (const text of ['', 'sp_not-a-fingerprint', FINGERPRINT.slice(3)])
          expect(await authenticateCertificate(deps, text, now)).toBeUndefined();
      });

      it('gives nothing before the certificate is valid nor after it expired', async () => {
        registry.clock.set(from(NOT_BEFORE, -86_400_000));
        await register();
        const at = (moment: string) => authenticateCertificate(deps, FINGERPRINT, new Date(moment));
        expect(await at(from(NOT_BEFORE, -1))).toBeUndefined();
        expect(await at(NOT_BEFORE)).toBeDefined();
        expect(await at(NOT_AFTER)).toBeDefined();
        expect(await at(from(NOT_AFTER, 1))).toBeUndefined();
      });

      it("lets a provider's certificate register for the companies that mandated it, and for no other", async () => {
        const mandating = await registry.newCompany();
        const stranger = await registry.newCompany();
        const provider = registry.newEnterprise();
        const mandate = await mandating.post('/api/v1/mandates', { provider });
        expect(mandate.status).toBe(201);
        const ours = await registry.newWorkplace(mandating);
        const theirs = await registry.newWorkplace(stranger);
        await register({ role: 'provider', enterprise: provider, name: 'Track & Trace' });
        const principal = await authenticateCertificate(deps, FINGERPRINT, registry.clock.now());
        if (principal === undefined) throw new Error('the certificate was not authenticated');

        /** A presence today at the workplace, for a new worker of the employer. */
        const item = (workplaceId: string, employer: string): PresenceRequestInput => ({
          workplaceId,
          registrationDate: registry.today(),
          worker: { niss: registry.newNiss() },
          employer,
        });
        const registered = await registerPresences(deps, principal, {
          channel: 'WEB_SERVICE',
          presences: [item(ours.id, mandating.enterprise), item(theirs.id, stranger.enterprise)],
        });
        expect(registered.ok && registered.value.map((r) => r.status)).toStrictEqual([
          'REGISTERED',
          'REJECTED',
        ]);
        expect(registered.ok && registered.value[0]).toMatchObject({
          presence: { sender: { role: 'provider', enterprise: provider } },
        });
      });
    });
  });
}
