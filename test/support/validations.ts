import { checkDuePresences } from '../../src/app/validate-presences.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { Niss } from '../../src/domain/niss.js';
import type { TestRegistry } from './registry.js';

/** A worker an employer declared employed (the role Dimona plays), from today on. */
export interface Employed {
  readonly employer: string;
  readonly niss: string;
}

/**
 * Loads the employment register with exactly these declarations, then runs the background checks once, as the
 * server's validator would: a registered presence of a worker with a NISS whose employer declared them is then
 * `VALIDATED`, any other `FAILED` with `RELATED_DIMONA_NOT_OK`; one registered afterwards stays `PENDING`.
 */
export async function checkAgainstEmployment(
  registry: TestRegistry,
  employed: readonly Employed[] = [],
): Promise<void> {
  await registry.deps.store.declarations.load(
    'employment',
    employed.map((e) => ({
      register: 'employment',
      employer: e.employer as EnterpriseNumber,
      worker: e.niss as Niss,
      from: registry.today(),
    })),
    'replace',
    registry.clock.now().toISOString(),
  );
  await checkDuePresences(registry.deps);
}

/** The table row (`<tr>…</tr>`) of a page's HTML that holds a text; throws when none does. */
export function rowWith(html: string, text: string): string {
  const row = html.split(/<tr[\s>]/u).find((part) => part.includes(text));
  if (row === undefined) throw new Error(`no row holds ${text}`);
  return row.slice(0, row.indexOf('</tr>'));
}

/** A text as the pages write it in HTML. */
export function inHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}
