// Builds the browser's scripts (the mobile channel and its service worker) into dist/web with esbuild.
// `npm run build` runs it after the server's TypeScript; the tests' global setup runs it too.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles web/src into dist/web: one ES module per page script, and the service worker. */
export async function buildWeb() {
  await build({
    absWorkingDir: root,
    entryPoints: { mobile: 'web/src/mobile.tsx', sw: 'web/sw/sw.ts' },
    outdir: 'dist/web',
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWeb();
