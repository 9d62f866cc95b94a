import type { Database, Statement } from 'better-sqlite3';
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
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';

/** The reference registers in SQLite; a load is one write of the group commit. */
export class SqliteDeclarationRepository implements DeclarationRepository {
  private readonly loaded: Statement<[string], number>;
  private readonly byEmployment: Statement<[string, string], DeclarationRow>;
  private readonly byLimosaId: Statement<[string], DeclarationRow>;
  private readonly byLimosaWorker: Statement<[string], DeclarationRow>;

  constructor(
    private readonly db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.loaded = db.prepare<[string], number>('SELECT 1 FROM register_loads WHERE register = ?').pluck();
    this.byEmployment = db.prepare(
      'SELECT employer, worker, from_date, to_date FROM employment_declarations WHERE employer = ? AND worker = ? ORDER BY from_date',
    );
    this.byLimosaId = db.prepare(
      'SELECT limosa_id, worker, from_date, to_date FROM limosa_declarations WHERE limosa_id = ?',
    );
    this.byLimosaWorker = db.prepare(
      'SELECT limosa_id, worker, from_date, to_date FROM limosa_declarations WHERE worker = ? ORDER BY from_date',
    );
  }

  load(
    register: RegisterKind,
    declarations: readonly Declaration[],
    mode: LoadMode,
    at: string,
  ): Promise<LoadCounts> {
    return this.writes.run(() => loadRegister(this.db, register, declarations, mode, at));
  }

  state(): Promise<RegisterState[]> {
    const loads = new Map(
      this.db
        .prepare<[], { register: RegisterKind; loaded_at: string; mode: LoadMode; lines: number }>(
          'SELECT register, loaded_at, mode, lines FROM register_loads',
        )
        .all()
        .map((row) => [row.register, row]),
    );
    return Promise.resolve(
      (Object.keys(DECLARATION_TABLES) as RegisterKind[]).map((register): RegisterState => {
        const lines =
          this.db
            .prepare<[], number>(`SELECT count(*) FROM ${DECLARATION_TABLES[register].table}`)
            .pluck()
            .get() ?? 0;
        const last = loads.get(register);
        return {
          register,
          lines,
          ...(last === undefined
            ? {}
            : {
                lastLoad: { at: new Date(last.loaded_at).toISOString(), mode: last.mode, lines: last.lines },
              }),
        };
      }),
    );
  }

  employment(employer: EnterpriseNumber, worker: Niss): Promise<EmploymentDeclaration[] | undefined> {
    if (this.loaded.get('employment') === undefined) return Promise.resolve(undefined);
    return Promise.resolve(this.byEmployment.all(employer, worker).map(employmentOf));
  }

  limosaById(limosaId: LimosaId): Promise<LimosaDeclaration[] | undefined> {
    if (this.loaded.get('limosa') === undefined) return Promise.resolve(undefined);
    return Promise.resolve(this.byLimosaId.all(limosaId).map(limosaOf));
  }

  limosaOfWorker(worker: Niss): Promise<LimosaDeclaration[] | undefined> {
    if (this.loaded.get('limosa') === undefined) return Promise.resolve(undefined);
    return Promise.resolve(this.byLimosaWorker.all(worker).map(limosaOf));
  }
}

/**
 * One load, inside the group commit's transaction: the lines go to a temporary table, compared with the register
 * (added, changed, unchanged, and with `replace` removed), the register is brought to it, and every registered
 * presence of a worker whose lines changed is marked due for a check — every registered presence on the first
 * load, which turns a register the checks knew nothing of into one they read.
 */
