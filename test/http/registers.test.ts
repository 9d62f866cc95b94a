import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDuePresences } from '../../src/app/validate-presences.js';
import type { AuditRecord } from '../../src/domain/audit.js';
import { REGISTER_BODY_LIMIT } from '../../src/http/schemas/register-schemas.js';
import { DATABASES } from '../support/databases.js';
import { TestRegistry, type Caller, type Reply } from '../support/registry.js';

/** A national number with its check digits mistyped. */
const mistyped = (niss: string): string => `${niss.slice(0, 9)}${niss.endsWith('00') ? '01' : '00'}`;

/**
 * `PUT /api/v1/registers/{register}` and `GET /api/v1/registers`: administrators load the reference registers
 * from CSV or JSON, line by line, and read how they stand with inspectors.
 */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the reference registers over the API (${database.name})`, () => {
    let registry: TestRegistry;
    let admin: Caller;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      admin = await registry.newCaller('admin');
    });
    afterEach(async () => {
      await registry.close();
    });

    /** Sends a body as a caller, of any media type (`null`: none said). */
    const send = async (
      caller: Caller,
      url: string,
      payload: string,
      type: string | null = 'text/csv',
    ): Promise<Reply> => {
      const raw = await registry.app.inject({
        method: 'PUT',
        url,
        headers: {
          authorization: `Bearer ${caller.key}`,
          ...(type === null ? {} : { 'content-type': type }),
        },
        payload,
      });
      return { status: raw.statusCode, body: raw.json(), raw };
    };
    const csv = (lines: readonly string[]) => `${lines.join('\r\n')}\r\n`;

    it('loads a CSV sent as text/csv, separated by semicolons, headings in French, and answers its report', async () => {
      const [employer, worker] = [registry.newEnterprise(), registry.newNiss()];
      const reply = await send(
        admin,
        '/api/v1/registers/employment',
        csv(['Employeur;NISS;Du;Au', `${employer};${worker};2026-01-01;2026-12-31`]),
        'text/csv; charset=utf-8',
      );
      expect(reply.status).toBe(200);
      expect(reply.body).toStrictEqual({
        register: 'employment',
        mode: 'merge',
        format: 'csv',
        linesRead: 1,
        loaded: 1,
        refusedLines: 0,
        added: 1,
        changed: 0,
        unchanged: 0,
        removed: 0,
        presencesToCheck: 0,
        refused: [],
        ignoredColumns: [],
      });
    });

    it('loads JSON, an array or { declarations }, and a Limosa CSV separated by commas with Dutch headings', async () => {
      const employer = registry.newEnterprise();
      const array = await admin.put('/api/v1/registers/employment', [
        { employer, worker: registry.newNiss(), from: '2026-01-01', to: null },
      ]);
      expect([array.status, array.body.format, array.body.added]).toEqual([200, 'json', 1]);
      const wrapped = await admin.put('/api/v1/registers/employment', {
        declarations: [{ employer, worker: registry.newNiss(), from: '2026-01-01' }],
      });
      expect([wrapped.status, wrapped.body.added]).toEqual([200, 1]);
      const limosa = await send(
        admin,
        '/api/v1/registers/limosa',
        csv(['limosa,werknemer,van,tot', `12345678,${registry.newNiss()},2026-03-01,2026-03-31`]),
      );
      expect([limosa.status, limosa.body.register, limosa.body.added]).toEqual([200, 'limosa', 1]);
      const states = await admin.get('/api/v1/registers');
      expect(states.body.registers.map((r: { lines: number }) => r.lines)).toEqual([2, 1]);
    });

    it('takes a register file over 1 MiB, the limit of other bodies', async () => {
      const employer = registry.newEnterprise();
      const rows = Array.from({ length: 40_000 }, () => `${employer};${registry.newNiss()};2026-01-01;`);
      const body = csv(['employer;worker;from;to', ...rows]);
      expect(body.length).toBeGreaterThan(1024 * 1024);
      const reply = await send(admin, '/api/v1/registers/employment?mode=replace', body);
      expect([reply.status, reply.body.loaded, reply.body.added]).toEqual([200, 40_000, 40_000]);
    });

    it(`refuses a file over ${REGISTER_BODY_LIMIT / 1024 / 1024} MiB with 413`, async () => {
      const reply = await send(admin, '/api/v1/registers/employment', 'x'.repeat(REGISTER_BODY_LIMIT + 1));
      expect([reply.status, reply.body.error.code]).toEqual([413, 'BODY_TOO_LARGE']);
    });

    it('merges by default and reports each refused line with its line and column, loading the others', async () => {
      const [employer, good, bad] = [registry.newEnterprise(), registry.newNiss(), registry.newNiss()];
      const reply = await send(
        admin,
        '/api/v1/registers/employment',
        csv([
          'werkgever;insz;van;tot',
          `${employer};${good};2026-01-01;`,
          `${employer};${mistyped(bad)};2026-01-01;`,
          `${employer};${good};2026-01-01;2026-06-30`,
        ]),
      );
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ linesRead: 3, loaded: 1, refusedLines: 2 });
      expect(reply.body.refused).toEqual([
        { line: 3, column: 'insz', code: 'NISS_CHECK_DIGITS', message: expect.any(String) },
        { line: 4, code: 'DECLARATION_DUPLICATE', message: expect.stringContaining('Line 2') },
      ]);
      expect(reply.raw.body).not.toContain(bad);
    });

    it('replaces the register with the file, and answers 422 with the report, writing nothing, when a line is refused', async () => {
      const [employer, first, second] = [registry.newEnterprise(), registry.newNiss(), registry.newNiss()];
      const header = 'employer;worker;from';
      await send(admin, '/api/v1/registers/employment', csv([header, `${employer};${first};2026-01-01`]));
      const replaced = await send(
        admin,
        '/api/v1/registers/employment?mode=replace',
        csv([header, `${employer};${second};2026-01-01`]),
      );
      expect(replaced.body).toMatchObject({ mode: 'replace', added: 1, removed: 1 });

      const refused = await send(
        admin,
        '/api/v1/registers/employment?mode=replace',
        csv([header, `${employer};${first};2026-01-01`, `${employer};${mistyped(first)};2026-01-01`]),
      );
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        error: { code: 'REGISTER_LINES_REFUSED', message: expect.stringContaining('nothing was loaded') },
        report: {
          mode: 'replace',
          linesRead: 2,
          loaded: 0,
          refusedLines: 1,
          refused: [{ line: 3, column: 'worker', code: 'NISS_CHECK_DIGITS' }],
        },
      });
      const states = await admin.get('/api/v1/registers');
      expect(states.body.registers[0]).toMatchObject({ lines: 1, lastLoad: { mode: 'replace', lines: 1 } });
    });

    it('marks due the checks of the presences of the workers a load names', async () => {
      const company = await registry.newCompany();
      const workplace = await registry.newWorkplace(company);
      const niss = registry.newNiss();
      await registry.register(company, registry.presenceItem(workplace.id, company, { worker: { niss } }));
      const header = 'employer;worker;from';
      await send(
        admin,
        '/api/v1/registers/employment',
        csv([header, `${company.enterprise};${registry.newNiss()};2026-01-01`]),
      );
      await checkDuePresences(registry.deps);
      const due = await registry.deps.store.validations.countDue();
      const reply = await send(
        admin,
        '/api/v1/registers/employment',
        csv([header, `${company.enterprise};${niss};2026-01-01`]),
      );
      expect(reply.body.presencesToCheck).toBe(1);
      expect(await registry.deps.store.validations.countDue()).toBe(due + 1);
    });

    it('lets only administrators load, and administrators and inspectors read how the registers stand', async () => {
      const body = csv([
        'employer;worker;from',
        `${registry.newEnterprise()};${registry.newNiss()};2026-01-01`,
      ]);
      for (const role of ['company', 'provider', 'agent', 'inspector'] as const) {
        const caller = await registry.newCaller(
          role,
          role === 'company' || role === 'provider' ? registry.newEnterprise() : undefined,
        );
        const load = await send(caller, '/api/v1/registers/employment', body);
        expect([role, load.status, load.body.error.code]).toEqual([role, 403, 'ROLE_FORBIDDEN']);
        const read = await caller.get('/api/v1/registers');
        expect([role, read.status]).toEqual([role, role === 'inspector' ? 200 : 403]);
      }
      expect((await registry.callerWith('sp_unknown').get('/api/v1/registers')).status).toBe(401);
      const inspector = await registry.newCaller('inspector');
      expect((await inspector.get('/api/v1/registers')).body).toEqual({
        registers: [
          { register: 'employment', lines: 0 },
          { register: 'limosa', lines: 0 },
        ],
      });
    });

    it('refuses an unknown register or mode with 400 naming the field', async () => {
      const body = csv([
        'employer;worker;from',
        `${registry.newEnterprise()};${registry.newNiss()};2026-01-01`,
      ]);
      const register = await send(admin, '/api/v1/registers/dimona', body);
      expect(register.status).toBe(400);
      expect(register.body.error).toMatchObject({
        code: 'FIELD_VALUE',
        details: [expect.objectContaining({ field: 'register' })],
      });
      const mode = await send(admin, '/api/v1/registers/employment?mode=append', body);
      expect(mode.status).toBe(400);
      expect(mode.body.error).toMatchObject({
        code: 'FIELD_VALUE',
        details: [expect.objectContaining({ field: 'mode' })],
      });
    });

    it('refuses a body that is neither CSV nor JSON with 415, naming both, and an empty or headless file with 400', async () => {
      for (const type of ['text/plain', 'application/xml', 'application/vnd.ms-excel', null]) {
        const reply = await send(admin, '/api/v1/registers/employment', 'employer;worker;from\n', type);
        expect([type, reply.status, reply.body.error.code]).toEqual([type, 415, 'MEDIA_TYPE_UNSUPPORTED']);
        expect(reply.body.error.message).toContain('text/csv or application/json');
      }
      const empty = await send(admin, '/api/v1/registers/employment', '');
      expect([empty.status, empty.body.error.code]).toEqual([400, 'FIELD_REQUIRED']);
      const headless = await send(admin, '/api/v1/registers/employment', csv(['a;b;c', '1;2;3']));
      expect([headless.status, headless.body.error.code]).toEqual([400, 'FIELD_REQUIRED']);
    });

    it('is in the audit trail: the load with its register and mode, never a line of the file', async () => {
      const worker = registry.newNiss();
      await send(
        admin,
        '/api/v1/registers/limosa?mode=replace',
        csv(['limosaId;worker;from', `12345678;${worker};2026-01-01`]),
      );
      await admin.get('/api/v1/registers');
      await registry.audit.drain();
      const records: AuditRecord[] = await registry.deps.store.audit.list({ limit: 1_000 });
      const load = records.find((r) => r.action === 'PUT /api/v1/registers/:register');
      expect(load).toMatchObject({
        actor: { role: 'admin' },
        target: '/api/v1/registers/limosa',
        personalData: true,
        outcome: 200,
        details: { 'query.mode': 'replace' },
      });
      expect(records.some((r) => r.action === 'GET /api/v1/registers')).toBe(false);
      expect(JSON.stringify(records)).not.toContain(worker);
    });
  });
}
