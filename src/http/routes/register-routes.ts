import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/app-deps.js';
import { loadDeclarations, registerStates } from '../../app/declaration-registers.js';
import { authorize, type Action } from '../../domain/permissions.js';
import { principalOf } from '../authentication.js';
import { ERROR_STATUS } from '../error-status.js';
import { Problem } from '../problem.js';
import { errorReplies } from '../schemas/common.js';
import {
  LoadBody,
  LoadQuery,
  LoadReply,
  REGISTER_BODY_LIMIT,
  RefusedLoadReply,
  RegisterParams,
  RegisterStatesReply,
} from '../schemas/register-schemas.js';

const security = [{ apiKey: [] }];

/** What a register's file is sent as. */
const MEDIA_TYPES = 'text/csv or application/json';

/**
 * The reference registers the checks of presences read: loaded by administrators, how they stand read by
 * administrators and inspectors.
 */
export function registerRoutes(deps: AppDeps): FastifyPluginCallbackTypebox {
  return (app, _options, done) => {
    // A CSV file as it is, for the use case to read; any other media type is named in the refusal.
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, parsed) => {
      parsed(null, body);
    });
    app.addContentTypeParser('*', (_request, _payload, parsed) => {
      parsed(Problem.of('MEDIA_TYPE_UNSUPPORTED', `Send the register's file as ${MEDIA_TYPES}.`), undefined);
    });

    app.put(
      '/registers/:register',
      {
        bodyLimit: REGISTER_BODY_LIMIT,
        schema: {
          tags: ['registers'],
          security,
          summary: 'Load a file of employment or Limosa declarations into its register (administrators)',
          description:
            'Each line is parsed on its own; the report names each refused line with its line, column, code and ' +
            'message. merge (the default) loads the good lines and reports the others; replace loads the whole ' +
            'file or, when a line is refused, nothing (422 REGISTER_LINES_REFUSED with the report). The presences ' +
            'of the workers whose declarations changed are checked again. The file is 20 MiB at most.',
          params: RegisterParams,
          querystring: LoadQuery,
          body: LoadBody,
          response: {
            200: LoadReply,
            422: RefusedLoadReply,
            ...errorReplies(400, 401, 403, 413, 415),
          },
        },
      },
      async (request, reply) => {
        allow(request, 'registers.load');
        const loaded = await loadDeclarations(deps, {
          register: request.params.register,
          format: formatOf(request),
          content: request.body,
          mode: request.query.mode,
        });
        if (loaded.ok) return loaded.value;
        const { errors, report } = loaded.error;
        if (report === undefined) throw new Problem(errors);
        // Refused for its lines (REGISTER_LINES_REFUSED, the one refusal with a report): the error, and the report.
        const [main] = errors;
        return reply
          .status(ERROR_STATUS[main.code] as 422)
          .send({ error: { code: main.code, message: main.message }, report });
      },
    );

    app.get(
      '/registers',
      {
        schema: {
          tags: ['registers'],
          security,
          summary:
            'How each reference register stands: its lines and its last load (administrators, inspectors)',
          response: { 200: RegisterStatesReply, ...errorReplies(401, 403) },
        },
      },
      async (request) => {
        allow(request, 'registers.read');
        return { registers: await registerStates(deps) };
      },
    );
    done();
  };
}

function allow(request: FastifyRequest, action: Action): void {
  const allowed = authorize(principalOf(request), action);
  if (!allowed.ok) throw new Problem([allowed.error]);
}

/** The format of the body, by its media type: the parsers above let through only CSV and JSON. */
function formatOf(request: FastifyRequest): 'csv' | 'json' {
  const type = (request.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/json') return 'json';
  throw Problem.of('MEDIA_TYPE_UNSUPPORTED', `Send the register's file as ${MEDIA_TYPES}.`);
}
