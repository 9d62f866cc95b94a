import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { Failure } from '../app/failure.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import type { DomainError } from '../domain/errors.js';
import { errorText } from './i18n/error-texts.js';
import { pageLanguage, type Language } from './language.js';
import { translator } from './messages.js';
import type { PageContext } from './pages/page-context.js';

/** The cookie that keeps the language chosen with the switch. */
export const LANGUAGE_COOKIE = 'sp_lang';

/** The check of a form's token, before its handler runs (the token comes in the parsed body). */
export function checkCsrf(web: FastifyInstance): preHandlerHookHandler {
  return (request, reply, done) => {
    web.csrfProtection(request, reply, done);
  };
}

/**
 * The context of a page: its language (switch, person, browser), the person, a fresh form token, and its path
 * (the request's for a GET; `path`, else the start, for a page that answers a form).
 */
export function pageContext(request: FastifyRequest, reply: FastifyReply, path?: string): PageContext {
  const lang = languageOf(request);
  const user = request.signedIn?.user;
  return {
    lang,
    t: translator(lang),
    // A page shown in answer to a form is the page of the form: switching language goes back there.
    path: path ?? (request.method === 'GET' ? request.url : '/'),
    ...(user === undefined ? {} : { user }),
    csrfToken: reply.generateCsrf(),
  };
}

/** The language of a request's page: the one chosen with the switch, the person's own, or the browser's. */
export function languageOf(request: FastifyRequest): Language {
  return pageLanguage(
    request.cookies[LANGUAGE_COOKIE],
    request.signedIn?.user.language,
    request.headers['accept-language'],
  );
}

/**
 * A failure's errors as texts by form field, in the page's language; `fieldOf` says which field of the form an
 * error's field path belongs to.
 */
export function fieldErrors(
  failure: Failure | readonly DomainError[],
  lang: Language,
  fieldOf: (error: DomainError) => string,
): Map<string, string[]> {
  const errors = new Map<string, string[]>();
  for (const error of failure) {
    const field = fieldOf(error);
    errors.set(field, [...(errors.get(field) ?? []), errorText(error, lang)]);
  }
  return errors;
}

/** A form as posted: each name's value, a text or something a browser never sends. */
export type Form = Readonly<Record<string, unknown>>;

/** A field of a form as text ('' when missing, or not text). */
export function formText(form: Form | undefined, name: string): string {
  const value = form?.[name];
  return typeof value === 'string' ? value : '';
}

/** A field that is optional on a form: left out when left blank. */
export function optionalFormText(form: Form | undefined, name: string): string | undefined {
  return nonBlank(formText(form, name));
}

/** A value of a query or a form without its surrounding spaces; undefined when missing or blank. */
export function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** An enterprise number as typed, read as the registry keeps it (`0403.170.701` → `0403170701`). */
export function enterpriseOf(raw: string): EnterpriseNumber | undefined {
  const parsed = parseEnterpriseNumber(raw);
  return parsed.ok ? parsed.value : undefined;
}
