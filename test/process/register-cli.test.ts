import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { runCli, type CliRun } from '../support/processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `sitepresence …` (compiled) with a text on its standard input. */
function runCliWithInput(args: readonly string[], input: string): CliRun {
  const result = spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, SITEPRESENCE_LANG: 'en' },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const EMPLOYER = enterpriseNumber(901);
const [FIRST, SECOND, THIRD] = [niss(901), niss(902), niss(903)];
/** A national number with its check digits mistyped. */
const MISTYPED = `${THIRD.slice(0, 9)}${THIRD.endsWith('00') ? '01' : '00'}`;

/**
 * `sitepresence registers load` and `registers status`: an administrator loads the reference registers from a
 * file or standard input, reads the report of each refused line, and every load is in the audit trail.
 */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(`sitepresence registers (${database.name})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitepresence-registers-'));
    let db: OpenedDatabase;
    let location: string;
    beforeAll(async () => {
      db = await database.open();
      await db.store.close();
      location = db.location;
    });
    afterAll(async () => {
      await db.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    const file = (name: string, text: string): string => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const registers = (...args: string[]) => runCli(['registers', ...args, '--database', location]);
    const status = () =>
      JSON.parse(registers('status', '--json').stdout) as { register: string; lines: number }[];

    it('explains its commands, the registers, the modes, and the headings in three languages', () => {
      expect(runCli(['--help']).stdout).toContain('registers');
      const help = runCli(['registers', 'load', '--help']);
      expect(help.status).toBe(0);
      for (const text of [
        'employment',
        'limosa',
        '--replace',
        '--format',
        '--json',
        'werkgever',
        'standard input',
      ])
        expect(help.stdout).toContain(text);
      expect(runCli(['registers', 'status', '--help']).stdout).toContain('--json');
    });

    it('tells that a register was never loaded', () => {
      const said = registers('status');
      expect(said.status).toBe(0);
      expect(said.stdout).toMatch(/^employment\tnever loaded/mu);
    });

    it('loads a CSV with French headings and prints the report on standard output, exit code 0', () => {
      const loaded = registers(
        'load',
        'employment',
        file(
          'dimona.csv',
          `Employeur;Travailleur;Du;Au\n${EMPLOYER};${FIRST};2026-01-01;\n${EMPLOYER};${SECOND};2026-01-01;2026-06-30\n`,
        ),
      );
      expect(loaded.status, loaded.stderr).toBe(0);
      expect(loaded.stdout).toContain('employment: 2 line(s) read, 2 loaded (merge): 2 added');
      expect(status()).toEqual([
        expect.objectContaining({ register: 'employment', lines: 2 }),
        { register: 'limosa', lines: 0 },
      ]);
    });

    it('prints each refused line with its line and column, loads the others, exit code 1', () => {
      const loaded = registers(
        'load',
        'employment',
        file(
          'typo.csv',
          `KBO;INSZ;van\n${EMPLOYER};${MISTYPED};2026-01-01\n${EMPLOYER};${THIRD};2026-01-01\n`,
        ),
      );
      expect(loaded.status, loaded.stderr).toBe(1);
      expect(loaded.stdout).toContain('1 line(s) refused:');
      expect(loaded.stdout).toContain('line 2, column INSZ: NISS_CHECK_DIGITS');
      expect(status()[0]?.lines).toBe(3);
    });

    it('replaces nothing when a line is refused: the report, the error on standard error, exit code 2', () => {
      const refused = registers(
        'load',
        'employment',
        file(
          'replace.csv',
          `employer,worker,from\n${EMPLOYER},${FIRST},2026-01-01\n${EMPLOYER},${MISTYPED},2026-01-01\n`,
        ),
        '--replace',
      );
      expect(refused.status).toBe(2);
      expect(refused.stdout).toContain('nothing loaded (replace)');
      expect(refused.stdout).toContain('line 3, column worker: NISS_CHECK_DIGITS');
      expect(refused.stderr).toContain('error: REGISTER_LINES_REFUSED');
      expect(status()[0]?.lines).toBe(3);
    });

    it('replaces the register with a JSON file read from standard input, and prints the report as JSON', () => {
      const loaded = runCliWithInput(
        ['registers', 'load', 'employment', '-', '--replace', '--json', '--database', location],
        JSON.stringify({
          declarations: [{ employer: EMPLOYER, worker: FIRST, from: '2026-01-01', to: null }],
        }),
      );
      expect(loaded.status, loaded.stderr).toBe(0);
      expect(JSON.parse(loaded.stdout)).toMatchObject({
        register: 'employment',
        mode: 'replace',
        format: 'json',
        loaded: 1,
        unchanged: 1,
        removed: 2,
        refused: [],
      });
      expect(status()[0]?.lines).toBe(1);
    });

    it('numbers the refused declarations of JSON by their position, and takes --format for a file of another name', () => {
      const loaded = registers(
        'load',
        'limosa',
        file(
          'limosa.txt',
          JSON.stringify([{ limosaId: '12345678', worker: SECOND, from: '2026-01-01' }, { limosaId: '1' }]),
        ),
        '--format',
        'json',
      );
      expect(loaded.status, loaded.stderr).toBe(1);
      expect(loaded.stdout).toContain('declaration 2, field limosaId: LIMOSA_LENGTH');
      expect(loaded.stdout).toContain('declaration 2, field worker: FIELD_REQUIRED');
    });

    it('refuses an unknown register, a file it cannot read, an empty file, and a header without its columns', () => {
      const unknown = registers('load', 'dimona', file('x.csv', 'a\n'));
      expect(unknown.status).not.toBe(0);
      expect(unknown.stderr).toContain('employment, limosa');
      const missing = registers('load', 'employment', join(dir, 'no-such.csv'));
      expect([missing.status, missing.stdout]).toEqual([2, '']);
      expect(missing.stderr).toContain('no-such.csv');
      const empty = registers('load', 'employment', file('empty.csv', ''));
      expect([empty.status, empty.stdout]).toEqual([2, '']);
      expect(empty.stderr).toContain('FIELD_REQUIRED');
      const headless = registers('load', 'employment', file('headless.csv', 'Naam;Voornaam\nPeeters;An\n'));
      expect(headless.status).toBe(2);
      expect(headless.stderr).toContain('FIELD_REQUIRED (employer)');
      expect(headless.stderr).toContain('FIELD_REQUIRED (worker)');
    });

    it('records each load in the audit trail with its register, file and mode', () => {
      const audit = runCli(['audit', 'list', '--limit', '1000', '--database', location]);
      const loads = audit.stdout
        .trim()
        .split('\n')
        .map(
          (line) => JSON.parse(line) as { action: string; outcome: number; details: Record<string, unknown> },
        )
        .filter((r) => r.action === 'command registers load');
      expect(loads.map((r) => r.outcome)).toEqual([0, 1, 2, 0, 1, 2, 2, 2]);
      expect(loads[2]?.details).toMatchObject({
        replace: true,
        arguments: expect.stringMatching(/^employment .*replace\.csv$/u),
      });
      expect(loads[4]?.details).toMatchObject({ format: 'json' });
      expect(audit.stdout).not.toContain(FIRST);
    });
  });
}
