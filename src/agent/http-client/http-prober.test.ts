import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServers, listen, rawServer } from '../../../test/agent/local-servers.js';
import { freePort } from '../../../test/support/postgres-cluster.js';
import { HttpProber } from './http-prober.js';

afterEach(closeServers);

describe('HttpProber', () => {
  /** A server answering every request with `status` (and a Location). */
  async function answering(status: number): Promise<string> {
    const port = await listen(
      http.createServer((request, response) => {
        request.resume();
        response.writeHead(status, status < 400 && status >= 300 ? { location: 'http://127.0.0.1:9/' } : {});
        response.end();
      }),
    );
    return `http://127.0.0.1:${port}/`;
  }

  it('says NOT_CONFIGURED without a target', async () => {
    expect(await new HttpProber(undefined).probe()).toBe('NOT_CONFIGURED');
  });

  it.each([200, 204, 301, 302, 400, 404, 405])(
    'takes an HTTP %i for the answer of a working site: REACHABLE (a redirect is not followed)',
    async (status) => {
      expect(await new HttpProber(await answering(status)).probe()).toBe('REACHABLE');
    },
  );

  it.each([500, 502, 503, 504])(
    "takes an HTTP %i for no answer from the site (a proxy's, whose line is down): UNREACHABLE",
    async (status) => {
      expect(await new HttpProber(await answering(status)).probe()).toBe('UNREACHABLE');
    },
  );

  it('says UNREACHABLE when nothing listens, or the answer is not HTTP', async () => {
    const closed = await freePort();
    const smtp = await rawServer((socket) => socket.end('220 mail.example ESMTP\r\n\r\n'));
    expect(await new HttpProber(`http://127.0.0.1:${closed}/`).probe()).toBe('UNREACHABLE');
    expect(await new HttpProber(`http://127.0.0.1:${smtp}/`).probe()).toBe('UNREACHABLE');
  });
});
