import type { JSX } from 'preact';
import type { ContractorLink } from '../../../domain/contractor-chain.js';
import { formatEnterpriseNumber, type EnterpriseNumber } from '../../../domain/enterprise-number.js';
import type { Workplace } from '../../../domain/workplace.js';
import { CsrfField, FieldError, invalidAttributes, Layout } from '../layout.js';
import type { FieldErrors, PageContext } from '../page-context.js';

/** What the form to add a subcontractor was sent with (or is filled in with), as typed. */
export interface ContractorForm {
  readonly enterprise: string;
  readonly parent: string;
}

/**
 * A workplace's contractor chain as the person may see it — from the declarant of the works down, each company
 * under the ones it works for, theirs marked — and the form to add a subcontractor under one of the companies
 * they may add under.
 */
export function ContractorChainPage(props: {
  readonly ctx: PageContext;
  readonly workplace: Workplace;
  readonly contractors: readonly ContractorLink[];
  /** The companies the person acts for (theirs are marked). */
  readonly own: ReadonlySet<EnterpriseNumber>;
  /** The companies a subcontractor may be added under by this person; none: no form. */
  readonly parents: readonly EnterpriseNumber[];
  readonly form: ContractorForm;
  readonly errors: FieldErrors;
  /** The link just added. */
  readonly added?: ContractorLink;
}): JSX.Element {
  const { ctx, workplace, errors } = props;
  const { t } = ctx;
  const id = encodeURIComponent(workplace.id);
  return (
    <Layout ctx={ctx} title={t('admChainTitle', { workplace: workplace.name })}>
      <p class="muted">
        {t('workplaceId')}: <span class="mono">{workplace.id}</span> · {workplace.address.street},{' '}
        {workplace.address.postalCode} {workplace.address.city}
      </p>
      <p class="links">
        <a href={`/workplaces/${id}`}>{t('admDayOfWorkplace')}</a>
        <a href={`/presences?workplaceId=${id}`}>{t('admPresencesOfWorkplace')}</a>
      </p>
      {props.added === undefined ? null : (
        <p class="notice" role="status" id="chain-notice">
          {t('admContractorAdded', {
            enterprise: formatEnterpriseNumber(props.added.enterprise),
            parent: formatEnterpriseNumber(props.added.parent),
          })}
        </p>
      )}
      <section aria-labelledby="chain-heading">
        <h2 id="chain-heading">{t('admChain')}</h2>
        <p class="muted">{t('admChainIntro')}</p>
        <ul class="chain-tree">
          <ChainNode
            ctx={ctx}
            enterprise={workplace.declarant}
            declarant={workplace.declarant}
            links={props.contractors}
            own={props.own}
            path={new Set()}
          />
        </ul>
        {props.contractors.length === 0 ? <p>{t('admNoContractors')}</p> : null}
      </section>
      {props.parents.length === 0 ? null : (
        <section aria-labelledby="add-contractor-heading">
          <h2 id="add-contractor-heading">{t('admAddContractor')}</h2>
          <p class="muted">{t('admAddContractorIntro')}</p>
          {errors.size === 0 ? null : (
            <p class="warning" role="alert">
              {t('formHasErrors')}
            </p>
          )}
          <FieldError errors={errors} name="form" />
          <form method="post" action={`/workplaces/${id}/chain`} class="stacked" novalidate>
            <CsrfField ctx={ctx} />
            <label for="enterprise">{t('admContractorEnterprise')}</label>
            <input
              id="enterprise"
              name="enterprise"
              value={props.form.enterprise}
              inputmode="numeric"
              autocomplete="off"
              class="mono"
              {...invalidAttributes(errors, 'enterprise')}
            />
            <FieldError errors={errors} name="enterprise" />
            <label for="parent">{t('admWorksFor')}</label>
            <select id="parent" name="parent" {...invalidAttributes(errors, 'parent')}>
              {props.parents.map((p) => (
                <option value={p} selected={p === props.form.parent}>
                  {formatEnterpriseNumber(p)}
                  {p === workplace.declarant ? ` (${t('admDeclarant')})` : ''}
                  {props.own.has(p) ? ` (${t('admYou')})` : ''}
                </option>
              ))}
            </select>
            <FieldError errors={errors} name="parent" />
            <button type="submit">{t('admAddToChain')}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

/** A company of the chain and, nested below it, the companies that work for it. */
function ChainNode(props: {
  readonly ctx: PageContext;
  readonly enterprise: EnterpriseNumber;
  readonly declarant: EnterpriseNumber;
  readonly links: readonly ContractorLink[];
  readonly own: ReadonlySet<EnterpriseNumber>;
  /** The companies above this one on the way down, against a chain that would loop. */
  readonly path: ReadonlySet<EnterpriseNumber>;
}): JSX.Element {
  const { ctx, enterprise } = props;
  const { t } = ctx;
  const path = new Set([...props.path, enterprise]);
  const below = props.links.filter((l) => l.parent === enterprise && !path.has(l.enterprise));
  return (
    <li data-enterprise={enterprise}>
      <span class="mono">{formatEnterpriseNumber(enterprise)}</span>
      {enterprise === props.declarant ? <span class="tag">{t('admDeclarant')}</span> : null}
      {props.own.has(enterprise) ? <span class="tag you">{t('admYou')}</span> : null}
      {below.length === 0 ? null : (
        <ul>
          {below.map((l) => (
            <ChainNode {...props} enterprise={l.enterprise} path={path} />
          ))}
        </ul>
      )}
    </li>
  );
}
