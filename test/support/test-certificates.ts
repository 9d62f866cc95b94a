import { readFileSync } from 'node:fs';

/** A test signer: a PEM private key and its self-signed PEM certificate (test/fixtures/soap, test-only). */
export interface TestCertificate {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

const FIXTURES = new URL('../fixtures/soap/', import.meta.url);

function fixture(name: string): TestCertificate {
  return {
    privateKeyPem: readFileSync(new URL(`${name}.key.pem`, FIXTURES), 'utf8'),
    certificatePem: readFileSync(new URL(`${name}.cert.pem`, FIXTURES), 'utf8'),
  };
}

/** "sitepresence test sender": RSA-2048, valid from 2020 to 2120. */
export const TEST_SENDER = fixture('sender');

/** An unrelated sender: RSA-2048, valid from 2020 to 2120. */
export const OTHER_SENDER = fixture('other-sender');

/** A sender whose certificate was valid during 2020 only. */
export const EXPIRED_SENDER = fixture('expired-sender');

/** A sender with an RSA key too short to be accepted (1024 bits), valid from 2020 to 2120. */
export const WEAK_SENDER = fixture('weak-sender');
