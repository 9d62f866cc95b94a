import { describe, expect, it } from 'vitest';
import {
  checkRegistrable,
  parseCertificateHolder,
  parseFingerprint256,
  validAt,
  type CertificateFacts,
  type CertificateKey,
  type Fingerprint256,
} from './sender-certificate.js';

const HEX = '23A26D016E62361D592031B3E1F55C10DFCDD4D23C5E8AABCDF82E1EA69F8683';
const CANONICAL = HEX.match(/../g)!.join(':');

describe('parseFingerprint256', () => {
  it('writes a fingerprint the way node does, whatever the case and separators it came with', () => {
    for (const raw of [CANONICAL, HEX, HEX.toLowerCase(), ` ${CANONICAL.toLowerCase()} `])
      expect(parseFingerprint256(raw)).toEqual({ ok: true, value: CANONICAL });
  });

  it('refuses what is not 32 bytes of hexadecimal', () => {
    for (const raw of ['', HEX.slice(2), `${HEX}00`, HEX.replace('A', 'G'), 'sha256:abc'])
      expect(parseFingerprint256(raw)).toMatchObject({ ok: false, error: { code: 'FIELD_FORMAT' } });
  });
});

describe('parseCertificateHolder', () => {
  it('takes a company or a provider with its enterprise number', () => {
    expect(parseCertificateHolder({ role: 'provider', enterprise: '0403.019.261' })).toEqual({
      ok: true,
      value: { role: 'provider', enterprise: '0403019261' },
    });
  });

  it.each(['agent', 'inspector', 'admin', 'king'])(
    'refuses a %s: only the roles that register presences send through the web service',
    (role) => {
      expect(parseCertificateHolder({ role, enterprise: '0403019261' })).toMatchObject({
        ok: false,
        error: { code: 'FIELD_VALUE', field: 'role' },
      });
    },
  );

  it('refuses a missing or wrong enterprise number, naming the field', () => {
    expect(parseCertificateHolder({ role: 'company' })).toMatchObject({
      ok: false,
      error: { code: 'ENTERPRISE_REQUIRED_FOR_ROLE', field: 'enterprise' },
    });
    expect(parseCertificateHolder({ role: 'company', enterprise: '0403019262' })).toMatchObject({
      ok: false,
      error: { code: 'ENTERPRISE_NUMBER_CHECK_DIGITS', field: 'enterprise' },
    });
  });
});

describe('checkRegistrable', () => {
  const now = new Date('2027-01-04T08:00:00Z');
  const facts = (key: CertificateKey, notAfter = '2030-01-01T00:00:00Z'): CertificateFacts => ({
    fingerprint256: CANONICAL as Fingerprint256,
    subject: 'CN=sender',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date(notAfter),
    key,
  });
  const code = (f: CertificateFacts) => {
    const checked = checkRegistrable(f, now);
    return checked.ok ? 'OK' : checked.error.code;
  };

  it('takes RSA keys of 2048 bits and more, curves of 256 bits and more, and EdDSA', () => {
    for (const key of [
      { type: 'rsa', bits: 2048 },
      { type: 'rsa-pss', bits: 4096 },
      { type: 'ec', bits: 256 },
      { type: 'ec', bits: 384 },
      { type: 'ed25519' },
    ])
      expect(code(facts(key))).toBe('OK');
  });

  it('refuses shorter RSA keys, smaller or unknown curves, and keys that cannot sign', () => {
    for (const key of [
      { type: 'rsa', bits: 1024 },
      { type: 'rsa', bits: 2047 },
      { type: 'rsa' },
      { type: 'dsa', bits: 1024 },
      { type: 'ec', bits: 224 },
      { type: 'ec' },
      { type: 'x25519' },
    ])
      expect(code(facts(key))).toBe('CERTIFICATE_KEY_TOO_WEAK');
  });

  it('refuses a certificate past its end, and takes one whose end is this very moment', () => {
    expect(code(facts({ type: 'rsa', bits: 2048 }, '2027-01-04T07:59:59.999Z'))).toBe('CERTIFICATE_EXPIRED');
    expect(code(facts({ type: 'rsa', bits: 2048 }, '2027-01-04T08:00:00Z'))).toBe('OK');
  });
});

describe('validAt', () => {
  const certificate = { notBefore: '2026-12-07T15:13:21.000Z', notAfter: '2126-12-08T15:13:21.000Z' };

  it('holds from the first moment to the last, both included, and not outside', () => {
    expect(validAt(certificate, new Date('2026-12-07T15:13:20.999Z'))).toBe(false);
    expect(validAt(certificate, new Date('2026-12-07T15:13:21.000Z'))).toBe(true);
    expect(validAt(certificate, new Date('2126-12-08T15:13:21.000Z'))).toBe(true);
    expect(validAt(certificate, new Date('2126-12-08T15:13:21.001Z'))).toBe(false);
  });
});
