import type { JSX } from 'preact';
import { CsrfField, FieldError, invalidAttributes, Layout } from './layout.js';
import type { FieldErrors, PageContext } from './page-context.js';

/** The sign-in form; after a refusal, its message under the password and the username kept. */
export function SignInPage(props: {
  readonly ctx: PageContext;
  readonly errors: FieldErrors;
  readonly username?: string;
  readonly notice?: string;
  /** Where to go once signed in (the page that asked for it). */
  readonly back: string;
}): JSX.Element {
  const { ctx, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('signIn')}>
      <p>{t('signInIntro')}</p>
      {props.notice === undefined ? null : <p class="notice">{props.notice}</p>}
      <form
        method="post"
        action={props.back === '/' ? '/sign-in' : `/sign-in?back=${encodeURIComponent(props.back)}`}
        class="stacked"
        novalidate
      >
        <CsrfField ctx={ctx} />
        <label for="username">{t('username')}</label>
        <input
          id="username"
          name="username"
          autocomplete="username"
          autocapitalize="none"
          required
          value={props.username ?? ''}
          {...invalidAttributes(errors, 'username')}
        />
        <FieldError errors={errors} name="username" />
        <label for="password">{t('password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          {...invalidAttributes(errors, 'password')}
        />
        <FieldError errors={errors} name="password" />
        <button type="submit">{t('signIn')}</button>
      </form>
    </Layout>
  );
}
