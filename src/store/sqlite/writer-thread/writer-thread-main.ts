// The SQLite writer thread: one connection that makes every forwarded write, in group commits (see
// writer-thread.ts for the serving thread's end). Started by `WriterThread.start`, never run on its own.
import { parentPort, workerData } from 'node:worker_threads';
import { sealWithSha256 } from '../../../shared/audit-seal.js';
import { openLocalSqliteStore, type SqliteStore } from '../sqlite-store.js';
import {
  carry,
  decodeArgs,
  type Call,
  type FromWriter,
  type Invalidation,
  type Reply,
  type ToWriter,
} from './messages.js';

const port = parentPort;
if (port === null) throw new Error('The SQLite writer thread runs as a worker thread only.');
const { path, backgroundCheckpoints } = workerData as { path: string; backgroundCheckpoints: boolean };

function send(message: FromWriter): void {
  port?.postMessage(message);
}

let store: SqliteStore;
try {
  const opened = await openLocalSqliteStore({ path, backgroundCheckpoints });
  store = opened.store;
  send({ kind: 'READY', applied: opened.applied });
} catch (error) {
  send({ kind: 'FAILED_TO_OPEN', error: carry(error) });
  port.close();
  throw error;
}

// What the writes changed in the read cache, told to the serving thread with the next reply: every write that
// made them is committed by then (a group commit runs its writes and commits in one go, before any reply).
let invalidations: Invalidation[] = [];
const invalidate = store.cache.invalidate.bind(store.cache);
store.cache.invalidate = (namespace: string, key?: string) => {
  invalidate(namespace, key);
  invalidations.push([namespace, key]);
};

let inFlight = 0;
let paused = false;
let pauseAsked = 0;
const held: Call[] = [];

function dispatch(call: Call): void {
  inFlight += 1;
  let result: Promise<unknown>;
  try {
    const repository = store[call.repository] as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    const method = repository[call.method];
    if (method === undefined) throw new Error(`No write ${call.repository}.${call.method}.`);
    result = method.apply(repository, decodeArgs(call.repository, call.method, call.args, sealWithSha256));
  } catch (error) {
    result = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  result.then(
    (value) => {
      settle(call.id, { ok: true, value });
    },
    (error: unknown) => {
      settle(call.id, { ok: false, error: carry(error) });
    },
  );
}

let replies: Reply[] = [];

function settle(id: number, outcome: Reply['outcome']): void {
  inFlight -= 1;
  // Taken now, right after the commit that settled this call, and before the next group commit's writes run.
  const changed = invalidations;
  invalidations = [];
  replies.push({ id, invalidations: changed, outcome });
  if (replies.length === 1) {
    setImmediate(() => {
      const sent = replies;
      replies = [];
      send({ kind: 'REPLIES', replies: sent });
      answerPauses();
    });
  }
}

function answerPauses(): void {
  if (!paused || inFlight > 0 || replies.length > 0) return;
  for (; pauseAsked > 0; pauseAsked -= 1) send({ kind: 'PAUSED' });
}

port.on('message', (message: ToWriter) => {
  switch (message.kind) {
    case 'CALLS':
      for (const call of message.calls) {
        if (paused) held.push(call);
        else dispatch(call);
      }
      return;
    case 'PAUSE':
      paused = true;
      pauseAsked += 1;
      answerPauses();
      return;
    case 'RESUME':
      paused = false;
      for (const call of held.splice(0)) dispatch(call);
      return;
    case 'CLOSE':
      void store.close().then(() => {
        send({ kind: 'CLOSED' });
        port.close();
      });
      return;
  }
});
