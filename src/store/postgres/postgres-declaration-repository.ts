import type pg from 'pg';
import type {
  Declaration,
  EmploymentDeclaration,
  LimosaDeclaration,
  RegisterKind,
} from '../../domain/declarations.js';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import { firstRecheckedDay } from '../../domain/validation.js';
import type { LimosaId } from '../../domain/limosa-id.js';
import { DECLARATION_TABLES, employmentOf, limosaOf, type DeclarationRow } from '../declaration-row.js';
import type { Niss } from '../../domain/niss.js';
import type {
  DeclarationRepository,
  LoadCounts,
  LoadMode,
  RegisterState,
} from '../declaration-repository.js';
import { inTransaction, iso, sqlState } from './postgres-pool.js';

/** A key for `pg_advisory_xact_lock`, plus the register's index: two loads of one register run one after the other. */
const LOAD_LOCK = 74_202_000;
/** A load that met a deadlock (with the checks recording their outcomes) is run again, at most this many times. */
const MOST_LOAD_ATTEMPTS = 4;

/** The reference registers in PostgreSQL; a load is one transaction. */
export class PostgresDeclarationRepository implements DeclarationRepository {
  constructor(private readonly pool: pg.Pool) {}

  async load(
    register: RegisterKind,
    declarations: readonly Declaration[],
    mode: LoadMode,
    at: string,
  ): Promise<LoadCounts> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await inTransaction(this.pool, (client) =>
          loadRegister(client, register, declarations, mode, at),
        );
      } catch (error) {
        if (attempt >= MOST_LOAD_ATTEMPTS || !['40P01', '40001'].includes(sqlState(error) ?? '')) throw error;
      }
    }
  }

  async state(): Promise<RegisterState[]> {
    const { rows } = await this.pool.query<{
      register: RegisterKind;
      lines: number;
      loaded_at: Date | null;
      mode: LoadMode | null;
      loaded_lines: number | null;
    }>(
      `SELECT r.register, r.lines, l.loaded_at, l.mode, l.lines AS loaded_lines FROM (
         SELECT 'employment' AS register, (SELECT count(*)::int FROM employment_declarations) AS lines
         UNION ALL SELECT 'limosa', (SELECT count(*)::int FROM limosa_declarations)
       ) r LEFT JOIN register_loads l ON l.register = r.register ORDER BY r.register`,
    );
    return rows.map((row) => ({
      register: row.register,
      lines: row.lines,
      ...(row.loaded_at === null || row.mode === null || row.loaded_lines === null
        ? {}
        : { lastLoad: { at: iso(row.loaded_at), mode: row.mode, lines: row.loaded_lines } }),
    }));
  }

  async employment(employer: EnterpriseNumber, worker: Niss): Promise<EmploymentDeclaration[] | undefined> {
    const rows = await this.read(
      'employment',
      'declarations-employment',
      'SELECT employer, worker, from_date, to_date FROM employment_declarations WHERE employer = $1 AND worker = $2 ORDER BY from_date',
      [employer, worker],
    );
    return rows?.map(employmentOf);
  }

  async limosaById(limosaId: LimosaId): Promise<LimosaDeclaration[] | undefined> {
    const rows = await this.read(
      'limosa',
      'declarations-limosa-id',
      'SELECT limosa_id, worker, from_date, to_date FROM limosa_declarations WHERE limosa_id = $1',
      [limosaId],
    );
    return rows?.map(limosaOf);
  }

  async limosaOfWorker(worker: Niss): Promise<LimosaDeclaration[] | undefined> {
    const rows = await this.read(
      'limosa',
      'declarations-limosa-worker',
      'SELECT limosa_id, worker, from_date, to_date FROM limosa_declarations WHERE worker = $1 ORDER BY from_date',
      [worker],
    );
    return rows?.map(limosaOf);
  }

  /** The lines a query finds, with whether the register was ever loaded, in one round trip. */
  private async read(
    register: RegisterKind,
    name: string,
    text: string,
    values: unknown[],
  ): Promise<DeclarationRow[] | undefined> {
    const { rows } = await this.pool.query<DeclarationRow & { loaded: boolean }>({
      name,
      text: `SELECT d.*, true AS loaded FROM (${text}) d
             UNION ALL SELECT NULL, NULL, NULL, NULL, false WHERE NOT EXISTS
               (SELECT 1 FROM register_loads WHERE register = '${register}')`,
      values,
    });
    if (rows.some((row) => !row.loaded)) return undefined;
    return rows;
  }
}

