import { upstreamTrouble } from '../../app/upstream-status.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { submitContactForm } from '../../app/contact-center.js';
import { addIncidentEvent, getIncident, listIncidents, reportIncident } from '../../app/incidents.js';
import { createPaperListing, paperListingPdf } from '../../app/paper-listings.js';
import { todayInBrussels } from '../../app/today.js';
import type { SignedIn } from '../../app/users.js';
import { getWorkplace, listWorkplaces } from '../../app/workplaces.js';
import { formatEnterpriseNumber } from '../../domain/enterprise-number.js';
import type { DomainError } from '../../domain/errors.js';
import type { Incident } from '../../domain/procedure/incident.js';
import { requireRoles, sendRefusal } from '../page-access.js';
import {
  checkCsrf,
  fieldErrors,
  formText,
  optionalFormText,
  pageContext,
  type Form,
} from '../page-support.js';
import { EmergencyStartPage, IncidentPage, type EmergencyStartForm } from '../pages/emergency-wizard.js';
import { sendPage } from '../render.js';
import type { WebDeps } from '../web-deps.js';

/**
 * The emergency wizard: where the problem comes from (in plain words), the registry's decision with its steps,
 * a form for each fact the procedure asks for (provider contacted, another channel tried, the contact center's
 * reference number — or its contact form, which gives one at once — evidence), what was done, and the paper
 * attendance listing to print. Every fact is an event of the company's incident: the decision is taken again
 * with each, by the same pure function the API uses.
 */
