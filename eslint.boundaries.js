/**
 * The rooms of the tree and the imports each may not make, checked by `npm run check` at any depth of a room
 * (`src/domain/procedure/` as much as `src/domain/`). Each room is one config object, so that its rules are not
 * overridden by another's; test/lint/boundaries.test.ts makes a bad import of each kind and sees it refused.
 */

/** Patterns that match an import of a folder of the tree however deep the importer sits. */
const folder = (name) => [`**/${name}`, `**/${name}/**`];

const DATABASES = ['better-sqlite3', 'pg'];
const FRAMEWORKS = [
  'fastify',
  '@fastify/*',
  'preact',
  'preact/*',
  'preact-render-to-string',
  'pdfkit',
  'undici',
];
const NODE = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'crypto',
  'http',
  'https',
  'net',
  'os',
  'child_process',
  'worker_threads',
];

/** What a program's room may not reach: the composition roots and the command line. */
const ROOTS = [...folder('cli'), ...folder('composition'), '**/server.js'];

const ADAPTERS = [...folder('store/sqlite'), ...folder('store/postgres'), ...folder('system')];

/**
 * One room: its files, and what they may not import, each group with the reason a reader is given.
 * @param {string} name
 * @param {string[]} files
 * @param {{ group: string[], message: string }[]} patterns
 */
function room(name, files, patterns) {
  return {
    name: `boundaries/${name}`,
    files,
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

export const boundaries = [
  room(
    'domain',
    ['src/domain/**/*.ts'],
    [
      { group: NODE, message: 'The domain does no I/O.' },
      {
        group: [
          ...folder('app'),
          ...folder('store'),
          ...folder('http'),
          ...folder('web'),
          ...folder('pdf'),
          ...folder('agent'),
          ...folder('shared'),
          ...folder('system'),
          ...ROOTS,
          '**/config.js',
          ...DATABASES,
          ...FRAMEWORKS,
        ],
        message: 'The domain imports only the domain.',
      },
    ],
  ),
  room(
    'shared',
    ['src/shared/**/*.ts'],
    [
      {
        group: [
          ...folder('app'),
          ...folder('store'),
          ...folder('http'),
          ...folder('web'),
          ...folder('pdf'),
          ...folder('agent'),
          ...folder('system'),
          ...ROOTS,
        ],
        message: 'What the registry and the site agent share belongs to neither: it imports only the domain.',
      },
    ],
  ),
  room(
    'app',
    ['src/app/**/*.ts'],
    [
      {
        group: [...folder('http'), ...folder('web'), ...folder('agent'), ...ROOTS],
        message: 'The use cases are called by the entry points, never the other way.',
      },
      {
        group: [
          ...ADAPTERS,
          '**/pdf/pdfkit-writer.js',
          '**/pdf/worker-pdf-writer.js',
          ...folder('pdf/pdfkit'),
          ...DATABASES,
          ...FRAMEWORKS,
        ],
        message: 'Use the ports; adapters are chosen in the composition root.',
      },
    ],
  ),
  room(
    'store port',
    ['src/store/*.ts'],
    [
      {
        group: ['./sqlite/*', './postgres/*', ...folder('store/sqlite'), ...folder('store/postgres')],
        message: 'The storage port knows none of its adapters; the composition root picks one.',
      },
      {
        group: [...folder('app'), ...folder('http'), ...folder('web'), ...folder('agent'), ...ROOTS],
        message: 'The storage port is used by the use cases, and uses none of them.',
      },
    ],
  ),
  room(
    'store adapters',
    ['src/store/sqlite/**/*.ts', 'src/store/postgres/**/*.ts'],
    [
      {
        group: [...folder('app'), ...folder('http'), ...folder('web'), ...folder('agent'), ...ROOTS],
        message:
          'An adapter implements its port with the domain’s types, and calls no use case or entry point.',
      },
    ],
  ),
  room(
    'http',
    ['src/http/**/*.ts'],
    [
      {
        group: [...folder('web'), ...folder('agent'), ...ROOTS],
        message: 'The API is one entry point: the pages are mounted beside it by the composition root.',
      },
      { group: ADAPTERS, message: 'Use the ports; adapters are chosen in the composition root.' },
    ],
  ),
  room(
    'soap',
    ['src/soap/**/*.ts'],
    [
      {
        group: [
          ...folder('app'),
          ...folder('store'),
          ...folder('http'),
          ...folder('web'),
          ...folder('pdf'),
          ...folder('agent'),
          ...folder('system'),
          ...ROOTS,
          ...DATABASES,
          ...FRAMEWORKS,
        ],
        message:
          'The web-service protocol is a codec (its XML, its signatures): the registry’s route and the relay call it, it calls none of them.',
      },
    ],
  ),
  room(
    'web',
    ['src/web/**/*.{ts,tsx}'],
    [
      {
        group: [...folder('agent'), ...ROOTS],
        message: 'The pages are one entry point: they call the use cases, and nothing mounts from here.',
      },
      { group: ADAPTERS, message: 'Use the ports; adapters are chosen in the composition root.' },
    ],
  ),
  room(
    'agent',
    ['src/agent/**/*.ts'],
    [
      {
        group: [...folder('app'), ...folder('store'), ...folder('http'), ...folder('web'), ...ROOTS],
        message:
          'The site agent is a program of its own: it shares the domain and src/shared with the registry, never the registry’s insides.',
      },
    ],
  ),
  room(
    'browser',
    ['web/**/*.{ts,tsx}'],
    [
      {
        // Beside the domain, the contract of the mobile page with its script: what the page hands the script.
        group: ['**/src/*/**', '!**/src/domain/**', '!**/src/web/mobile-config.js'],
        message: 'The browser runs the domain’s rules and nothing else of the server.',
      },
    ],
  ),
];