/** One load, in its transaction: as SQLite's (sqlite-declaration-repository.ts), statement for statement. */
async function loadRegister(
  client: pg.PoolClient,
  register: RegisterKind,
  declarations: readonly Declaration[],
  mode: LoadMode,
  at: string,
): Promise<LoadCounts> {
  const { table, key } = DECLARATION_TABLES[register];
  await client.query('SELECT pg_advisory_xact_lock($1)', [LOAD_LOCK + (register === 'employment' ? 0 : 1)]);
  const first = await client.query('SELECT 1 FROM register_loads WHERE register = $1', [register]);
  const firstLoad = first.rowCount === 0;
  await client.query(
    `CREATE TEMP TABLE incoming (employer text, limosa_id text, worker text NOT NULL, from_date date NOT NULL,
       to_date date) ON COMMIT DROP;
     CREATE TEMP TABLE touched (kind text, id text, PRIMARY KEY (kind, id)) ON COMMIT DROP`,
  );
  await client.query(
    `INSERT INTO incoming (employer, limosa_id, worker, from_date, to_date)
     SELECT employer, limosa_id, worker, from_date, to_date
       FROM jsonb_to_recordset($1::jsonb) AS i (employer text, limosa_id text, worker text, from_date date, to_date date)`,
    [
      JSON.stringify(
        declarations.map((d) => ({
          employer: d.register === 'employment' ? d.employer : null,
          limosa_id: d.register === 'limosa' ? d.limosaId : null,
          worker: d.worker,
          from_date: d.from,
          to_date: d.to ?? null,
        })),
      ),
    ],
  );
  const on = key.map((c) => `r.${c} = i.${c}`).join(' AND ');
  const same =
    'r.worker = i.worker AND r.from_date = i.from_date AND r.to_date IS NOT DISTINCT FROM i.to_date';
  const count = async (sql: string): Promise<number> =>
    (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`)).rows[0]?.n ?? 0;
  const added = await count(
    `SELECT 1 FROM incoming i WHERE NOT EXISTS (SELECT 1 FROM ${table} r WHERE ${on})`,
  );
  const changed = await count(`SELECT 1 FROM incoming i JOIN ${table} r ON ${on} WHERE NOT (${same})`);
  const unchanged = declarations.length - added - changed;
  const ids = register === 'limosa' ? ['worker', 'limosa_id'] : ['worker'];
  const touch = async (select: string): Promise<void> => {
    await client.query(
      `INSERT INTO touched (kind, id) SELECT 'NISS', worker FROM (${select}) s ON CONFLICT DO NOTHING`,
    );
    if (register === 'limosa') {
      await client.query(
        `INSERT INTO touched (kind, id) SELECT 'LIMOSA', limosa_id FROM (${select}) s ON CONFLICT DO NOTHING`,
      );
    }
  };
  await touch(
    `SELECT ${ids.map((c) => `i.${c}`).join(', ')} FROM incoming i
      WHERE NOT EXISTS (SELECT 1 FROM ${table} r WHERE ${on} AND ${same})`,
  );
  await touch(
    `SELECT ${ids.map((c) => `r.${c}`).join(', ')} FROM ${table} r JOIN incoming i ON ${on} WHERE NOT (${same})`,
  );
  let removed = 0;
  if (mode === 'replace') {
    const gone = `SELECT ${ids.map((c) => `r.${c}`).join(', ')} FROM ${table} r
                   WHERE NOT EXISTS (SELECT 1 FROM incoming i WHERE ${on})`;
    removed = await count(gone);
    await touch(gone);
    await client.query(`DELETE FROM ${table} r WHERE NOT EXISTS (SELECT 1 FROM incoming i WHERE ${on})`);
  }
  const columns = register === 'employment' ? 'employer, worker' : 'limosa_id, worker';
  await client.query(
    `INSERT INTO ${table} AS r (${columns}, from_date, to_date, loaded_at)
     SELECT ${columns}, from_date, to_date, $1 FROM incoming
     ON CONFLICT (${key.join(', ')}) DO UPDATE SET worker = excluded.worker, from_date = excluded.from_date,
       to_date = excluded.to_date, loaded_at = excluded.loaded_at
     WHERE NOT (r.worker = excluded.worker AND r.from_date = excluded.from_date
                AND r.to_date IS NOT DISTINCT FROM excluded.to_date)`,
    [at],
  );
  const since = firstRecheckedDay(at);
  const bumped = firstLoad
    ? await client.query(
        `UPDATE presences SET validation_due = validation_due + 1
          WHERE status = 'REGISTERED' AND registration_date >= $1`,
        [since],
      )
    : await client.query(
        `UPDATE presences SET validation_due = validation_due + 1
          WHERE status = 'REGISTERED' AND registration_date >= $1
            AND (worker_kind, worker_id) IN (SELECT kind, id FROM touched)`,
        [since],
      );
  await client.query(
    `INSERT INTO register_loads (register, loaded_at, mode, lines) VALUES ($1, $2, $3, $4)
     ON CONFLICT (register) DO UPDATE SET loaded_at = excluded.loaded_at, mode = excluded.mode, lines = excluded.lines`,
    [register, at, mode, declarations.length],
  );
  return { added, changed, unchanged, removed, presencesToCheck: bumped.rowCount ?? 0 };
}
