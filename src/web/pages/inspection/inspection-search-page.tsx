import type { JSX } from 'preact';
import { FieldError, invalidAttributes, Layout } from '../layout.js';
import type { FieldErrors, PageContext } from '../page-context.js';

/** What the inspection form was sent with. */
export interface InspectionForm {
  readonly workplaceId: string;
  readonly date: string;
}

/** The path of a workplace's day in the inspection console (add `.pdf` or `.csv` for its exports). */
export function dossierPath(workplaceId: string, date: string): string {
  return `/inspection/workplaces/${encodeURIComponent(workplaceId)}/days/${encodeURIComponent(date)}`;
}

/** The inspection console's start: which workplace, which day. */
export function InspectionSearchPage(props: {
  readonly ctx: PageContext;
  readonly form: InspectionForm;
  readonly errors: FieldErrors;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('inspTitle')}>
      <p class="muted">{t('inspIntro')}</p>
      <section aria-labelledby="open-heading">
        <h2 id="open-heading">{t('inspOpen')}</h2>
        <DayForm ctx={ctx} form={props.form} errors={props.errors} />
      </section>
    </Layout>
  );
}

/** The form that opens a workplace's day (a plain GET: inspecting changes nothing). */
export function DayForm(props: {
  readonly ctx: PageContext;
  readonly form: InspectionForm;
  readonly errors: FieldErrors;
  readonly hiddenWorkplace?: boolean;
}): JSX.Element {
  const { ctx, form, errors } = props;
  const { t } = ctx;
  return (
    <form
      method="get"
      action="/inspection"
      class={props.hiddenWorkplace === true ? 'inline' : 'stacked'}
      novalidate
    >
      {props.hiddenWorkplace === true ? (
        <input type="hidden" name="workplaceId" value={form.workplaceId} />
      ) : (
        <>
          <label for="workplaceId">{t('workplaceId')}</label>
          <input
            id="workplaceId"
            name="workplaceId"
            value={form.workplaceId}
            autocomplete="off"
            autocapitalize="characters"
            {...invalidAttributes(errors, 'workplaceId')}
          />
          <FieldError errors={errors} name="workplaceId" />
        </>
      )}
      <label for="date">{props.hiddenWorkplace === true ? t('inspOtherDay') : t('day')}</label>
      <input id="date" name="date" type="date" value={form.date} {...invalidAttributes(errors, 'date')} />
      {props.hiddenWorkplace === true ? null : <FieldError errors={errors} name="date" />}
      <button type="submit">{t('inspOpen')}</button>
    </form>
  );
}
