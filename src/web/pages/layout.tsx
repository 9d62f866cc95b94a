import type { ComponentChildren, JSX } from 'preact';
import { LANGUAGE_NAMES, LANGUAGES } from '../language.js';
import type { MessageKey } from '../messages.js';
import type { FieldErrors, PageContext } from './page-context.js';

/** The navigation of each role: where its people go. */
const NAVIGATION: Readonly<Record<string, readonly { href: string; label: MessageKey }[]>> = {
  company: [
    { href: '/workplaces', label: 'navToday' },
    { href: '/presences', label: 'navSearch' },
    { href: '/roster', label: 'navRoster' },
    { href: '/mobile', label: 'navMobile' },
    { href: '/emergency', label: 'navEmergency' },
  ],
  provider: [
    { href: '/workplaces', label: 'navToday' },
    { href: '/presences', label: 'navSearch' },
    { href: '/roster', label: 'navRoster' },
    { href: '/mobile', label: 'navMobile' },
    { href: '/emergency', label: 'navEmergency' },
  ],
  agent: [{ href: '/contact-center', label: 'navContactCenter' }],
  inspector: [{ href: '/inspection', label: 'navInspection' }],
  admin: [{ href: '/workplaces', label: 'navToday' }],
};

/** The page around every page: header with navigation, language switch and sign-out; the content; a footer. */
export function Layout(props: {
  readonly ctx: PageContext;
  readonly title: string;
  readonly children: ComponentChildren;
}): JSX.Element {
  const { ctx, title } = props;
  const { t, user } = ctx;
  const back = encodeURIComponent(ctx.path);
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('appName')}`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="manifest" href="/manifest.webmanifest" />
        <meta name="theme-color" content="#0b4f6c" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('skipToContent')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {t('appName')}
          </a>
          {user === undefined ? null : (
            <nav aria-label={t('appName')}>
              {(NAVIGATION[user.role] ?? []).map((item) => (
                <a href={item.href} aria-current={ctx.path.startsWith(item.href) ? 'page' : undefined}>
                  {t(item.label)}
                </a>
              ))}
            </nav>
          )}
          <nav class="languages" aria-label={t('language')}>
            {LANGUAGES.map((lang) => (
              <a
                href={`/language/${lang}?back=${back}`}
                hreflang={lang}
                lang={lang}
                aria-current={lang === ctx.lang ? 'true' : undefined}
              >
                {LANGUAGE_NAMES[lang]}
              </a>
            ))}
          </nav>
          {user === undefined ? null : (
            <form method="post" action="/sign-out" class="sign-out">
              <span>{t('signedInAs', { name: user.displayName })}</span>
              <CsrfField ctx={ctx} />
              <button type="submit">{t('signOut')}</button>
            </form>
          )}
        </header>
        <main id="main">
          <h1>{title}</h1>
          {props.children}
        </main>
        <footer>{t('tagline')}</footer>
      </body>
    </html>
  );
}

/** The hidden field that carries the form token. */
export function CsrfField(props: { readonly ctx: PageContext }): JSX.Element | null {
  return props.ctx.csrfToken === undefined ? null : (
    <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
  );
}

/** The errors of a field, next to it (the field points to them with `aria-describedby`). */
export function FieldError(props: {
  readonly errors: FieldErrors;
  readonly name: string;
}): JSX.Element | null {
  const messages = props.errors.get(props.name);
  if (messages === undefined || messages.length === 0) return null;
  return (
    <div class="field-error" id={errorId(props.name)} role="alert">
      {messages.map((m) => (
        <p>{m}</p>
      ))}
    </div>
  );
}

/** The attributes that tie a field to its errors. */
export function invalidAttributes(
  errors: FieldErrors,
  name: string,
): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
  return (errors.get(name)?.length ?? 0) > 0
    ? { 'aria-invalid': 'true', 'aria-describedby': errorId(name) }
    : {};
}

function errorId(name: string): string {
  return `${name.replace(/[^a-zA-Z0-9_-]/gu, '-')}-error`;
}
