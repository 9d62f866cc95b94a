/** What the bench declares: a workplace in Brussels for the bench company, open over some days. */
export interface WorkplaceToDeclare {
  /** Its number, to declare one workplace on two registries (a relay and its upstream); assigned when absent. */
  readonly workplaceId?: string;
  readonly name: string;
  readonly declarant: string;
  readonly startDate: string;
  readonly endDate: string;
}

/** Declares a workplace through `POST /api/v1/workplaces` and returns the id the registry assigned. */
export async function declareWorkplace(url: string, key: string, input: WorkplaceToDeclare): Promise<string> {
  const response = await fetch(`${url}/api/v1/workplaces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      ...(input.workplaceId === undefined ? {} : { workplaceId: input.workplaceId }),
      name: input.name,
      address: { street: 'Wetstraat 16', postalCode: '1000', city: 'Brussel' },
      declarant: input.declarant,
      startDate: input.startDate,
      endDate: input.endDate,
    }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`declaring a workplace: ${response.status} ${text}`);
  const body = JSON.parse(text) as { workplace?: { id?: unknown } };
  const id = body.workplace?.id;
  if (typeof id !== 'string') throw new Error(`declaring a workplace: no id in ${text}`);
  return id;
}

/** Headers of an authenticated JSON request. */
export function jsonHeaders(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
}

/**
 * Checks a reply of `POST /api/v1/presences`: as many results as items sent, each REGISTERED and new.
 * Returns what is wrong, or undefined when all is well.
 */
export function registrationProblem(status: number, body: string, items: number): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 300)}`;
  const reply = parseJson(body) as { results?: { status?: string; duplicate?: boolean }[] } | undefined;
  if (reply === undefined) return `not JSON: ${body.slice(0, 300)}`;
  const results = reply.results ?? [];
  if (results.length !== items) return `${results.length} results for ${items} items`;
  const wrong = results.find((r) => r.status !== 'REGISTERED' || r.duplicate !== false);
  return wrong === undefined
    ? undefined
    : `item not newly registered: ${JSON.stringify(wrong).slice(0, 300)}`;
}

/** Parses JSON, or gives undefined for a body that is not JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
