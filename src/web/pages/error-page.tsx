import type { JSX } from 'preact';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';

/** A page that says what went wrong, in the page's language, with a way back. */
export function ErrorPage(props: { readonly ctx: PageContext; readonly message: string }): JSX.Element {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('errorTitle')}>
      <p role="alert">{props.message}</p>
      <p>
        <a href="/">{ctx.t('backHome')}</a>
      </p>
    </Layout>
  );
}
