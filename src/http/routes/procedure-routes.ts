import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app/app-deps.js';
import { getReference, issueReference, listReferences, submitContactForm } from '../../app/contact-center.js';
import { addIncidentEvent, getIncident, listIncidents, reportIncident } from '../../app/incidents.js';
import { decideSituation } from '../../app/procedure.js';
import { evidenceOf, type Incident } from '../../domain/procedure/incident.js';
import { principalOf } from '../authentication.js';
import { unwrap } from '../problem.js';
import { errorReplies, IdParams } from '../schemas/common.js';
import {
  ContactFormBody,
  DecideBody,
  DecideReply,
  IncidentEventBody,
  IncidentReply,
  IncidentsQuery,
  IncidentsReply,
  IssueReferenceBody,
  ReferenceParams,
  ReferenceReply,
  ReferencesQuery,
  ReferencesReply,
  ReportIncidentBody,
} from '../schemas/procedure-schemas.js';

const tags = ['emergency procedure'];
const security = [{ apiKey: [] }];

/** An incident as replied: with the evidence its events gave, for the competent services. */
function incidentView(incident: Incident) {
  return { incident: { ...incident, evidence: evidenceOf(incident) } };
}

/** The emergency procedure: decisions, incidents, the contact center's reference numbers and contact form. */
export function procedureRoutes(deps: AppDeps): FastifyPluginCallbackTypebox {
  return (app, _options, done) => {
    app.post(
      '/procedure/decide',
      {
        schema: {
          tags,
          security,
          summary: 'What the emergency procedure says for a situation (stores nothing)',
          body: DecideBody,
          response: { 200: DecideReply, ...errorReplies(400, 401, 403, 404) },
        },
      },
      async (request) => unwrap(await decideSituation(deps, principalOf(request), request.body)),
    );

    app.post(
      '/incidents',
      {
        schema: {
          tags,
          security,
          summary:
            'Report that presences cannot be registered on a workplace for a day (also after the fact)',
          body: ReportIncidentBody,
          response: { 201: IncidentReply, ...errorReplies(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const incident = unwrap(await reportIncident(deps, principalOf(request), request.body));
        return reply.status(201).send(incidentView(incident));
      },
    );

    app.get(
      '/incidents',
      {
        schema: {
          tags,
          security,
          summary: "The incidents of a workplace's day that you may see",
          querystring: IncidentsQuery,
          response: { 200: IncidentsReply, ...errorReplies(400, 401, 403, 404) },
        },
      },
      async (request) => ({
        incidents: unwrap(await listIncidents(deps, principalOf(request), request.query)).map(
          (incident) => incidentView(incident).incident,
        ),
      }),
    );

    app.get(
      '/incidents/:id',
      {
        schema: {
          tags,
          security,
          summary: 'One incident, its events and its decision',
          params: IdParams,
          response: { 200: IncidentReply, ...errorReplies(401, 403, 404) },
        },
      },
      async (request) =>
        incidentView(unwrap(await getIncident(deps, principalOf(request), request.params.id))),
    );

    app.post(
      '/incidents/:id/events',
      {
        schema: {
          tags,
          security,
          summary: 'Record what happened next; the decision is taken again',
          params: IdParams,
          body: IncidentEventBody,
          response: { 200: IncidentReply, ...errorReplies(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        incidentView(
          unwrap(await addIncidentEvent(deps, principalOf(request), request.params.id, request.body)),
        ),
    );

    app.post(
      '/contact-form',
      {
        schema: {
          tags,
          security,
          summary: "The contact center's contact form: the reference number comes back at once, at any hour",
          body: ContactFormBody,
          response: { 201: ReferenceReply, ...errorReplies(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const reference = unwrap(await submitContactForm(deps, principalOf(request), request.body));
        return reply.status(201).send({ referenceNumber: reference.number, reference });
      },
    );

    app.post(
      '/contact-center/references',
      {
        schema: {
          tags,
          security,
          summary: 'An agent issues a reference number after a call (role agent)',
          body: IssueReferenceBody,
          response: { 201: ReferenceReply, ...errorReplies(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const reference = unwrap(await issueReference(deps, principalOf(request), request.body));
        return reply.status(201).send({ referenceNumber: reference.number, reference });
      },
    );

    app.get(
      '/contact-center/references',
      {
        schema: {
          tags,
          security,
          summary: "The contact center's inbox: references issued by phone and contact form, newest first",
          querystring: ReferencesQuery,
          response: { 200: ReferencesReply, ...errorReplies(400, 401, 403) },
        },
      },
      async (request) => ({
        references: unwrap(await listReferences(deps, principalOf(request), request.query)),
      }),
    );

    app.get(
      '/contact-center/references/:number',
      {
        schema: {
          tags,
          security,
          summary: 'One reference number, as written (a mistyped one is refused by its check character)',
          params: ReferenceParams,
          response: { 200: ReferenceReply, ...errorReplies(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const reference = unwrap(await getReference(deps, principalOf(request), request.params.number));
        return { referenceNumber: reference.number, reference };
      },
    );
    done();
  };
}
