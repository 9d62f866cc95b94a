/** A reply over a real socket: the status and the parsed JSON body. */
export interface SocketReply {
  readonly status: number;
  readonly body: any;
}

/** Sends a request with an API key over a real socket (the process tests' client). */
export async function call(url: string, key: string, method: string, body?: unknown): Promise<SocketReply> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}
