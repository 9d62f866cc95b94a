import type { JSX } from 'preact';
import type { Validation } from '../../domain/validation.js';
import { REMARK_TEXTS, VALIDATION_STATUS_WORDS } from '../../domain/validation-texts.js';
import type { PageContext } from './page-context.js';

/**
 * Where a presence stands in its checks, in the page's language: a badge (being checked, in order, or accepted and
 * to put right) and, when the check found something, its remarks in words, one per line (they wrap on a phone).
 */
export function ValidationBadge(props: {
  readonly ctx: PageContext;
  readonly validation: Validation;
}): JSX.Element {
  const { ctx, validation } = props;
  const { status } = validation;
  return (
    <div class="validation" data-validation={status}>
      <span class={`validation-status validation-${status.toLowerCase()}`}>
        {VALIDATION_STATUS_WORDS[status][ctx.lang]}
      </span>
      {validation.status === 'FAILED' ? (
        <ul class="remarks" aria-label={ctx.t('validationFound')}>
          {validation.remarks.map((remark) => (
            <li data-remark={remark}>{REMARK_TEXTS[remark][ctx.lang]}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** What a company does about a presence to put right, said once under a list that holds one. */
export function ValidationHint(props: {
  readonly ctx: PageContext;
  readonly validations: readonly Validation[];
}): JSX.Element | null {
  return props.validations.some((v) => v.status === 'FAILED') ? (
    <p class="muted validation-hint">{props.ctx.t('validationFailedHint')}</p>
  ) : null;
}
