import type pg from 'pg';
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
import { changeNotice, CHANGES_CHANNEL, type PostgresChangeFeed } from './postgres-change-feed.js';
import { inTransaction, iso } from './postgres-pool.js';

interface WorkplaceRow {
  id: string;
  name: string;
  street: string;
  postal_code: string;
  city: string;
  declarant: string;
  start_date: string;
  end_date: string;
  permanently_without_infrastructure: boolean;
  created_at: Date;
}

const WORKPLACE_WITH_LINKS = `
  SELECT w.*, COALESCE(
    (SELECT json_agg(json_build_object('enterprise', l.enterprise, 'parent', l.parent)
                     ORDER BY l.created_at, l.enterprise, l.parent)
       FROM contractor_links l WHERE l.workplace_id = w.id), '[]') AS links
  FROM workplaces w`;

/** Workplaces and their contractor chains in PostgreSQL; reads of a workplace are cached, exactly. */
export class PostgresWorkplaceRepository implements WorkplaceRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly feed: PostgresChangeFeed,
  ) {}

  async create(workplace: Workplace): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        `INSERT INTO workplaces (id, name, street, postal_code, city, declarant, start_date, end_date,
           permanently_without_infrastructure, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
        [
          workplace.id,
          workplace.name,
          workplace.address.street,
          workplace.address.postalCode,
          workplace.address.city,
          workplace.declarant,
          workplace.startDate,
          workplace.endDate,
          workplace.permanentlyWithoutInfrastructure,
          workplace.createdAt,
        ],
      );
      if (rowCount !== 1) return false;
      await client.query(
        'INSERT INTO workplace_access (workplace_id, viewer, employer) VALUES ($1, $2, $2)',
        [workplace.id, workplace.declarant],
      );
      return true;
    });
  }

  async get(id: WorkplaceId): Promise<WorkplaceWithChain | undefined> {
    const { cache } = this.feed;
    if (this.feed.usable) {
      const cached = cache.lookup('workplaces', id) as WorkplaceWithChain | undefined;
      if (cached !== undefined) return cached;
    }
    const generation = cache.generation;
    const found = await this.read(this.pool, id);
    if (found !== undefined && this.feed.usable) cache.remember('workplaces', id, found, generation);
    return found;
  }

  getCurrent(id: WorkplaceId): Promise<WorkplaceWithChain | undefined> {
    return this.read(this.pool, id);
  }

  private async read(
    client: pg.Pool | pg.PoolClient,
    id: WorkplaceId,
  ): Promise<WorkplaceWithChain | undefined> {
    const { rows } = await client.query<WorkplaceRow & { links: ContractorLink[] }>(
      `${WORKPLACE_WITH_LINKS} WHERE w.id = $1`,
      [id],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const workplace = toWorkplace(row);
    return { workplace, chain: { declarant: workplace.declarant, links: row.links } };
  }

  async list(parties: readonly EnterpriseNumber[] | 'ALL'): Promise<Workplace[]> {
    const { rows } =
      parties === 'ALL'
        ? await this.pool.query<WorkplaceRow>('SELECT * FROM workplaces ORDER BY id')
        : await this.pool.query<WorkplaceRow>(
            `SELECT * FROM workplaces WHERE id IN (SELECT workplace_id FROM workplace_access WHERE viewer = ANY($1::text[]))
             ORDER BY id`,
            [parties],
          );
    return rows.map(toWorkplace);
  }

  async changeChain(
    id: WorkplaceId,
    at: string,
    change: ChainChange,
    access: (chain: ContractorChain) => ChainAccess[],
  ): Promise<ReturnType<ChainChange> | undefined> {
    const result = await inTransaction(this.pool, async (client) => {
      // Concurrent changes of one chain happen one after the other: each first locks the workplace's row. The chain
      // is read after the lock, in a statement of its own: under READ COMMITTED a statement that waited for the
      // lock would still see the links as they were when it began, before the change it waited for.
      if (!(await lockWorkplace(client, id))) return undefined;
      const current = await this.read(client, id);
      if (current === undefined) return undefined;
      const changed = change(current.chain);
      if (!changed.ok || !changed.value.added) return changed;
      const { link } = changed.value;
      await client.query(
        'INSERT INTO contractor_links (workplace_id, enterprise, parent, created_at) VALUES ($1, $2, $3, $4)',
        [id, link.enterprise, link.parent, at],
      );
      await writeAccess(client, id, access(changed.value.chain));
      // The registrations of the company just linked are checked again: one's check may have found (or be finding)
      // it outside the chain.
      await client.query(
        `UPDATE presences SET validation_due = validation_due + 1
          WHERE workplace_id = $1 AND employer = $2 AND status = 'REGISTERED'`,
        [id, link.enterprise],
      );
      await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, changeNotice('workplaces', id)]);
      return changed;
    });
    if (result?.ok === true && result.value.added) this.feed.invalidate(changeNotice('workplaces', id));
    return result;
  }

  async accessOf(id: WorkplaceId): Promise<ChainAccess[]> {
    const { rows } = await this.pool.query<ChainAccess>(
      'SELECT viewer, employer FROM workplace_access WHERE workplace_id = $1 ORDER BY viewer, employer',
      [id],
    );
    return rows;
  }

  async repairAccess(
    access: (chain: ContractorChain) => ChainAccess[],
    apply: boolean,
  ): Promise<AccessRepairReport> {
    const { rows } = await this.pool.query<{ id: WorkplaceId }>('SELECT id FROM workplaces ORDER BY id');
    const differing: AccessDifference[] = [];
    for (const { id } of rows) {
      const difference = await inTransaction(this.pool, async (client) => {
        // The same lock as a change of the chain, then the chain and the index read after it.
        if (!(await lockWorkplace(client, id))) return undefined;
        const current = await this.read(client, id);
        if (current === undefined) return undefined;
        const { rows: stored } = await client.query<ChainAccess>(
          'SELECT viewer, employer FROM workplace_access WHERE workplace_id = $1',
          [id],
        );
        const expected = access(current.chain);
        const { missing, extra } = compareChainAccess(expected, stored);
        if (missing === 0 && extra === 0) return undefined;
        if (apply) await writeAccess(client, id, expected);
        return { workplaceId: id, missing, extra };
      });
      if (difference !== undefined) differing.push(difference);
    }
    return { workplaces: rows.length, differing };
  }
}

/** Locks a workplace's row until the transaction ends, the lock every change of its chain takes; false when none. */
async function lockWorkplace(client: pg.PoolClient, id: WorkplaceId): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM workplaces WHERE id = $1 FOR UPDATE', [id]);
  return rowCount === 1;
}

/** Replaces a workplace's rows of the search index. */
async function writeAccess(
  client: pg.PoolClient,
  id: WorkplaceId,
  pairs: readonly ChainAccess[],
): Promise<void> {
  await client.query('DELETE FROM workplace_access WHERE workplace_id = $1', [id]);
  await client.query(
    `INSERT INTO workplace_access (workplace_id, viewer, employer)
     SELECT $1, viewer, employer FROM unnest($2::text[], $3::text[]) AS t (viewer, employer)`,
    [id, pairs.map((p) => p.viewer), pairs.map((p) => p.employer)],
  );
}

function toWorkplace(row: WorkplaceRow): Workplace {
  return {
    id: row.id as WorkplaceId,
    name: row.name,
    address: { street: row.street, postalCode: row.postal_code, city: row.city },
    declarant: row.declarant as EnterpriseNumber,
    startDate: row.start_date as CalendarDate,
    endDate: row.end_date as CalendarDate,
    permanentlyWithoutInfrastructure: row.permanently_without_infrastructure,
    createdAt: iso(row.created_at),
  };
}
