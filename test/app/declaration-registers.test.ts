import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadDeclarations,
  registerStates,
  type LoadInput,
  type LoadReport,
} from '../../src/app/declaration-registers.js';
import { checkDuePresences } from '../../src/app/validate-presences.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { LimosaId } from '../../src/domain/limosa-id.js';
import type { Niss } from '../../src/domain/niss.js';
import { DATABASES } from '../support/databases.js';
import { TestRegistry } from '../support/registry.js';

/** A national number with its check digits mistyped. */
const mistyped = (niss: string): string => `${niss.slice(0, 9)}${niss.endsWith('00') ? '01' : '00'}`;

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`loading the reference registers (${database.name})`, () => {
    let registry: TestRegistry;
    beforeEach(async () => {
      registry = await TestRegistry.open(database);
    });
    afterEach(async () => {
      await registry.close();
    });

    const load = (input: Partial<LoadInput> & Pick<LoadInput, 'content'>) =>
      loadDeclarations(registry.deps, { register: 'employment', format: 'csv', ...input });
    /** The report of a load that went through; throws with the refusal otherwise. */
    const loaded = async (input: Partial<LoadInput> & Pick<LoadInput, 'content'>): Promise<LoadReport> => {
      const result = await load(input);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value;
    };
    /** The refusal of a load that was refused; throws otherwise. */
    const refused = async (input: Partial<LoadInput> & Pick<LoadInput, 'content'>) => {
      const result = await load(input);
      if (result.ok) throw new Error(`loaded: ${JSON.stringify(result.value)}`);
      return result.error;
    };
    const employmentOf = (employer: string, worker: string) =>
      registry.deps.store.declarations.employment(employer as EnterpriseNumber, worker as Niss);
    const lines = async () =>
      Object.fromEntries((await registerStates(registry.deps)).map((s) => [s.register, s.lines]));

    describe('reading a file', () => {
      it('reads a CSV separated by semicolons with French headings, as Excel saves it in Belgium', async () => {
        const [employer, worker, other] = [registry.newEnterprise(), registry.newNiss(), registry.newNiss()];
        const report = await loaded({
          content: `\uFEFFEmployeur;Travailleur;Du;Au\r\n${employer};${worker};2026-01-01;\r\n${employer};${other};2026-02-01;2026-06-30\r\n;;;\r\n`,
        });
        expect(report).toStrictEqual({
          register: 'employment',
          mode: 'merge',
          format: 'csv',
          linesRead: 2,
          loaded: 2,
          refusedLines: 0,
          added: 2,
          changed: 0,
          unchanged: 0,
          removed: 0,
          presencesToCheck: 0,
          refused: [],
          ignoredColumns: [],
        });
        expect(await employmentOf(employer, worker)).toEqual([{ employer, worker, from: '2026-01-01' }]);
        expect(await employmentOf(employer, other)).toEqual([
          { employer, worker: other, from: '2026-02-01', to: '2026-06-30' },
        ]);
      });

      it('reads a CSV separated by commas with Dutch headings in any order, numbers written as people write them, and reports the columns it did not read', async () => {
        const [employer, worker] = [registry.newEnterprise(), registry.newNiss()];
        const typed = `${worker.slice(0, 2)}.${worker.slice(2, 4)}.${worker.slice(4, 6)}-${worker.slice(6, 9)}.${worker.slice(9)}`;
        const report = await loaded({
          content: `INSZ,Naam,Werkgever,Van,Tot\n${typed},Peeters,BE ${employer},2026-03-01,2026-12-31\n`,
        });
        expect(report).toMatchObject({ loaded: 1, added: 1, ignoredColumns: ['Naam'] });
        expect(await employmentOf(employer, worker)).toEqual([
          { employer, worker, from: '2026-03-01', to: '2026-12-31' },
        ]);
      });

      it('reads the Limosa register, its number under an L1 heading', async () => {
        const worker = registry.newNiss();
        const report = await loaded({
          register: 'limosa',
          content: `L1;INSS;start;end\n12345678;${worker};2026-03-01;2026-03-31\n`,
        });
        expect(report).toMatchObject({ register: 'limosa', loaded: 1, added: 1 });
        expect(await registry.deps.store.declarations.limosaById('12345678' as LimosaId)).toEqual([
          { limosaId: '12345678', worker, from: '2026-03-01', to: '2026-03-31' },
        ]);
      });

      it('reads JSON as an array of declarations, or as { declarations }, from its text or already parsed', async () => {
        const employer = registry.newEnterprise();
        const one = { employer, worker: registry.newNiss(), from: '2026-01-01', to: null };
        const two = { employer, worker: registry.newNiss(), from: '2026-01-01' };
        expect(await loaded({ format: 'json', content: JSON.stringify([one]) })).toMatchObject({
          format: 'json',
          loaded: 1,
          added: 1,
        });
        expect(await loaded({ format: 'json', content: { declarations: [one, two] } })).toMatchObject({
          loaded: 2,
          added: 1,
          unchanged: 1,
        });
      });

      it('refuses an empty file, a header without a line, JSON without a declaration, and says so', async () => {
        for (const [format, content] of [
          ['csv', ''],
          ['csv', '\n\n'],
          ['csv', 'employer;worker;from;to\n'],
          ['json', ''],
          ['json', '[]'],
          ['json', { declarations: [] }],
        ] as const) {
          const refusal = await refused({ format, content });
          expect(refusal.errors[0].code, `${format} ${JSON.stringify(content)}`).toBe('FIELD_REQUIRED');
          expect(refusal.report).toBeUndefined();
        }
        expect(await lines()).toEqual({ employment: 0, limosa: 0 });
      });

      it("refuses a header that lacks one of the register's columns, naming the field and the headings it takes", async () => {
        const refusal = await refused({ content: `employer;niss;until\n${registry.newEnterprise()};x;y\n` });
        expect(refusal.errors).toEqual([
          expect.objectContaining({
            code: 'FIELD_REQUIRED',
            field: 'from',
            message: expect.stringContaining('du'),
          }),
        ]);
        const limosa = await refused({ register: 'limosa', content: 'employer;worker;from\n1;2;3\n' });
        expect(limosa.errors.map((e) => [e.code, e.field])).toEqual([['FIELD_REQUIRED', 'limosaId']]);
      });

      it('refuses JSON that is not an array of declarations or { declarations }', async () => {
        for (const content of [
          '{"declarations": 3}',
          '{"declarations": [], "register": "employment"}',
          '"a"',
          '3',
        ])
          expect((await refused({ format: 'json', content })).errors[0].code).toBe('FIELD_TYPE');
        expect((await refused({ format: 'json', content: '[{"employer": ' })).errors[0].code).toBe(
          'BODY_MALFORMED',
        );
      });

      it('refuses an unknown register, mode or format, naming the field', async () => {
        const refusal = await refused({ register: 'dimona', mode: 'append', format: 'xlsx', content: 'x' });
        expect(refusal.errors.map((e) => [e.code, e.field])).toEqual([
          ['FIELD_VALUE', 'register'],
          ['FIELD_VALUE', 'mode'],
          ['FIELD_VALUE', 'format'],
        ]);
        expect(refusal.errors[0].message).toBe('The register is employment or limosa.');
      });
    });

    describe('refused lines', () => {
      it('reports each refused line of a CSV with its line, the column as the file names it, its code and message, and loads the others', async () => {
        const [employer, good, bad] = [registry.newEnterprise(), registry.newNiss(), registry.newNiss()];
        const report = await loaded({
          content: [
            'KBO;INSZ;van;tot',
            `${employer};${good};2026-01-01;`,
            `${employer};${mistyped(bad)};2026-01-01;`,
            `${employer};${bad};2026-13-01;2026-01-01`,
            `${employer};${bad};2026-02-01;2026-01-01`,
            `${employer};;2026-01-01;;extra`,
          ].join('\n'),
        });
        expect(report).toMatchObject({ linesRead: 5, loaded: 1, refusedLines: 4, added: 1 });
        expect(report.refused.map((r) => [r.line, r.column, r.code])).toEqual([
          [3, 'INSZ', 'NISS_CHECK_DIGITS'],
          [4, 'van', 'DATE_INVALID'],
          [5, 'tot', 'DATE_RANGE_INVALID'],
          [6, undefined, 'FIELD_FORMAT'],
        ]);
        expect(report.refused[0]?.message).toMatch(/check digits/u);
        expect(await employmentOf(employer, good)).toHaveLength(1);
        expect(await employmentOf(employer, bad)).toEqual([]);
      });

      it('reports each refused declaration of JSON by its position from 1 and its field', async () => {
        const employer = registry.newEnterprise();
        const report = await loaded({
          format: 'json',
          content: [
            { employer, worker: registry.newNiss(), from: '2026-01-01' },
            { employer, worker: 85073003328, from: '2026-01-01' },
            'a line',
            { employer, worker: registry.newNiss(), from: '2026-01-01', until: '2026-02-01' },
            { employer: '0123456789', worker: registry.newNiss(), from: '2026-01-01' },
          ],
        });
        expect(report).toMatchObject({ format: 'json', linesRead: 5, loaded: 1, refusedLines: 4 });
        expect(report.refused.map((r) => [r.line, r.column, r.code])).toEqual([
          [2, 'worker', 'FIELD_TYPE'],
          [3, undefined, 'FIELD_TYPE'],
          [4, 'until', 'FIELD_UNKNOWN'],
          [5, 'employer', 'ENTERPRISE_NUMBER_CHECK_DIGITS'],
        ]);
      });

      it('refuses the later of two lines with the same key, naming the first, and loads the first', async () => {
        const [employer, worker] = [registry.newEnterprise(), registry.newNiss()];
        const report = await loaded({
          content: `employer,worker,from,to\n${employer},${worker},2026-01-01,2026-06-30\n${employer},${worker},2026-01-01,2026-12-31\n`,
        });
        expect(report.refused).toEqual([
          { line: 3, code: 'DECLARATION_DUPLICATE', message: expect.stringContaining('Line 2') },
        ]);
        expect(await employmentOf(employer, worker)).toEqual([
          { employer, worker, from: '2026-01-01', to: '2026-06-30' },
        ]);
        const limosa = await loaded({
          register: 'limosa',
          content: `limosaId;worker;from\n12345678;${registry.newNiss()};2026-01-01\n12345678;${registry.newNiss()};2026-02-01\n`,
        });
        expect(limosa.refused.map((r) => [r.line, r.code])).toEqual([[3, 'DECLARATION_DUPLICATE']]);
      });

      it('loads nothing from a file of which no line can be loaded, and reports every line', async () => {
        const refusal = await refused({
          content: `worker;employer;from\n${mistyped(registry.newNiss())};x;y\n`,
        });
        expect(refusal.errors[0].code).toBe('REGISTER_LINES_REFUSED');
        expect(refusal.report).toMatchObject({ linesRead: 1, loaded: 0, refusedLines: 1, added: 0 });
        expect(refusal.report?.refused.map((r) => r.column)).toEqual(['worker', 'from', 'employer']);
        expect(await registerStates(registry.deps)).toEqual([
          { register: 'employment', lines: 0 },
          { register: 'limosa', lines: 0 },
        ]);
      });
    });

    describe('merge and replace', () => {
      it('merges by default: a line loaded again with a new end replaces it, the others are kept', async () => {
        const [employer, kept, ended] = [registry.newEnterprise(), registry.newNiss(), registry.newNiss()];
        await loaded({
          content: `employer;worker;from\n${employer};${kept};2026-01-01\n${employer};${ended};2026-01-01\n`,
        });
        const report = await loaded({
          content: `employer;worker;from;to\n${employer};${ended};2026-01-01;2026-03-31\n`,
        });
        expect(report).toMatchObject({ mode: 'merge', loaded: 1, added: 0, changed: 1, removed: 0 });
        expect(await employmentOf(employer, kept)).toHaveLength(1);
        expect(await employmentOf(employer, ended)).toEqual([
          { employer, worker: ended, from: '2026-01-01', to: '2026-03-31' },
        ]);
      });

      it('replaces: the register becomes exactly the file', async () => {
        const [employer, gone, stays] = [registry.newEnterprise(), registry.newNiss(), registry.newNiss()];
        await loaded({
          content: `employer;worker;from\n${employer};${gone};2026-01-01\n${employer};${stays};2026-01-01\n`,
        });
        const report = await loaded({
          mode: 'replace',
          content: `employer;worker;from\n${employer};${stays};2026-01-01\n`,
        });
        expect(report).toMatchObject({ mode: 'replace', loaded: 1, unchanged: 1, removed: 1 });
        expect(await employmentOf(employer, gone)).toEqual([]);
        expect(await lines()).toEqual({ employment: 1, limosa: 0 });
      });

      it('replaces nothing when a line is refused: a typo never removes a valid declaration', async () => {
        const [employer, worker] = [registry.newEnterprise(), registry.newNiss()];
        await loaded({ content: `employer;worker;from\n${employer};${worker};2026-01-01\n` });
        const before = await registerStates(registry.deps);
        const refusal = await refused({
          mode: 'replace',
          content: `employer;worker;from\n${employer};${mistyped(worker)};2026-01-01\n${employer};${registry.newNiss()};2026-01-01\n`,
        });
        expect(refusal.errors[0]).toMatchObject({ code: 'REGISTER_LINES_REFUSED' });
        expect(refusal.report).toMatchObject({
          mode: 'replace',
          linesRead: 2,
          loaded: 0,
          refusedLines: 1,
          removed: 0,
          refused: [{ line: 2, column: 'worker', code: 'NISS_CHECK_DIGITS' }],
        });
        expect(await employmentOf(employer, worker)).toHaveLength(1);
        expect(await registerStates(registry.deps)).toEqual(before);
      });
    });

    describe('the checks of presences', () => {
      it('marks due the check of the registered presences of a worker a load names, and of no other', async () => {
        const company = await registry.newCompany();
        const workplace = await registry.newWorkplace(company);
        const [named, notNamed] = [registry.newNiss(), registry.newNiss()];
        for (const niss of [named, notNamed])
          await registry.register(
            company,
            registry.presenceItem(workplace.id, company, { worker: { niss } }),
          );
        // The first load of a register marks every presence due; checked, none is.
        await loaded({
          content: `employer;worker;from\n${company.enterprise};${registry.newNiss()};2026-01-01\n`,
        });
        await checkDuePresences(registry.deps);
        expect(await registry.deps.store.validations.countDue()).toBe(0);

        const report = await loaded({
          content: `employer;worker;from\n${company.enterprise};${named};2026-01-01\n`,
        });
        expect(report.presencesToCheck).toBe(1);
        expect(await registry.deps.store.validations.countDue()).toBe(1);
        await checkDuePresences(registry.deps);
        await loaded({ content: `employer;worker;from\n${company.enterprise};${named};2026-01-01\n` });
        expect(await registry.deps.store.validations.countDue()).toBe(0);
      });
    });

    it('tells how each register stands: never loaded, then its lines and last load', async () => {
      expect(await registerStates(registry.deps)).toEqual([
        { register: 'employment', lines: 0 },
        { register: 'limosa', lines: 0 },
      ]);
      await loaded({
        register: 'limosa',
        mode: 'replace',
        content: `limosa;niss;du\n12345678;${registry.newNiss()};2026-01-01\n`,
      });
      expect(await registerStates(registry.deps)).toEqual([
        { register: 'employment', lines: 0 },
        {
          register: 'limosa',
          lines: 1,
          lastLoad: { at: registry.clock.now().toISOString(), mode: 'replace', lines: 1 },
        },
      ]);
    });
  });
}
