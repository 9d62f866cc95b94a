import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Makes sure one `agent run` at a time sends a journal: two would send the same batches and file the same
 * procedure twice. The lock is a file beside the journal holding the process id; a lock left by a process that
 * died (a crash, a kill) is taken over.
 */
export function lockJournal(journal: string): { readonly release: () => void } | { readonly heldBy: number } {
  const path = `${journal}.run-lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      return {
        release: () => {
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder))
        return { heldBy: holder };
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock ${journal}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
