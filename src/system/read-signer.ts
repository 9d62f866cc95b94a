import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../config.js';
import type { SoapSigner } from '../soap/ws-security-sign.js';

/**
 * Reads the sender's certificate and private key (PEM files) for signing the upstream calls. The key file must be
 * readable by its owner only (no access for the group or others, as `ssh` asks of a private key): a key anyone
 * on the machine can read signs for the company in law. Throws a `ConfigError` that says what to fix.
 */
export function readSigner(files: {
  readonly certificateFile: string;
  readonly privateKeyFile: string;
}): SoapSigner {
  for (const file of [files.privateKeyFile, files.certificateFile]) {
    let mode: number;
    try {
      mode = statSync(file).mode & 0o777;
    } catch (error) {
      throw new ConfigError(
        `${file} cannot be read (${(error as Error).message}): UPSTREAM_CERT and UPSTREAM_KEY name PEM files.`,
      );
    }
    if ((mode & 0o077) !== 0) {
      throw new ConfigError(
        `${file} can be read by others than its owner (mode ${mode.toString(8)}): chmod 600 ${file}, then start again.`,
      );
    }
  }
  return {
    certificatePem: readFileSync(files.certificateFile, 'utf8'),
    privateKeyPem: readFileSync(files.privateKeyFile, 'utf8'),
  };
}
