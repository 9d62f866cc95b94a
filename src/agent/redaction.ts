/** Values that must never appear in a failure's detail, whatever an error message says. */
export interface RedactionOptions {
  /** The API key, say. Empty strings are ignored. */
  readonly secrets?: readonly string[];
}

/** Longest detail kept; longer ones are cut with an ellipsis. */
export const MAX_DETAIL_LENGTH = 300;

const REDACTED = '[redacted]';
const WITHHELD = [`[detail withheld: it contained a secret]`, ''];

/**
 * What an error message may carry of the request, in patterns: URL credentials and query strings (undici
 * quotes a URL with credentials whole), double-quoted values (Headers quotes an invalid header value, which
 * may be the key; JSON.parse quotes the body it choked on), and credentials after an auth scheme.
 */
const PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, `$1${REDACTED}@`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#]*)\?[^\s#]*/gi, `$1?${REDACTED}`],
  [/"[^"]*"/g, `"${REDACTED}"`],
  [/\b(Bearer|Basic|Digest|Token|ApiKey)\s+\S+/gi, `$1 ${REDACTED}`],
];

/**
 * A failure's detail fit to keep and print: what an error message may carry of the request is redacted (URL
 * credentials and query strings, quoted values, credentials after an auth scheme), every one of `secrets` too, and
 * the text is cut to {@link MAX_DETAIL_LENGTH}. Should a secret show all the same (formed anew by a replacement
 * or the cut), less is said: a note that the detail was withheld, or nothing.
 */
export function redact(detail: string, secrets: readonly string[]): string {
  let text = detail;
  for (const [pattern, replacement] of PATTERNS) text = text.replace(pattern, replacement);
  const real = secrets.filter((secret) => secret !== '');
  for (const secret of real) text = text.split(secret).join(REDACTED);
  if (text.length > MAX_DETAIL_LENGTH) text = `${text.slice(0, MAX_DETAIL_LENGTH - 1)}…`;
  // The replacement, or the cut, may have formed a secret anew ("d]" is in "[redacted]"): then say less.
  for (const candidate of [text, ...WITHHELD])
    if (!real.some((secret) => candidate.includes(secret))) return candidate;
  return '';
}
