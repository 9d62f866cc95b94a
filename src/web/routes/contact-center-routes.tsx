import type { FastifyInstance, FastifyReply } from 'fastify';
import { getReference, issueReference, listReferences } from '../../app/contact-center.js';
import { getIncident } from '../../app/incidents.js';
import { listReportedIncidents, MAX_INBOX_INCIDENTS } from '../../app/incident-inbox.js';
import { brusselsDay } from '../../app/registry-journal.js';
import { todayInBrussels } from '../../app/today.js';
import type { SignedIn } from '../../app/users.js';
import { addDays, parseCalendarDate, type CalendarDate } from '../../domain/calendar-date.js';
import type { ContactReference } from '../../domain/contact-reference.js';
import { readDecimalInteger } from '../../domain/decimal-integer.js';
import { formatEnterpriseNumber } from '../../domain/enterprise-number.js';
import type { DomainError } from '../../domain/errors.js';
import { requireRoles, sendRefusal, statusOf } from '../page-access.js';
import { errorText } from '../i18n/error-texts.js';
import type { Language } from '../language.js';
import { checkCsrf, fieldErrors, languageOf, pageContext } from '../page-support.js';
import {
  CONTACT_CENTER_SPANS,
  ContactCenterPage,
  type ContactCenterPeriod,
  type IssueReferenceForm,
} from '../pages/contact-center-pages.js';
import type { FieldErrors, PageContext } from '../pages/page-context.js';
import { NO_ERRORS } from '../pages/page-context.js';
import { sendPage } from '../render.js';
import type { WebDeps } from '../web-deps.js';

/** The most references the contact center's lists show for a period. */
const MAX_LISTED_REFERENCES = 500;

/** The period in a query string: the last day (`day`) and how many days up to it (`days`). */
interface PeriodQuery {
  readonly day?: string;
  readonly days?: string;
}

/** The form to issue a reference, as posted. */
type IssueReferenceBody = Partial<Record<keyof IssueReferenceForm, unknown>>;

/**
 * The contact-center console (role `agent`): what came in — contact forms, incidents, references given by phone —
 * and the form that issues a reference number after a call.
 */
export function contactCenterRoutes(deps: WebDeps) {
  return (web: FastifyInstance): Promise<void> => {
    web.get<{ Querystring: PeriodQuery & { incident?: string; issued?: string } }>(
      '/contact-center',
      async (request, reply) => {
        const who = requireRoles(request, reply, ['agent']);
        if (who === undefined) return reply;
        const ctx = pageContext(request, reply);
        const { period, errors: periodErrors } = readPeriod(request.query, today(), ctx.lang);
        let form = emptyForm(period.day);
        let errors: FieldErrors = NO_ERRORS;
        const { incident, issued } = request.query;
        if (incident !== undefined && incident !== '') {
          const found = await getIncident(deps, who.principal, incident);
          if (found.ok) {
            const i = found.value;
            form = {
              ...form,
              enterprise: formatEnterpriseNumber(i.employer),
              workplaceId: i.workplaceId,
              date: i.date,
              incidentId: i.id,
            };
          } else {
            form = { ...form, incidentId: incident };
            errors = fieldErrors(found.error, ctx.lang, () => 'incidentId');
          }
        }
        let reference: ContactReference | undefined;
        if (issued !== undefined && issued !== '') {
          const found = await getReference(deps, who.principal, issued);
          if (found.ok) reference = found.value;
        }
        const status = periodErrors.size > 0 || errors.size > 0 ? 400 : 200;
        return renderContactCenter(reply, ctx, who, period, periodErrors, form, errors, status, reference);
      },
    );

    // Where a person lands who was sent to sign in while posting the form: back to the console.
    web.get('/contact-center/references', (_request, reply) => reply.redirect('/contact-center', 303));

    web.post<{ Body: IssueReferenceBody; Querystring: PeriodQuery }>(
      '/contact-center/references',
      { preHandler: checkCsrf(web) },
      async (request, reply) => {
        const who = requireRoles(request, reply, ['agent']);
        if (who === undefined) return reply;
        const form = formOf(request.body);
        const { period } = readPeriod(request.query, today(), languageOf(request));
        const issued = await issueReference(deps, who.principal, {
          enterprise: form.enterprise,
          workplaceId: form.workplaceId,
          date: form.date,
          note: form.note,
          ...(form.incidentId.trim() === '' ? {} : { incidentId: form.incidentId.trim() }),
          ...(form.contactName.trim() === '' &&
          form.contactPhone.trim() === '' &&
          form.contactEmail.trim() === ''
            ? {}
            : {
                contact: {
                  name: form.contactName,
                  ...(form.contactPhone.trim() === '' ? {} : { phone: form.contactPhone }),
                  ...(form.contactEmail.trim() === '' ? {} : { email: form.contactEmail }),
                },
              }),
        });
        if (issued.ok) {
          const number = encodeURIComponent(issued.value.number);
          return reply.redirect(
            `/contact-center?day=${period.day}&days=${period.days}&issued=${number}`,
            303,
          );
        }
        const ctx = pageContext(request, reply, `/contact-center?day=${period.day}&days=${period.days}`);
        const errors = fieldErrors(issued.error, ctx.lang, issueFieldOf);
        return renderContactCenter(
          reply,
          ctx,
          who,
          period,
          NO_ERRORS,
          form,
          errors,
          statusOf(issued.error[0]),
        );
      },
    );
    /** Renders the contact center's console for a period, with the form as given. */
    async function renderContactCenter(
      reply: FastifyReply,
      ctx: PageContext,
      who: SignedIn,
      period: ContactCenterPeriod,
      periodErrors: FieldErrors,
      form: IssueReferenceForm,
      errors: FieldErrors,
      status: number,
      issued?: ContactReference,
    ): Promise<FastifyReply> {
      const first = parseCalendarDate(period.from);
      const last = parseCalendarDate(period.day);
      if (!first.ok || !last.ok) throw new Error('the period was parsed before');
      const references = await listReferences(deps, who.principal, {
        from: brusselsDay(first.value).from.toISOString(),
        // The end is included: up to the last millisecond of the last day.
        to: new Date(brusselsDay(last.value).to.getTime() - 1).toISOString(),
        limit: MAX_LISTED_REFERENCES,
      });
      if (!references.ok) return sendRefusal(reply, ctx, references.error[0]);
      const incidents = await listReportedIncidents(deps, who.principal, {
        from: first.value,
        to: last.value,
        limit: MAX_INBOX_INCIDENTS,
      });
      if (!incidents.ok) return sendRefusal(reply, ctx, incidents.error[0]);
      return sendPage(
        reply,
        status,
        <ContactCenterPage
          ctx={ctx}
          period={period}
          periodErrors={periodErrors}
          inbox={{
            contactForms: references.value.filter((r) => r.source === 'CONTACT_FORM'),
            phoneReferences: references.value.filter((r) => r.source === 'PHONE'),
            incidents: incidents.value,
            references: { count: references.value.length, limit: MAX_LISTED_REFERENCES },
            incidentLimit: MAX_INBOX_INCIDENTS,
          }}
          form={form}
          errors={errors}
          {...(issued === undefined ? {} : { issued })}
        />,
      );
    }

    function today(): CalendarDate {
      return todayInBrussels(deps.clock.now());
    }

    return Promise.resolve();
  };
}

