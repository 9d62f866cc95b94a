import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A page as a test reads it: status, HTML, and where a redirect points. */
export interface WebPage {
  readonly status: number;
  readonly html: string;
  readonly location?: string;
  readonly raw: LightMyRequestResponse;
}

/**
 * A browser for in-process tests of the pages: it keeps cookies, and posts forms with the token of the last
 * page it read (as a browser posts the form it shows).
 */
export class WebClient {
  private readonly cookies = new Map<string, string>();
  private csrf = '';

  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  /** A browser signed in through the form as the user, speaking `language` (its Accept-Language) if given. */
  static async signedIn(
    app: FastifyInstance,
    user: { readonly username: string; readonly password: string },
    language?: string,
  ): Promise<WebClient> {
    const browser = new WebClient(app, language === undefined ? {} : { 'accept-language': language });
    const opened = await browser.signIn(user.username, user.password);
    if (opened.status !== 303) throw new Error(`${user.username} not signed in: ${opened.status}`);
    return browser;
  }

  get(url: string): Promise<WebPage> {
    return this.send('GET', url);
  }

  /** Posts a form (url-encoded), with the token of the last page read unless `_csrf` is given. */
  post(url: string, fields: Readonly<Record<string, string | readonly string[]>>): Promise<WebPage> {
    const form = new URLSearchParams();
    if (!('_csrf' in fields)) form.append('_csrf', this.csrf);
    for (const [name, value] of Object.entries(fields))
      for (const v of typeof value === 'string' ? [value] : value) form.append(name, v);
    return this.send('POST', url, form.toString());
  }

  /** Signs in through the form. */
  async signIn(username: string, password: string): Promise<WebPage> {
    await this.get('/sign-in');
    return this.post('/sign-in', { username, password });
  }

  /**
   * Sends anything at all (a body of any type, any headers), with the cookies and the last page's token in the
   * `x-csrf-token` header, as a script on the page would: for the tests of bad input.
   */
  async raw(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    options: { readonly headers?: Readonly<Record<string, string>>; readonly payload?: string } = {},
  ): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      headers: {
        ...this.headers,
        'x-csrf-token': this.csrf,
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...options.headers,
      },
      ...(options.payload === undefined ? {} : { payload: options.payload }),
    });
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private async send(method: 'GET' | 'POST', url: string, payload?: string): Promise<WebPage> {
    const raw = await this.app.inject({
      method,
      url,
      headers: {
        ...this.headers,
        ...(payload === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      ...(payload === undefined ? {} : { payload }),
    });
    for (const c of raw.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const gone =
        c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now());
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/u.exec(raw.body)?.[1];
    if (token !== undefined) this.csrf = token;
    const location = raw.headers.location;
    return {
      status: raw.statusCode,
      html: raw.body,
      ...(typeof location === 'string' ? { location } : {}),
      raw,
    };
  }
}