function loadRegister(
  db: Database,
  register: RegisterKind,
  declarations: readonly Declaration[],
  mode: LoadMode,
  at: string,
): LoadCounts {
  const { table, key } = DECLARATION_TABLES[register];
  const keyColumns = key.join(', ');
  const firstLoad = db.prepare('SELECT 1 FROM register_loads WHERE register = ?').get(register) === undefined;
  db.exec(`DROP TABLE IF EXISTS temp.incoming;
    CREATE TEMP TABLE incoming (employer TEXT, limosa_id TEXT, worker TEXT NOT NULL, from_date TEXT NOT NULL,
      to_date TEXT);`);
  const put = db.prepare(
    'INSERT INTO temp.incoming (employer, limosa_id, worker, from_date, to_date) VALUES (?, ?, ?, ?, ?)',
  );
  for (const d of declarations) {
    put.run(
      d.register === 'employment' ? d.employer : null,
      d.register === 'limosa' ? d.limosaId : null,
      d.worker,
      d.from,
      d.to ?? null,
    );
  }
  const on = key.map((c) => `r.${c} = i.${c}`).join(' AND ');
  const same = 'r.worker = i.worker AND r.from_date = i.from_date AND r.to_date IS i.to_date';
  const count = (sql: string): number => db.prepare<[], number>(sql).pluck().get() ?? 0;
  const added = count(
    `SELECT count(*) FROM temp.incoming i WHERE NOT EXISTS (SELECT 1 FROM ${table} r WHERE ${on})`,
  );
  const changed = count(`SELECT count(*) FROM temp.incoming i JOIN ${table} r ON ${on} WHERE NOT (${same})`);
  const unchanged = declarations.length - added - changed;
  // The workers whose presences a check must read again: those of lines added, changed (before and after) or
  // removed. A Limosa line concerns the worker by NISS and by Limosa-1 number.
  const idsOf = register === 'limosa' ? 'worker, limosa_id' : 'worker';
  db.exec(
    `DROP TABLE IF EXISTS temp.touched; CREATE TEMP TABLE touched (kind TEXT, id TEXT, PRIMARY KEY (kind, id));`,
  );
  const touch = (select: string): void => {
    db.exec(`INSERT OR IGNORE INTO temp.touched (kind, id) SELECT 'NISS', worker FROM (${select})`);
    if (register === 'limosa')
      db.exec(`INSERT OR IGNORE INTO temp.touched (kind, id) SELECT 'LIMOSA', limosa_id FROM (${select})`);
  };
  touch(
    `SELECT ${idsOf} FROM temp.incoming i WHERE NOT EXISTS (SELECT 1 FROM ${table} r WHERE ${on} AND ${same})`,
  );
  touch(
    `SELECT ${idsOf
      .split(', ')
      .map((c) => `r.${c}`)
      .join(', ')} FROM ${table} r JOIN temp.incoming i ON ${on} WHERE NOT (${same})`,
  );
  let removed = 0;
  if (mode === 'replace') {
    const gone = `SELECT ${idsOf} FROM ${table} r WHERE NOT EXISTS (SELECT 1 FROM temp.incoming i WHERE ${on})`;
    removed = count(`SELECT count(*) FROM (${gone})`);
    touch(gone);
    db.exec(`DELETE FROM ${table} AS r WHERE NOT EXISTS (SELECT 1 FROM temp.incoming i WHERE ${on})`);
  }
  const columns = register === 'employment' ? 'employer, worker' : 'limosa_id, worker';
  db.prepare(
    `INSERT INTO ${table} (${columns}, from_date, to_date, loaded_at)
     SELECT ${columns}, from_date, to_date, ? FROM temp.incoming WHERE true
     ON CONFLICT (${keyColumns}) DO UPDATE SET worker = excluded.worker, from_date = excluded.from_date,
       to_date = excluded.to_date, loaded_at = excluded.loaded_at
     WHERE NOT (worker = excluded.worker AND from_date = excluded.from_date AND to_date IS excluded.to_date)`,
  ).run(at);
  const since = firstRecheckedDay(at);
  const presencesToCheck = firstLoad
    ? db
        .prepare(
          `UPDATE presences SET validation_due = validation_due + 1
            WHERE status = 'REGISTERED' AND registration_date >= ?`,
        )
        .run(since).changes
    : db
        .prepare(
          `UPDATE presences SET validation_due = validation_due + 1
            WHERE status = 'REGISTERED' AND registration_date >= ?
              AND (worker_kind, worker_id) IN (SELECT kind, id FROM temp.touched)`,
        )
        .run(since).changes;
  db.prepare(
    `INSERT INTO register_loads (register, loaded_at, mode, lines) VALUES (?, ?, ?, ?)
     ON CONFLICT (register) DO UPDATE SET loaded_at = excluded.loaded_at, mode = excluded.mode, lines = excluded.lines`,
  ).run(register, at, mode, declarations.length);
  db.exec('DROP TABLE temp.incoming; DROP TABLE temp.touched;');
  return { added, changed, unchanged, removed, presencesToCheck };
}
