import type { CalendarDate } from '../domain/calendar-date.js';
import type { ApiKeyRepository } from './api-key-repository.js';
import type { AuditRepository } from './audit-repository.js';
import type { BackupReport } from './backup-report.js';
import type { AvailabilityRepository } from './availability-repository.js';
import type { MandateRepository } from './mandate-repository.js';
import type { DeclarationRepository } from './declaration-repository.js';
import type { PresenceRepository } from './presence-repository.js';
import type { UpstreamRepository } from './upstream-repository.js';
import type { ValidationRepository } from './validation-repository.js';
import type { MaintenanceReport } from './maintenance-report.js';
import type { PurgeReport } from './purge-report.js';
import type { WorkplaceRepository } from './workplace-repository.js';
import type { IncidentRepository } from './incident-repository.js';
import type { PaperListingRepository } from './paper-listing-repository.js';
import type { ReferenceRepository } from './reference-repository.js';
import type { RosterRepository } from './roster-repository.js';
import type { SenderCertificateRepository } from './sender-certificate-repository.js';
import type { SessionRepository, UserRepository } from './user-repository.js';

/**
 * The storage port. One adapter per database technology implements it (`sqlite/`, `postgres/`); the
 * application never imports an adapter, only this interface.
 */
export interface Store {
  /** Checks that the database answers (the status call, a load balancer's health check); throws when not. */
  ping(): Promise<void>;
  readonly presences: PresenceRepository;
  /** The checks of presences after their acknowledgement, and which are due. */
  readonly validations: ValidationRepository;
  /** The reference registers the checks read: employment and Limosa declarations. */
  readonly declarations: DeclarationRepository;
  /** A relay's outbox towards the official registry, what came back from it, and its availability journal. */
  readonly upstream: UpstreamRepository;
  readonly workplaces: WorkplaceRepository;
  readonly apiKeys: ApiKeyRepository;
  /** The X.509 certificates of the web service's senders, each for a company or a provider. */
  readonly senderCertificates: SenderCertificateRepository;
  readonly mandates: MandateRepository;
  readonly availability: AvailabilityRepository;
  readonly incidents: IncidentRepository;
  readonly references: ReferenceRepository;
  readonly rosters: RosterRepository;
  readonly paperListings: PaperListingRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly audit: AuditRepository;
  /**
   * Prepares the storage for the days ahead of `today` (PostgreSQL: creates the monthly partitions); reports
   * what it created and what it left for a later run. Run at start and every few hours; safe to run from several
   * instances at once.
   */
  maintain(today: CalendarDate): Promise<MaintenanceReport>;
  /**
   * Removes the presences registered before a day (with their clientReferences), or on a dry run says what it
   * would remove. PostgreSQL drops whole monthly partitions, so a month straddling the day is kept whole.
   */
  purge(before: CalendarDate, apply: boolean): Promise<PurgeReport>;
  /**
   * Copies the whole database to a new file while it serves (SQLite's online backup), and checks the copy's
   * integrity; PostgreSQL says how to back it up instead (`pg_dump`).
   */
  backup(file: string): Promise<BackupReport>;
  /** Finishes pending writes and closes the database. */
  close(): Promise<void>;
}
