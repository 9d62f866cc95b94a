import type { AppDeps } from '../app/app-deps.js';
import type { PasswordHasher } from '../app/password-hasher.js';

/** What the web needs besides the app's: the slow password hash, and whether cookies are sent over HTTPS only. */
export interface WebDeps extends AppDeps {
  readonly passwords: PasswordHasher;
  /**
   * `true`: cookies only over HTTPS (behind a TLS proxy, with the proxy trusted); `'auto'` (the default): when the
   * request came over HTTPS, so that `npm start` on http://localhost works too.
   */
  readonly secureCookies?: boolean | 'auto';
}
