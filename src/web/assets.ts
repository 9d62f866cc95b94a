import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the project, from this module's place, compiled (`dist/src/web`) or not (`src/web`): the first
 * folder above with the web's own files. (Not merely a package.json: the build puts a copy of it in `dist`.)
 */
export function projectRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'web', 'public'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('sitepresence: package.json not found above the web module');
    dir = parent;
  }
  return dir;
}

/**
 * Where the web's files are served from: the hand-written ones (`web/public`: the stylesheet, the manifest, the
 * icons) and the built ones (`dist/web`: the browser's scripts, made by `npm run build`).
 */
export function assetFolders(): { readonly public: string; readonly built: string } {
  const root = projectRoot();
  return { public: join(root, 'web', 'public'), built: join(root, 'dist', 'web') };
}
