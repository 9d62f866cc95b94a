import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServers, listen, rawServer } from '../../../test/agent/local-servers.js';
import { freePort } from '../../../test/support/postgres-cluster.js';
import { HttpRegistryStatus } from './http-registry-status.js';

afterEach(closeServers);

describe('HttpRegistryStatus', () => {
  /** A registry answering its status with `status`, and remembering what was asked of it. */
  async function registry(status: number): Promise<{ url: string; asked: string[] }> {
    const asked: string[] = [];
    const port = await listen(
      http.createServer((request, response) => {
        asked.push(
          `${request.method ?? ''} ${request.url ?? ''} ${request.headers.authorization ?? 'no key'}`,
        );
        request.resume();
        response.writeHead(status, status >= 300 && status < 400 ? { location: 'http://127.0.0.1:9/' } : {});
        response.end('{}');
      }),
    );
    return { url: `http://127.0.0.1:${port}/some/base`, asked };
  }
  const never = new AbortController().signal;

  it("says the registry answers when its GET /api/v1/status gives a 2xx, asked without the agent's key", async () => {
    const { url, asked } = await registry(200);
    expect(await new HttpRegistryStatus(url).answers(never)).toBe(true);
    expect(asked).toEqual(['GET /api/v1/status no key']);
  });

  it.each([503, 500, 502, 404, 401, 302])(
    'takes an HTTP %i for no answer of the registry',
    async (status) => {
      const { url } = await registry(status);
      expect(await new HttpRegistryStatus(url).answers(never)).toBe(false);
    },
  );

  it('says it does not answer when nothing listens, or the answer is not HTTP', async () => {
    const closed = await freePort();
    const smtp = await rawServer((socket) => socket.end('220 mail.example ESMTP\r\n\r\n'));
    expect(await new HttpRegistryStatus(`http://127.0.0.1:${closed}`).answers(never)).toBe(false);
    expect(await new HttpRegistryStatus(`http://127.0.0.1:${smtp}`).answers(never)).toBe(false);
  });

  it('gives up on a registry that does not answer within its short timeout, or when told to stop', async () => {
    const silent = await rawServer(() => undefined);
    const started = Date.now();
    expect(await new HttpRegistryStatus(`http://127.0.0.1:${silent}`, 100).answers(never)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    const stop = new AbortController();
    const asking = new HttpRegistryStatus(`http://127.0.0.1:${silent}`, 60_000).answers(stop.signal);
    stop.abort();
    expect(await asking).toBe(false);
  });
});
