import type { JSX } from 'preact';
import type { Presence } from '../../domain/presence.js';
import { UPSTREAM_STATUS_WORDS } from '../../domain/upstream-texts.js';
import type { PageContext } from './page-context.js';

/**
 * Where a presence stands at the official registry, for a registry that forwards there: a badge with the official
 * registration number once it has one. Nothing for a presence that is not forwarded.
 */
export function UpstreamBadge(props: {
  readonly ctx: PageContext;
  readonly presence: Presence;
}): JSX.Element | null {
  const { ctx, presence } = props;
  const { upstream } = presence;
  if (upstream === undefined) return null;
  return (
    <div class="upstream" data-upstream={upstream.status}>
      <span class={`upstream-status upstream-${upstream.status.toLowerCase()}`}>
        {UPSTREAM_STATUS_WORDS[upstream.status][ctx.lang]}
      </span>
      {'registrationId' in upstream ? (
        <span class="upstream-number"> n° {upstream.registrationId}</span>
      ) : null}
    </div>
  );
}
