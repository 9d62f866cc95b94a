import { Type } from 'typebox';
import { LOAD_MODES, MOST_REFUSED_LISTED } from '../../app/declaration-registers.js';
import { DECLARATION_FORMATS } from '../../app/declaration-file.js';
import { REGISTERS } from '../../domain/declarations.js';

/** The largest register file a load takes, CSV or JSON: a register of a few hundred thousand lines. */
export const REGISTER_BODY_LIMIT = 20 * 1024 * 1024;

export const RegisterParams = Type.Object(
  {
    register: Type.Enum(REGISTERS, {
      description: 'employment (declarations of employment, as Dimona) or limosa (Limosa-1 declarations)',
    }),
  },
  { additionalProperties: false },
);

export const LoadQuery = Type.Object(
  {
    mode: Type.Optional(
      Type.Enum(LOAD_MODES, {
        description:
          "merge (the default): the file's lines are added, or replace the line with the same key, and the " +
          "register's other lines are kept. replace: the register becomes exactly the file — only when no line of " +
          'it is refused (otherwise 422, nothing loaded).',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The register's file: CSV text, or JSON (read by the use case, so that a bad line is refused alone). */
export const LoadBody = {
  content: {
    'text/csv': {
      schema: Type.String({
        description:
          'UTF-8 text: a header row, then one declaration a line, separated by ";" or ",". Columns (any order, ' +
          'headings in English, French or Dutch, without regard to case or accents): employer (employeur, ' +
          'werkgever, KBO, BCE), worker (niss, insz, inss, travailleur, werknemer), from (du, van, start), to ' +
          '(au, tot, end; blank: open-ended); for limosa, limosaId (limosa, L1) in place of employer. Other ' +
          'columns are ignored.',
      }),
    },
    'application/json': {
      schema: Type.Unknown({
        description:
          'An array of declarations, or { "declarations": [...] }: { employer, worker, from, to? } (employment) ' +
          'or { limosaId, worker, from, to? } (limosa), each a text; to may be null. A refused line is ' +
          'numbered by its position in the array, from 1.',
      }),
    },
  },
};

export const RefusedLineSchema = Type.Object({
  line: Type.Integer({
    description:
      "CSV: the file's line as an editor numbers it (the header is line 1); JSON: the declaration's position " +
      'in its array, from 1',
  }),
  column: Type.Optional(
    Type.String({ description: "CSV: the column's heading as the file writes it; JSON: the field" }),
  ),
  code: Type.String({ description: 'Stable error code, e.g. NISS_CHECK_DIGITS' }),
  message: Type.String(),
});

export const LoadReportSchema = Type.Object(
  {
    register: Type.Enum(REGISTERS),
    mode: Type.Enum(LOAD_MODES),
    format: Type.Enum(DECLARATION_FORMATS),
    linesRead: Type.Integer({ description: 'The declarations the file holds' }),
    loaded: Type.Integer({ description: 'The declarations loaded (0 when the load was refused)' }),
    refusedLines: Type.Integer({ description: 'The lines refused' }),
    added: Type.Integer(),
    changed: Type.Integer({ description: 'Lines loaded again with a new period (the same key)' }),
    unchanged: Type.Integer(),
    removed: Type.Integer({ description: 'Lines of the register not in the file (replace only)' }),
    presencesToCheck: Type.Integer({
      description: 'Registered presences whose check is due again because of this load',
    }),
    refused: Type.Array(RefusedLineSchema, {
      description: `Why each line was refused, in the order of the file (the first ${MOST_REFUSED_LISTED})`,
    }),
    ignoredColumns: Type.Array(Type.String(), {
      description: 'CSV columns that name no field of the register, and were not read',
    }),
  },
  { $id: 'RegisterLoadReport' },
);

export const LoadReply = Type.Ref('RegisterLoadReport');

/** A load refused for its lines: the error, and the report of every line (nothing was loaded). */
export const RefusedLoadReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
  report: Type.Ref('RegisterLoadReport'),
});

export const RegisterStatesReply = Type.Object({
  registers: Type.Array(
    Type.Object({
      register: Type.Enum(REGISTERS),
      lines: Type.Integer(),
      lastLoad: Type.Optional(
        Type.Object(
          { at: Type.String(), mode: Type.Enum(LOAD_MODES), lines: Type.Integer() },
          {
            description:
              'None: never loaded, and the checks know nothing of it (which is not "no declaration")',
          },
        ),
      ),
    }),
  ),
});
