// Keeps a throwaway PostgreSQL cluster (test/support/postgres-cluster.ts) for a bench run, in a process of its
// own (see throwaway-cluster.ts): starts it, prints one JSON line ({ url, version } or { error }), and stops it
// and removes its files on SIGTERM or SIGINT, or when its standard input closes — the bench gone, even killed.
import { startThrowawayCluster } from '../test/support/postgres-cluster.js';

let cluster: Awaited<ReturnType<typeof startThrowawayCluster>> | undefined;
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  try {
    cluster?.stop();
  } catch (error) {
    // Already stopped (a Ctrl-C reaches the server's processes too): its files are removed all the same.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(0);
};
// Asked to stop while starting: stop once started (the programs that start it block this process until then).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
process.stdin.on('end', stop);
process.stdin.resume();

try {
  cluster = await startThrowawayCluster();
  process.stdout.write(`${JSON.stringify({ url: cluster.url, version: cluster.version })}\n`);
} catch (error) {
  process.stdout.write(
    `${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`,
  );
  process.exit(1);
}
