import type { FastifyInstance } from 'fastify';
import { dossierCsv, dossierReport } from '../../app/dossier-documents.js';
import { inspectionDossier } from '../../app/inspection-dossier.js';
import { todayInBrussels } from '../../app/today.js';
import { parseCalendarDate, type CalendarDate } from '../../domain/calendar-date.js';
import { domainError, type DomainError } from '../../domain/errors.js';
import { parseWorkplaceId } from '../../domain/workplace-id.js';
import { requireRoles, sendRefusal, statusOf } from '../page-access.js';
import { fieldErrors, languageOf, pageContext } from '../page-support.js';
import { InspectionDossierPage } from '../pages/inspection/dossier-page.js';
import {
  dossierPath,
  InspectionSearchPage,
  type InspectionForm,
} from '../pages/inspection/inspection-search-page.js';
import { NO_ERRORS } from '../pages/page-context.js';
import { sendPage } from '../render.js';
import type { WebDeps } from '../web-deps.js';

/**
 * The inspection console (role `inspector`): a workplace's day with the dossier and its verdicts, as a page and
 * as PDF and CSV; it changes nothing.
 */
export function inspectionRoutes(deps: WebDeps) {
  return (web: FastifyInstance): Promise<void> => {
    web.get<{ Querystring: { workplaceId?: string; date?: string } }>('/inspection', (request, reply) => {
      const who = requireRoles(request, reply, ['inspector']);
      if (who === undefined) return reply;
      const ctx = pageContext(request, reply);
      const { workplaceId, date } = request.query;
      if (workplaceId === undefined && date === undefined)
        return sendPage(
          reply,
          200,
          <InspectionSearchPage ctx={ctx} form={{ workplaceId: '', date: today() }} errors={NO_ERRORS} />,
        );
      const form: InspectionForm = { workplaceId: workplaceId ?? '', date: date ?? '' };
      const errors: DomainError[] = [];
      const id = parseWorkplaceId(form.workplaceId);
      if (form.workplaceId.trim() === '')
        errors.push(domainError('FIELD_REQUIRED', 'Give the workplace.', 'workplaceId'));
      else if (!id.ok) errors.push({ ...id.error, field: 'workplaceId' });
      const day = parseCalendarDate(form.date);
      if (form.date.trim() === '') errors.push(domainError('FIELD_REQUIRED', 'Give the day.', 'date'));
      else if (!day.ok) errors.push({ ...day.error, field: 'date' });
      if (errors.length > 0 || !id.ok || !day.ok)
        return sendPage(
          reply,
          400,
          <InspectionSearchPage
            ctx={ctx}
            form={form}
            errors={fieldErrors(errors, ctx.lang, (e) => e.field ?? 'workplaceId')}
          />,
        );
      return reply.redirect(dossierPath(id.value, day.value), 303);
    });

    web.get<{ Params: { id: string; day: string } }>(
      '/inspection/workplaces/:id/days/:day',
      async (request, reply) => {
        const who = requireRoles(request, reply, ['inspector']);
        if (who === undefined) return reply;
        const { id, day } = request.params;
        const format = day.endsWith('.pdf') ? 'pdf' : day.endsWith('.csv') ? 'csv' : 'html';
        const date = format === 'html' ? day : day.slice(0, -'.pdf'.length);
        const found = await inspectionDossier(deps, who.principal, { workplaceId: id, date });
        if (!found.ok) {
          const ctx = pageContext(request, reply);
          if (format !== 'html') return sendRefusal(reply, ctx, found.error[0]);
          // Shown as the form it came from, with each error next to its field.
          const errors = fieldErrors(found.error, ctx.lang, (e) =>
            e.field === 'date' ? 'date' : 'workplaceId',
          );
          return sendPage(
            reply,
            statusOf(found.error[0]),
            <InspectionSearchPage ctx={ctx} form={{ workplaceId: id, date }} errors={errors} />,
          );
        }
        const dossier = found.value;
        // Who read which dossier is kept in the log: the workers' numbers are personal data.
        request.log.info(
          { user: who.user.username, workplaceId: dossier.workplace.id, date: dossier.date, format },
          'inspection dossier read',
        );
        const name = `dossier-${dossier.workplace.id}-${dossier.date}`;
        switch (format) {
          case 'html':
            return sendPage(
              reply,
              200,
              <InspectionDossierPage ctx={pageContext(request, reply)} dossier={dossier} />,
            );
          case 'pdf': {
            const pdf = await deps.pdf.report(dossierReport(dossier, languageOf(request)));
            return reply
              .type('application/pdf')
              .header('cache-control', 'no-store')
              .header('content-disposition', `attachment; filename="${name}.pdf"`)
              .send(pdf);
          }
          case 'csv':
            return reply
              .type('text/csv; charset=utf-8')
              .header('cache-control', 'no-store')
              .header('content-disposition', `attachment; filename="${name}.csv"`)
              .send(dossierCsv(dossier, languageOf(request)));
        }
      },
    );

    function today(): CalendarDate {
      return todayInBrussels(deps.clock.now());
    }

    return Promise.resolve();
  };
}
