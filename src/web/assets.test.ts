import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from './assets.js';

describe("the web's files", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('are found from the compiled server too, past the copy of package.json the build leaves in dist', () => {
    const root = mkdtempSync(join(tmpdir(), 'sitepresence-root-'));
    dirs.push(root);
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'web', 'public'), { recursive: true });
    mkdirSync(join(root, 'dist', 'src', 'web'), { recursive: true });
    writeFileSync(join(root, 'dist', 'package.json'), '{}');
    expect(projectRoot(join(root, 'dist', 'src', 'web'))).toBe(root);
    mkdirSync(join(root, 'src', 'web'), { recursive: true });
    expect(projectRoot(join(root, 'src', 'web'))).toBe(root);
  });
});