/** The period asked for (today alone by default); a day that cannot be read is said next to its field. */
function readPeriod(
  query: PeriodQuery,
  today: CalendarDate,
  lang: Language,
): { readonly period: ContactCenterPeriod; readonly errors: FieldErrors } {
  const asked = readDecimalInteger(query.days ?? '');
  const days = CONTACT_CENTER_SPANS.find((n) => n === asked) ?? 1;
  const raw = query.day === undefined || query.day === '' ? today : query.day;
  const parsed = parseCalendarDate(raw);
  const day = parsed.ok ? parsed.value : today;
  const errors = parsed.ok ? NO_ERRORS : new Map([['day', [errorText(parsed.error, lang)]]]);
  return { period: { day, days, from: addDays(day, 1 - days) }, errors };
}

function emptyForm(day: string): IssueReferenceForm {
  return {
    enterprise: '',
    workplaceId: '',
    date: day,
    note: '',
    contactName: '',
    contactPhone: '',
    contactEmail: '',
    incidentId: '',
  };
}

function formOf(body: IssueReferenceBody | undefined): IssueReferenceForm {
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return {
    enterprise: text(body?.enterprise),
    workplaceId: text(body?.workplaceId),
    date: text(body?.date),
    note: text(body?.note),
    contactName: text(body?.contactName),
    contactPhone: text(body?.contactPhone),
    contactEmail: text(body?.contactEmail),
    incidentId: text(body?.incidentId),
  };
}

/** The form's field for each field an error of `issueReference` names. */
const ISSUE_FIELDS: Readonly<Record<string, keyof IssueReferenceForm>> = {
  enterprise: 'enterprise',
  workplaceId: 'workplaceId',
  date: 'date',
  note: 'note',
  incidentId: 'incidentId',
  'contact.name': 'contactName',
  'contact.phone': 'contactPhone',
  'contact.email': 'contactEmail',
};

/** The field of the form an error of `issueReference` belongs to; `form` for the form as a whole. */
function issueFieldOf(error: DomainError): string {
  const field = error.field ?? '';
  return ISSUE_FIELDS[field] ?? ISSUE_FIELDS[field.split('.')[0] ?? ''] ?? 'form';
}
