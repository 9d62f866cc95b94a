import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answeringServer, closeServers, listen, rawServer } from '../../../test/agent/local-servers.js';
import { freePort } from '../../../test/support/postgres-cluster.js';
import type { RegistryItem } from '../registry-client.js';
import { HttpRegistryClient } from './http-registry-client.js';

/** The agent's key: sent with every request, and looked for in every reply. */
const SECRET = 'sp_live_Zr8qN3vKx1WmT5yH';

afterEach(closeServers);

describe('HttpRegistryClient against a real HTTP server', () => {
  const ITEM: RegistryItem = {
    workplaceId: 'DEMO0001',
    registrationDate: '2026-11-27',
    worker: { niss: '85073003328' },
    employer: '0403019261',
    clientReference: '01890a5d-ac96-774b-bcce-b302099a8057',
  };
  const items = (n: number): RegistryItem[] =>
    Array.from({ length: n }, (_, i) => ({
      ...ITEM,
      clientReference: `${ITEM.clientReference.slice(0, -1)}${i}`,
    }));
  const registered = (index: number) => ({
    index,
    status: 'REGISTERED',
    duplicate: false,
    presence: { id: `p${index}`, receiptNumber: `R${index}`, registrationDate: '2026-11-27' },
  });
  const clients: HttpRegistryClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  /** A registry at a server that answers every request with `status`, `body` and its content type. */
  async function answering(status: number, body: string, type = 'application/json'): Promise<string> {
    const port = await listen(
      http.createServer((request, response) => {
        request.resume();
        request.on('end', () => {
          response.writeHead(status, { 'content-type': type });
          response.end(body);
        });
      }),
    );
    return `http://127.0.0.1:${port}`;
  }
  const client = (url: string, timeoutMs?: number): HttpRegistryClient => {
    const made = new HttpRegistryClient(url, SECRET, undefined, timeoutMs);
    clients.push(made);
    return made;
  };

  it('reads the results by their index, in any order, and leaves an item without a readable result without one', async () => {
    const url = await answering(
      200,
      JSON.stringify({
        results: [
          registered(2),
          { index: 0, status: 'REJECTED', errors: [{ code: 'NISS_CHECK_DIGITS', message: 'No.' }] },
          { index: 1, status: 'SOMETHING_NEW' },
          registered(9),
        ],
      }),
    );
    expect(await client(url).register(items(4))).toEqual({
      kind: 'RESULTS',
      results: [
        { status: 'REJECTED', errors: [{ code: 'NISS_CHECK_DIGITS', message: 'No.' }] },
        undefined,
        { status: 'REGISTERED', duplicate: false, presence: { id: 'p2', receiptNumber: 'R2' } },
        undefined,
      ],
    });
  });

  it('takes a 2xx without one result it can read for a BAD_REPLY', async () => {
    const reply = await client(await answering(200, '{"results":[]}')).register(items(2));
    expect(reply).toMatchObject({ kind: 'FAILED', failure: { class: 'BAD_REPLY' } });
  });

  it("takes a captive portal's page answering 200 for a BAD_REPLY", async () => {
    const url = await answering(200, '<html><body>Welcome! Accept the terms</body></html>', 'text/html');
    expect(await client(url).register(items(1))).toMatchObject({
      kind: 'FAILED',
      failure: { class: 'BAD_REPLY', side: 'UNKNOWN' },
    });
  });

  it("passes the registry's reasons on when it refuses a batch as a whole, with the status", async () => {
    const details = [
      { code: 'FIELD_FORMAT', field: 'presences[1].worker.niss', message: 'Not a NISS.' },
      { code: 'FIELD_LENGTH', field: 'presences[3].employer', message: 'Too long.' },
    ];
    const url = await answering(
      400,
      JSON.stringify({ error: { code: 'FIELD_FORMAT', message: 'Not a NISS.', details } }),
    );
    const reply = await client(url).register(items(4));
    expect(reply).toEqual({
      kind: 'FAILED',
      failure: expect.objectContaining({ class: 'REQUEST_REFUSED', status: 400, side: 'AGENT' }) as unknown,
      errors: details,
    });
  });

  it('takes the main error of a refusal without details', async () => {
    const url = await answering(
      413,
      JSON.stringify({ error: { code: 'BODY_TOO_LARGE', message: 'Too large.' } }),
    );
    expect(await client(url).register(items(2))).toMatchObject({
      kind: 'FAILED',
      failure: { class: 'REQUEST_REFUSED', status: 413 },
      errors: [{ code: 'BODY_TOO_LARGE', message: 'Too large.' }],
    });
  });

  it("gives no reasons for a refusal that is not the registry's (a proxy's page)", async () => {
    const url = await answering(413, '<html>413 Request Entity Too Large</html>', 'text/html');
    const reply = await client(url).register(items(2));
    expect(reply).toMatchObject({ kind: 'FAILED', failure: { class: 'REQUEST_REFUSED', status: 413 } });
    expect(reply).not.toHaveProperty('errors');
  });

  it('does not follow a redirect: it is a BAD_REPLY', async () => {
    const port = await listen(
      http.createServer((request, response) => {
        request.resume();
        response.writeHead(302, { location: 'http://127.0.0.1:9/login' }).end();
      }),
    );
    expect(await client(`http://127.0.0.1:${port}`).register(items(1))).toMatchObject({
      kind: 'FAILED',
      failure: { class: 'BAD_REPLY', status: 302, detail: 'HTTP 302 Found: unexpected redirect' },
    });
  });

  it('classifies what fails on the way as the classifier does, never showing the key', async () => {
    const closed = await freePort();
    const hangingUp = await rawServer((socket) => socket.destroy());
    const silent = await rawServer(() => undefined);
    const replies = await Promise.all([
      client(`http://127.0.0.1:${closed}`).register(items(1)),
      client(`http://127.0.0.1:${hangingUp}`).register(items(1)),
      client(`http://127.0.0.1:${silent}`, 100).register(items(1)),
      client(`https://127.0.0.1:${await answeringServer()}`).register(items(1)),
    ]);
    expect(replies.map((r) => (r.kind === 'FAILED' ? r.failure.class : r.kind))).toEqual([
      'CONNECTION_REFUSED',
      'CONNECTION_RESET',
      'TIMEOUT',
      'TLS',
    ]);
    for (const reply of replies) expect(JSON.stringify(reply)).not.toContain(SECRET);
  });

  it('sends its key, and keeps its two connections for the next batches, two out at once', async () => {
    const connections: net.Socket[] = [];
    const keys: (string | undefined)[] = [];
    const server = http.createServer((request, response) => {
      keys.push(request.headers.authorization);
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ results: [registered(0)] }));
      });
    });
    server.on('connection', (socket: net.Socket) => connections.push(socket));
    const registry = client(`http://127.0.0.1:${await listen(server)}`);
    for (let i = 0; i < 3; i += 1)
      expect(await registry.register(items(1))).toMatchObject({ kind: 'RESULTS' });
    const both = await Promise.all([registry.register(items(1)), registry.register(items(1))]);
    expect(both).toMatchObject([{ kind: 'RESULTS' }, { kind: 'RESULTS' }]);
    expect(keys).toEqual(Array(5).fill(`Bearer ${SECRET}`));
    expect(connections.length).toBeGreaterThanOrEqual(1);
    expect(connections.length).toBeLessThanOrEqual(2);
  });
});