export function emergencyRoutes(deps: WebDeps) {
  return (web: FastifyInstance): Promise<void> => {
    const startPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      who: SignedIn,
      form: EmergencyStartForm,
      errors: Map<string, string[]>,
      status: number,
    ) => {
      const ctx = pageContext(request, reply, '/emergency');
      const workplaces = await listWorkplaces(deps, who.principal);
      const visible = workplaces.ok ? workplaces.value : [];
      const earlier: Incident[] = [];
      for (const w of visible.slice(0, 20)) {
        const found = await listIncidents(deps, who.principal, { workplaceId: w.id, date: form.date });
        if (found.ok) earlier.push(...found.value);
      }
      const trouble = await upstreamTrouble(deps);
      return sendPage(
        reply,
        status,
        <EmergencyStartPage
          ctx={ctx}
          workplaces={visible}
          form={form}
          errors={errors}
          earlier={earlier}
          {...(trouble?.procedureAdvised === true ? { upstreamDownSince: trouble.since } : {})}
        />,
      );
    };

    web.get('/emergency', async (request, reply) => {
      const who = requireRoles(request, reply, ['company', 'provider']);
      if (who === undefined) return reply;
      const form: EmergencyStartForm = {
        workplaceId: '',
        date: todayInBrussels(deps.clock.now()),
        employer: who.user.enterprise === undefined ? '' : formatEnterpriseNumber(who.user.enterprise),
        origin: '',
        coContractor: false,
        description: '',
      };
      return startPage(request, reply, who, form, new Map(), 200);
    });

    web.post<{ Body: Form }>('/emergency', { preHandler: checkCsrf(web) }, async (request, reply) => {
      const who = requireRoles(request, reply, ['company', 'provider']);
      if (who === undefined) return reply;
      const body = request.body;
      const form: EmergencyStartForm = {
        workplaceId: formText(body, 'workplaceId'),
        date: formText(body, 'date'),
        employer: formText(body, 'employer'),
        origin: formText(body, 'origin'),
        coContractor: formText(body, 'coContractor') === 'yes',
        description: formText(body, 'description'),
      };
      const reported = await reportIncident(deps, who.principal, {
        workplaceId: form.workplaceId,
        date: form.date,
        employer: form.employer,
        origin: form.origin,
        usesCoContractorMeans: form.coContractor,
        description: optionalFormText(body, 'description'),
      });
      if (!reported.ok) {
        const ctx = pageContext(request, reply);
        const errors = fieldErrors(reported.error, ctx.lang, (e) => startField(e));
        return startPage(request, reply, who, form, errors, 400);
      }
      return reply.redirect(`/emergency/incidents/${reported.value.id}`, 303);
    });

    const incidentPage = async (
      request: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
      who: SignedIn,
      errors: Map<string, string[]> = new Map(),
      errorsOf?: string,
    ) => {
      const ctx = pageContext(request, reply, `/emergency/incidents/${request.params.id}`);
      const incident = await getIncident(deps, who.principal, request.params.id);
      if (!incident.ok) return sendRefusal(reply, ctx, incident.error[0]);
      const workplace = await getWorkplace(deps, who.principal, incident.value.workplaceId);
      if (!workplace.ok) return sendRefusal(reply, ctx, workplace.error[0]);
      return sendPage(
        reply,
        errors.size === 0 ? 200 : 400,
        <IncidentPage
          ctx={ctx}
          incident={incident.value}
          workplace={workplace.value.workplace}
          errors={errors}
          {...(errorsOf === undefined ? {} : { errorsOf })}
        />,
      );
    };

    web.get<{ Params: { id: string } }>('/emergency/incidents/:id', async (request, reply) => {
      const who = requireRoles(request, reply, ['company', 'provider']);
      if (who === undefined) return reply;
      return incidentPage(request, reply, who);
    });

    web.post<{ Params: { id: string }; Body: Form }>(
      '/emergency/incidents/:id/events',
      { preHandler: checkCsrf(web) },
      async (request, reply) => {
        const who = requireRoles(request, reply, ['company', 'provider']);
        if (who === undefined) return reply;
        const body = request.body;
        const type = formText(body, 'type');
        const evidenceDescription = formText(body, 'evidenceDescription');
        const added = await addIncidentEvent(deps, who.principal, request.params.id, {
          type,
          outcome: optionalFormText(body, 'outcome'),
          channel: optionalFormText(body, 'channel'),
          result: optionalFormText(body, 'result'),
          error: optionalFormText(body, 'error'),
          referenceNumber: type === 'REFERENCE_OBTAINED' ? formText(body, 'referenceNumber') : undefined,
          origin: optionalFormText(body, 'origin'),
          evidence:
            type === 'EVIDENCE_ADDED'
              ? {
                  kind: formText(body, 'evidenceKind'),
                  description: evidenceDescription,
                  reference: optionalFormText(body, 'evidenceReference'),
                }
              : undefined,
        });
        if (added.ok) return reply.redirect(`/emergency/incidents/${request.params.id}`, 303);
        const ctx = pageContext(request, reply);
        const errors = fieldErrors(added.error, ctx.lang, eventField);
        return incidentPage(request, reply, who, errors, formText(body, 'form'));
      },
    );

    web.post<{ Params: { id: string }; Body: Form }>(
      '/emergency/incidents/:id/contact-form',
      { preHandler: checkCsrf(web) },
      async (request, reply) => {
        const who = requireRoles(request, reply, ['company', 'provider']);
        if (who === undefined) return reply;
        const incident = await getIncident(deps, who.principal, request.params.id);
        if (!incident.ok) return sendRefusal(reply, pageContext(request, reply), incident.error[0]);
        const body = request.body;
        const sent = await submitContactForm(deps, who.principal, {
          enterprise: incident.value.employer,
          workplaceId: incident.value.workplaceId,
          date: incident.value.date,
          description: formText(body, 'problem'),
          incidentId: incident.value.id,
          contact: {
            name: formText(body, 'contactName'),
            phone: optionalFormText(body, 'contactPhone'),
            email: optionalFormText(body, 'contactEmail'),
          },
        });
        if (sent.ok) return reply.redirect(`/emergency/incidents/${request.params.id}`, 303);
        const ctx = pageContext(request, reply);
        return incidentPage(request, reply, who, fieldErrors(sent.error, ctx.lang, contactField), 'contact');
      },
    );

    web.post<{ Params: { id: string } }>(
      '/emergency/incidents/:id/listing',
      { preHandler: checkCsrf(web) },
      async (request, reply) => {
        const who = requireRoles(request, reply, ['company', 'provider']);
        if (who === undefined) return reply;
        const incident = await getIncident(deps, who.principal, request.params.id);
        if (!incident.ok) return sendRefusal(reply, pageContext(request, reply), incident.error[0]);
        const { situation, workplaceId, date, employer } = incident.value;
        const made = await createPaperListing(deps, who.principal, {
          referenceNumber: situation.referenceNumber ?? '',
          workplaceId,
          date,
          employer,
        });
        if (made.ok) return reply.redirect(`/emergency/listings/${made.value.paperListing.id}.pdf`, 303);
        const ctx = pageContext(request, reply);
        return incidentPage(
          request,
          reply,
          who,
          fieldErrors(made.error, ctx.lang, () => 'listing'),
          'listing',
        );
      },
    );

    web.get<{ Params: { id: string } }>('/emergency/listings/:id.pdf', async (request, reply) => {
      const who = requireRoles(request, reply, ['company', 'provider']);
      if (who === undefined) return reply;
      const pdf = await paperListingPdf(deps, who.principal, request.params.id);
      if (!pdf.ok) return sendRefusal(reply, pageContext(request, reply), pdf.error[0]);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="paper-listing-${request.params.id}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf.value);
    });

    return Promise.resolve();
  };
}

/** The field of the first form an error is about. */
function startField(error: DomainError): string {
  const field = error.field ?? '';
  for (const name of ['workplaceId', 'date', 'employer', 'origin', 'description'])
    if (field === name || field.startsWith(`${name}.`)) return name;
  return error.code === 'WORKPLACE_NOT_FOUND' ? 'workplaceId' : 'origin';
}

/** The field of an event's form an error is about. */
function eventField(error: DomainError): string {
  const field = error.field ?? '';
  if (field === 'referenceNumber' || field === 'error') return field;
  if (field.startsWith('evidence')) return 'evidenceDescription';
  return 'event';
}

/** The field of the contact form an error is about. */
const CONTACT_FIELDS: Readonly<Record<string, string>> = {
  description: 'problem',
  'contact.name': 'contactName',
  'contact.phone': 'contactPhone',
  'contact.email': 'contactEmail',
};

function contactField(error: DomainError): string {
  return CONTACT_FIELDS[error.field ?? ''] ?? 'form';
}
