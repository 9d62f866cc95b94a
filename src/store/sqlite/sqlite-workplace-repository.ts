import type { Database, Statement } from 'better-sqlite3';
import type { CalendarDate } from '../../domain/calendar-date.js';
import {
  compareChainAccess,
  type ChainAccess,
  type ContractorChain,
  type ContractorLink,
} from '../../domain/contractor-chain.js';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Workplace } from '../../domain/workplace.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type {
  AccessDifference,
  AccessRepairReport,
  ChainChange,
  WorkplaceRepository,
  WorkplaceWithChain,
} from '../workplace-repository.js';
import { isUniqueViolation } from './sqlite-errors.js';
import type { SqliteReadCache } from './read-cache.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';

interface WorkplaceRow {
  id: string;
  name: string;
  street: string;
  postal_code: string;
  city: string;
  declarant: string;
  start_date: string;
  end_date: string;
  permanently_without_infrastructure: number;
  created_at: string;
}

/** Workplaces and their contractor chains in SQLite. */
export class SqliteWorkplaceRepository implements WorkplaceRepository {
  private readonly insert: Statement;
  private readonly byId: Statement<[string], WorkplaceRow>;
  private readonly links: Statement<[string], ContractorLink>;
  private readonly insertLink: Statement<[string, string, string, string]>;
  private readonly clearAccess: Statement<[string]>;
  private readonly recheckEmployers: Statement<[string, string]>;
  private readonly insertAccess: Statement<[string, string, string]>;
  private readonly all: Statement<[], WorkplaceRow>;
  private readonly access: Statement<[string], ChainAccess>;
  private readonly forParties: Statement<[string], WorkplaceRow>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
    private readonly cache: SqliteReadCache,
  ) {
    this.insert = db.prepare(
      `INSERT INTO workplaces (id, name, street, postal_code, city, declarant, start_date, end_date,
         permanently_without_infrastructure, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byId = db.prepare('SELECT * FROM workplaces WHERE id = ?');
    this.links = db.prepare(
      'SELECT enterprise, parent FROM contractor_links WHERE workplace_id = ? ORDER BY created_at, enterprise, parent',
    );
    this.insertLink = db.prepare(
      'INSERT INTO contractor_links (workplace_id, enterprise, parent, created_at) VALUES (?, ?, ?, ?)',
    );
    this.clearAccess = db.prepare('DELETE FROM workplace_access WHERE workplace_id = ?');
    // The registrations of the company just linked are checked again: one's check may have found (or be finding)
    // it outside the chain.
    this.recheckEmployers = db.prepare(
      `UPDATE presences SET validation_due = validation_due + 1
        WHERE workplace_id = ? AND employer = ? AND status = 'REGISTERED'`,
    );
    this.insertAccess = db.prepare(
      'INSERT INTO workplace_access (workplace_id, viewer, employer) VALUES (?, ?, ?)',
    );
    this.all = db.prepare('SELECT * FROM workplaces ORDER BY id');
    this.access = db.prepare(
      'SELECT viewer, employer FROM workplace_access WHERE workplace_id = ? ORDER BY viewer, employer',
    );
    this.forParties = db.prepare(
      `SELECT * FROM workplaces WHERE id IN (
         SELECT workplace_id FROM workplace_access WHERE viewer IN (SELECT value FROM json_each(?)))
       ORDER BY id`,
    );
  }

  create(workplace: Workplace): Promise<boolean> {
    return this.writes.run(() => {
      try {
        this.insert.run(
          workplace.id,
          workplace.name,
          workplace.address.street,
          workplace.address.postalCode,
          workplace.address.city,
          workplace.declarant,
          workplace.startDate,
          workplace.endDate,
          workplace.permanentlyWithoutInfrastructure ? 1 : 0,
          workplace.createdAt,
        );
      } catch (error) {
        if (isUniqueViolation(error, 'workplaces.id')) return false;
        throw error;
      }
      this.insertAccess.run(workplace.id, workplace.declarant, workplace.declarant);
      return true;
    });
  }

  get(id: WorkplaceId): Promise<WorkplaceWithChain | undefined> {
    return Promise.resolve(this.cache.get('workplaces', id, () => this.read(id)));
  }

  getCurrent(id: WorkplaceId): Promise<WorkplaceWithChain | undefined> {
    return Promise.resolve(this.read(id));
  }

  private read(id: WorkplaceId): WorkplaceWithChain | undefined {
    const row = this.byId.get(id);
    if (row === undefined) return undefined;
    const workplace = toWorkplace(row);
    return { workplace, chain: { declarant: workplace.declarant, links: this.links.all(id) } };
  }

  list(parties: readonly EnterpriseNumber[] | 'ALL'): Promise<Workplace[]> {
    const rows = parties === 'ALL' ? this.all.all() : this.forParties.all(JSON.stringify(parties));
    return Promise.resolve(rows.map(toWorkplace));
  }

  changeChain(
    id: WorkplaceId,
    at: string,
    change: ChainChange,
    access: (chain: ContractorChain) => ChainAccess[],
  ): Promise<ReturnType<ChainChange> | undefined> {
    return this.writes.run(() => {
      const current = this.read(id);
      if (current === undefined) return undefined;
      const result = change(current.chain);
      if (!result.ok || !result.value.added) return result;
      const { link } = result.value;
      this.cache.invalidate('workplaces', id);
      this.insertLink.run(id, link.enterprise, link.parent, at);
      this.writeAccess(id, access(result.value.chain));
      this.recheckEmployers.run(id, link.enterprise);
      return result;
    });
  }

  accessOf(id: WorkplaceId): Promise<ChainAccess[]> {
    return Promise.resolve(this.access.all(id));
  }

  repairAccess(
    access: (chain: ContractorChain) => ChainAccess[],
    apply: boolean,
  ): Promise<AccessRepairReport> {
    return this.writes.run(() => {
      const ids = this.all.all().map((row) => row.id as WorkplaceId);
      const differing: AccessDifference[] = [];
      for (const id of ids) {
        const current = this.read(id);
        if (current === undefined) continue;
        const expected = access(current.chain);
        const { missing, extra } = compareChainAccess(expected, this.access.all(id));
        if (missing === 0 && extra === 0) continue;
        differing.push({ workplaceId: id, missing, extra });
        if (apply) this.writeAccess(id, expected);
      }
      return { workplaces: ids.length, differing };
    });
  }

  private writeAccess(id: WorkplaceId, pairs: readonly ChainAccess[]): void {
    this.clearAccess.run(id);
    for (const pair of pairs) this.insertAccess.run(id, pair.viewer, pair.employer);
  }
}

function toWorkplace(row: WorkplaceRow): Workplace {
  return {
    id: row.id as WorkplaceId,
    name: row.name,
    address: { street: row.street, postalCode: row.postal_code, city: row.city },
    declarant: row.declarant as EnterpriseNumber,
    startDate: row.start_date as CalendarDate,
    endDate: row.end_date as CalendarDate,
    permanentlyWithoutInfrastructure: row.permanently_without_infrastructure === 1,
    createdAt: row.created_at,
  };
}
