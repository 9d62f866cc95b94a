import type { JSX } from 'preact';
import type { MobileConfig } from '../mobile-config.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';

/**
 * The mobile channel's page: a shell the service worker keeps for offline use, its settings in a JSON block
 * (not executed: the Content-Security-Policy allows this site's scripts only), and the script that does the rest.
 */
export function MobilePage(props: { readonly ctx: PageContext; readonly config: MobileConfig }): JSX.Element {
  const { ctx } = props;
  // `<` escaped: the JSON cannot close the script element whatever a name holds.
  const json = JSON.stringify(props.config).replace(/</gu, '\\u003c');
  return (
    <Layout ctx={ctx} title={ctx.t('mobileTitle')}>
      <p class="muted">{ctx.t('mobileIntro')}</p>
      <div id="mobile-app" />
      <noscript>
        <p class="notice">{ctx.t('needsScript')}</p>
      </noscript>
      <script id="mobile-config" type="application/json" dangerouslySetInnerHTML={{ __html: json }} />
      <script type="module" src="/assets/mobile.js" />
    </Layout>
  );
}
