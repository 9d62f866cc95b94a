import type { Presence } from '../domain/presence.js';
import { parsePresenceRegistrationId } from '../domain/presence-registration-id.js';
import type { AppDeps } from './app-deps.js';

/**
 * A presence by the id a caller gives: its own id, or its registration id (15 digits) as software speaking the
 * social security's protocol knows it. Whether the caller may see it is for the use case to decide.
 */
export async function findPresence(deps: Pick<AppDeps, 'store'>, id: string): Promise<Presence | undefined> {
  if (!/^[0-9]{15}$/.test(id)) return deps.store.presences.get(id);
  const registrationId = parsePresenceRegistrationId(id);
  if (!registrationId.ok) return undefined;
  const found = await deps.store.presences.idOfRegistration(registrationId.value);
  return found === undefined ? undefined : deps.store.presences.get(found);
}
