import Fastify, { type FastifyInstance } from 'fastify';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import { parseEnterpriseNumber } from '../domain/enterprise-number.js';
import type { AgentSettings } from './agent-settings.js';
import { captureAtGate, type CaptureDeps } from './capture.js';
import type { JournalSummary } from './journal.js';

/**
 * The agent's small HTTP endpoint for kiosks and badge readers on the site network: `POST /captures` with
 * `{ "raw": "85.07.30-033.28" }` (or a badge, and optionally `employer`) answers 201 once the capture is on disk;
 * `GET /status` says how the journal stands. It serves the site network, not the internet: bind it to the
 * address of that network.
 */
export async function startKioskServer(
  deps: CaptureDeps,
  settings: Pick<AgentSettings, 'workplaceId' | 'employer'>,
  listen: { readonly port: number; readonly host: string },
  onCapture: () => void,
): Promise<{ readonly app: FastifyInstance; readonly url: string }> {
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 });
  app.post<{ Body: { raw?: unknown; employer?: unknown } }>(
    '/captures',
    {
      schema: {
        body: {
          type: 'object',
          required: ['raw'],
          additionalProperties: false,
          properties: {
            raw: { type: 'string', maxLength: 200 },
            employer: { type: 'string', maxLength: 32 },
          },
        },
      },
    },
    async (request, reply) => {
      let employer: EnterpriseNumber | undefined;
      if (typeof request.body.employer === 'string') {
        const parsed = parseEnterpriseNumber(request.body.employer);
        if (!parsed.ok) return reply.status(400).send({ error: { ...parsed.error, field: 'employer' } });
        employer = parsed.value;
      }
      const captured = await captureAtGate(deps, settings, {
        raw: String(request.body.raw),
        source: 'KIOSK',
        ...(employer === undefined ? {} : { employer }),
      });
      if (!captured.ok) return reply.status(400).send({ error: { ...captured.error, field: 'raw' } });
      onCapture();
      return reply.status(201).send({ capture: captured.value });
    },
  );
  app.get('/status', async (): Promise<JournalSummary> => deps.journal.summary());
  const url = await app.listen(listen);
  return { app, url };
}
