import { createHash } from 'node:crypto';
import { sealAuditEntries, type AuditEntry, type AuditHead, type AuditRecord } from '../domain/audit.js';

/** SHA-256 in hexadecimal: the hash of the audit chain. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Seals entries after a chain's head with SHA-256: what the store calls when it appends, on whichever thread
 * makes the write (the use cases pass it; SQLite's writer thread, which cannot be passed a function, imports it).
 */
export function sealWithSha256(
  head: AuditHead,
  entries: readonly AuditEntry[],
  chain?: string,
): AuditRecord[] {
  return sealAuditEntries(head, entries, sha256, chain);
}
