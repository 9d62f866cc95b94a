import { connect } from 'node:net';

/** What a server did with a request sent byte by byte over a socket of its own. */
export interface RawExchange {
  /** Everything the server sent back, as text. */
  readonly received: string;
  /** How long after the first bytes went out the server closed the connection; undefined while it kept it open. */
  readonly closedAfterMs: number | undefined;
}

/** How to send a request over a raw socket: all at once, then a byte at a time, then nothing. */
export interface RawRequest {
  /** Sent at once when connected (nothing at all when empty). */
  readonly send: string;
  /** Then sent one character every `everyMs`, while the connection is open. */
  readonly trickle?: { readonly text: string; readonly everyMs: number };
  /** How long to wait for the server to close the connection before giving up (and closing it). */
  readonly waitMs: number;
}

/**
 * Sends a request to `127.0.0.1:port` as a slow or broken client would, bypassing any HTTP client library, and
 * reports what came back and when the server closed the connection.
 */
export function rawExchange(port: number, request: RawRequest): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let started = 0;
    let timer: NodeJS.Timeout | undefined;
    let trickling: NodeJS.Timeout | undefined;
    const finish = (closedAfterMs: number | undefined): void => {
      clearTimeout(timer);
      clearInterval(trickling);
      socket.destroy();
      resolve({ received: Buffer.concat(chunks).toString('latin1'), closedAfterMs });
    };
    const socket = connect(port, '127.0.0.1', () => {
      started = performance.now();
      if (request.send !== '') socket.write(request.send);
      const rest = Array.from(request.trickle?.text ?? '');
      if (request.trickle !== undefined)
        trickling = setInterval(() => {
          const next = rest.shift();
          if (next === undefined || socket.destroyed) clearInterval(trickling);
          else socket.write(next);
        }, request.trickle.everyMs);
      timer = setTimeout(() => {
        finish(undefined);
      }, request.waitMs);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => {
      finish(performance.now() - started);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after the server's answer is a close like another; before it, the exchange failed.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
  });
}

/** A reply as read from the wire: its status, its headers (names in lower case) and its body. */
export interface RawReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Reads the first reply in what a server sent; undefined when it sent nothing that starts like one. */
export function parseRawReply(received: string): RawReply | undefined {
  const match = /^HTTP\/1\.1 (\d{3})[^\r\n]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(received);
  if (match === null) return undefined;
  const headers: Record<string, string> = {};
  for (const line of (match[2] ?? '').split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  const length = Number(headers['content-length'] ?? NaN);
  const body = match[3] ?? '';
  return { status: Number(match[1]), headers, body: Number.isNaN(length) ? body : body.slice(0, length) };
}
