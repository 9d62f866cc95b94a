import type { Database, Statement } from 'better-sqlite3';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { CertificateRole, Fingerprint256 } from '../../domain/sender-certificate.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';
import type {
  CertificateCreation,
  SenderCertificateRecord,
  SenderCertificateRepository,
} from '../sender-certificate-repository.js';
import type { SqliteReadCache } from './read-cache.js';

interface SenderCertificateRow {
  id: string;
  fingerprint256: string;
  subject: string;
  not_before: string;
  not_after: string;
  role: CertificateRole;
  enterprise: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
}

/** The cache namespace of the lookups by fingerprint. */
const CACHED = 'sender-certificates';

/** Senders' certificates in SQLite; the lookup by fingerprint is cached, as API keys are. */
export class SqliteSenderCertificateRepository implements SenderCertificateRepository {
  private readonly insert: Statement<unknown[], SenderCertificateRow>;
  private readonly byFingerprint: Statement<[string], SenderCertificateRow>;
  private readonly byId: Statement<[string], SenderCertificateRow>;
  private readonly all: Statement<[], SenderCertificateRow>;
  private readonly markRevoked: Statement<[string, string]>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
    private readonly cache: SqliteReadCache,
  ) {
    this.insert = db.prepare(
      `INSERT INTO sender_certificates
         (id, fingerprint256, subject, not_before, not_after, role, enterprise, name, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (fingerprint256) WHERE revoked_at IS NULL DO NOTHING
       RETURNING *`,
    );
    this.byFingerprint = db.prepare(
      'SELECT * FROM sender_certificates WHERE fingerprint256 = ? AND revoked_at IS NULL',
    );
    this.byId = db.prepare('SELECT * FROM sender_certificates WHERE id = ?');
    this.all = db.prepare('SELECT * FROM sender_certificates ORDER BY created_at, id');
    this.markRevoked = db.prepare(
      'UPDATE sender_certificates SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    );
  }

  create(certificate: SenderCertificateRecord): Promise<CertificateCreation> {
    return this.writes.run((): CertificateCreation => {
      const made = this.insert.get(
        certificate.id,
        certificate.fingerprint256,
        certificate.subject,
        certificate.notBefore,
        certificate.notAfter,
        certificate.role,
        certificate.enterprise,
        certificate.name,
        certificate.createdAt,
      );
      if (made !== undefined) return { kind: 'REGISTERED', certificate: toRecord(made) };
      const registered = this.byFingerprint.get(certificate.fingerprint256);
      if (registered === undefined) throw new Error('a certificate in the way vanished');
      return { kind: 'ALREADY_REGISTERED', certificate: toRecord(registered) };
    });
  }

  findByFingerprint(fingerprint256: Fingerprint256): Promise<SenderCertificateRecord | undefined> {
    return Promise.resolve(
      this.cache.get(CACHED, fingerprint256, () => {
        const row = this.byFingerprint.get(fingerprint256);
        return row === undefined ? undefined : toRecord(row);
      }),
    );
  }

  list(): Promise<SenderCertificateRecord[]> {
    return Promise.resolve(this.all.all().map(toRecord));
  }

  revoke(id: string, at: string): Promise<SenderCertificateRecord | undefined> {
    return this.writes.run(() => {
      this.markRevoked.run(at, id);
      this.cache.invalidate(CACHED);
      const row = this.byId.get(id);
      return row === undefined ? undefined : toRecord(row);
    });
  }
}

function toRecord(row: SenderCertificateRow): SenderCertificateRecord {
  return {
    id: row.id,
    fingerprint256: row.fingerprint256 as Fingerprint256,
    subject: row.subject,
    notBefore: row.not_before,
    notAfter: row.not_after,
    role: row.role,
    enterprise: row.enterprise as EnterpriseNumber,
    name: row.name,
    createdAt: row.created_at,
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
  };
}
