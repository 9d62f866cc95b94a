import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { boundaries } from '../../eslint.boundaries.js';

/** Lints one line of a file at a path of the tree with the boundaries alone, and gives the messages. */
async function lint(file: string, line: string): Promise<string[]> {
  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } },
      ...boundaries,
    ],
  });
  const [result] = await eslint.lintText(`${line}\n`, { filePath: file });
  return (result?.messages ?? []).map((m) => m.message);
}

/**
 * `npm run check` refuses an import across the tree's boundaries, however deep the importing file sits: each
 * row is a deliberate bad import, and one allowed import beside it.
 */
describe('the boundaries between the rooms of the tree', () => {
  it.each([
    [
      'src/domain/procedure/x.ts',
      "import { registerPresences } from '../../app/register-presences.js';",
      'imports only the domain',
    ],
    ['src/domain/procedure/deeper/x.ts', "import { readFileSync } from 'node:fs';", 'does no I/O'],
    ['src/domain/x.ts', "import type { Store } from '../store/store.js';", 'imports only the domain'],
    ['src/domain/x.ts', "import Fastify from 'fastify';", 'imports only the domain'],
    ['src/app/x.ts', "import { openSqliteStore } from '../store/sqlite/sqlite-store.js';", 'Use the ports'],
    ['src/app/x.ts', "import { createApp } from '../http/app.js';", 'never the other way'],
    ['src/app/x.ts', "import { systemClock } from '../system/system-clock.js';", 'Use the ports'],
    ['src/app/x.ts', "import { drawTable } from '../pdf/pdfkit/table.js';", 'Use the ports'],
    [
      'src/store/x.ts',
      "import { openPostgresStore } from './postgres/postgres-store.js';",
      'knows none of its adapters',
    ],
    [
      'src/store/sqlite/x.ts',
      "import { registerPresences } from '../../app/register-presences.js';",
      'calls no use case',
    ],
    ['src/http/routes/x.ts', "import { webPlugin } from '../../web/web-plugin.js';", 'mounted beside it'],
    [
      'src/soap/x.ts',
      "import { registerPresences } from '../app/register-presences.js';",
      'it calls none of them',
    ],
    ['src/soap/deeper/x.ts', "import Fastify from 'fastify';", 'it calls none of them'],
    ['src/http/x.ts', "import { openStore } from '../composition/open-store.js';", 'mounted beside it'],
    [
      'src/web/pages/deeper/x.tsx',
      "import { createCryptoRandom } from '../../../system/crypto-random.js';",
      'Use the ports',
    ],
    [
      'src/agent/sqlite/x.ts',
      "import { WriteBatcher } from '../../store/sqlite/write-batcher.js';",
      'never the registry’s insides',
    ],
    [
      'src/agent/x.ts',
      "import { ERROR_STATUS } from '../http/error-status.js';",
      'never the registry’s insides',
    ],
    [
      'src/agent/x.ts',
      "import type { RandomSource } from '../app/random-source.js';",
      'never the registry’s insides',
    ],
    ['src/shared/sqlite/x.ts', "import type { Store } from '../../store/store.js';", 'belongs to neither'],
    [
      'web/src/x.ts',
      "import { registerPresences } from '../../src/app/register-presences.js';",
      'nothing else of the server',
    ],
  ])('%s may not import: %s', async (file, line, reason) => {
    const messages = await lint(file, line);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(reason);
  });

  it.each([
    ['src/domain/procedure/x.ts', "import { parseNiss } from '../niss.js';"],
    ['src/app/x.ts', "import type { Store } from '../store/store.js';"],
    ['src/store/sqlite/x.ts', "import type { Store } from '../store.js';"],
    ['src/web/x.tsx', "import { ERROR_STATUS } from '../http/error-status.js';"],
    ['src/agent/x.ts', "import { parseNiss } from '../domain/niss.js';"],
    ['src/cli/x.ts', "import { openStore } from '../composition/open-store.js';"],
    ['web/src/x.ts', "import { decide } from '../../src/domain/procedure/decide.js';"],
  ])('%s may import: %s', async (file, line) => {
    expect(await lint(file, line)).toEqual([]);
  });
});
