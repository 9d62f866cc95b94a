#!/usr/bin/env node
// The command-line entry: runs the compiled CLI (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'sitepresence is not built yet: run `npm install` (or `npm run build`) in its folder.\n',
  );
  process.exit(1);
}
await import(cli.href);
