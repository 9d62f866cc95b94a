import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/**
 * Servers on 127.0.0.1 for the tests of what the agent makes of the network: each on a free port, closed with its
 * sockets by {@link closeServers} (call it after each test).
 */
const running: { readonly server: net.Server; readonly sockets: Set<net.Socket> }[] = [];

/** Closes every server started since the last call, destroying their sockets first. */
export async function closeServers(): Promise<void> {
  const all = running.splice(0);
  await Promise.all(
    all.map(({ server, sockets }) => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }),
  );
}

/** Starts `server` on a free port of 127.0.0.1; {@link closeServers} closes it and destroys its sockets. */
export async function listen(server: net.Server): Promise<number> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  running.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A TCP server that reads the request and then does `onRequest` with the raw socket. */
export function rawServer(onRequest: (socket: net.Socket) => void): Promise<number> {
  return listen(
    net.createServer((socket) =>
      socket.once('data', () => {
        onRequest(socket);
      }),
    ),
  );
}

/** An HTTP server answering with the status and Retry-After the request asks for in its headers. */
export function answeringServer(): Promise<number> {
  return listen(
    http.createServer((request, response) => {
      const retryAfter = request.headers['x-reply-retry-after'];
      request.resume();
      response.writeHead(
        Number(request.headers['x-reply-status']),
        typeof retryAfter === 'string' ? { 'retry-after': retryAfter } : {},
      );
      response.end(`{"echo":"${String(request.headers.authorization)}"}`);
    }),
  );
}
