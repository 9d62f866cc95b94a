import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { atField, domainError, type DomainError } from '../domain/errors.js';
import { FieldErrors } from '../domain/field-errors.js';
import { err, ok, type Result } from '../domain/result.js';
import { parseWorkplaceId, type WorkplaceId } from '../domain/workplace-id.js';
import type { AgentSettingsStore } from './agent-settings-store.js';

/** Where the agent's journal lives when nothing else is said. */
export const DEFAULT_JOURNAL = './data/agent.db';

/** What a site agent needs to know: where the registry is, its key, the workplace and the employer it captures for. */
export interface AgentSettings {
  readonly registryUrl: string;
  readonly key: string;
  readonly workplaceId: WorkplaceId;
  /** The employer of the workers captured, unless a capture says otherwise. */
  readonly employer: EnterpriseNumber;
  /** A second target to probe when the registry cannot be reached (a well-known site, the operator's box). */
  readonly probeUrl?: string;
  /**
   * The secret kiosks and readers send to the agent's endpoint (`Authorization: Bearer …`). Without one, the
   * endpoint listens on this computer only (a loopback address).
   */
  readonly kioskToken?: string;
}

/** Settings as given (flags, environment, or what `agent init` stored), before checking. */
export interface RawAgentSettings {
  readonly registryUrl?: string | undefined;
  readonly key?: string | undefined;
  readonly workplaceId?: string | undefined;
  readonly employer?: string | undefined;
  readonly probeUrl?: string | undefined;
  readonly kioskToken?: string | undefined;
}

const NAMES = {
  registryUrl: 'registry',
  key: 'key',
  workplaceId: 'workplace',
  employer: 'employer',
  probeUrl: 'probe',
  kioskToken: 'kiosk-token',
} as const satisfies Record<keyof RawAgentSettings, string>;

/** The environment variable that overrides each setting, for every command that loads them. */
export const SETTINGS_ENVIRONMENT = {
  registryUrl: 'AGENT_REGISTRY_URL',
  key: 'AGENT_KEY',
  workplaceId: 'AGENT_WORKPLACE',
  employer: 'AGENT_EMPLOYER',
  probeUrl: 'AGENT_PROBE_URL',
  kioskToken: 'AGENT_KIOSK_TOKEN',
} as const satisfies Record<keyof RawAgentSettings, string>;

/**
 * The settings the environment gives (`AGENT_KEY=…`, see {@link SETTINGS_ENVIRONMENT}); an empty variable gives
 * none.
 */
export function agentSettingsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): RawAgentSettings {
  const given: Record<string, string> = {};
  for (const [field, variable] of Object.entries(SETTINGS_ENVIRONMENT)) {
    const value = env[variable];
    if (value !== undefined && value !== '') given[field] = value;
  }
  return given;
}

/** Checks the settings, naming each one missing or wrong. */
export function parseAgentSettings(raw: RawAgentSettings): Result<AgentSettings, DomainError[]> {
  const fields = new FieldErrors();
  const registryUrl = required(raw.registryUrl, NAMES.registryUrl, fields, parseHttpUrl);
  const key = required(raw.key, NAMES.key, fields, (k) =>
    /^\S{8,200}$/.test(k)
      ? ok(k)
      : err(domainError('FIELD_FORMAT', 'An API key as `keys create` printed it.')),
  );
  const workplaceId = required(raw.workplaceId, NAMES.workplaceId, fields, parseWorkplaceId);
  const employer = required(raw.employer, NAMES.employer, fields, parseEnterpriseNumber);
  const probeUrl =
    raw.probeUrl === undefined || raw.probeUrl === ''
      ? undefined
      : fields.take(parseHttpUrl(raw.probeUrl), NAMES.probeUrl);
  const kioskToken =
    raw.kioskToken === undefined || raw.kioskToken === ''
      ? undefined
      : fields.take(parseKioskToken(raw.kioskToken), NAMES.kioskToken);
  if (registryUrl === undefined || key === undefined || workplaceId === undefined || employer === undefined)
    return err(fields.list);
  if (fields.any()) return err(fields.list);
  return ok({
    registryUrl,
    key,
    workplaceId,
    employer,
    ...(probeUrl === undefined ? {} : { probeUrl }),
    ...(kioskToken === undefined ? {} : { kioskToken }),
  });
}

/** 16 printable characters at least (out of reach of guessing over the network), no space. */
const KIOSK_TOKEN = /^[\x21-\x7e]{16,200}$/u;

function parseKioskToken(raw: string): Result<string, DomainError> {
  return KIOSK_TOKEN.test(raw)
    ? ok(raw)
    : err(
        domainError(
          'FIELD_FORMAT',
          'A kiosk token has 16 to 200 printable characters and no space (`openssl rand -hex 32` makes one).',
        ),
      );
}

function required<T>(
  raw: string | undefined,
  name: string,
  fields: FieldErrors,
  parse: (raw: string) => Result<T, DomainError>,
): T | undefined {
  if (raw === undefined || raw.trim() === '') {
    fields.add(domainError('FIELD_REQUIRED', `The agent needs its ${name} (agent init --${name} …).`, name));
    return undefined;
  }
  const parsed = parse(raw.trim());
  if (!parsed.ok) {
    fields.add(atField(parsed.error, name));
    return undefined;
  }
  return parsed.value;
}

function parseHttpUrl(raw: string): Result<string, DomainError> {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return ok(url.toString().replace(/\/$/, ''));
  } catch {
    // refused below
  }
  return err(domainError('FIELD_FORMAT', `"${raw.slice(0, 60)}" is not an http:// or https:// address.`));
}

/**
 * The settings stored beside the journal, each overridden by the one given, if any: every command gives
 * {@link agentSettingsFromEnvironment}, so that `AGENT_KEY=… sitepresence agent …` works the same for all.
 */
export async function loadAgentSettings(
  store: Pick<AgentSettingsStore, 'setting'>,
  given: RawAgentSettings,
): Promise<Result<AgentSettings, DomainError[]>> {
  const stored: Record<string, string | undefined> = {};
  for (const [field, name] of Object.entries(NAMES)) stored[field] = await store.setting(name);
  return parseAgentSettings({
    registryUrl: given.registryUrl ?? stored['registryUrl'],
    key: given.key ?? stored['key'],
    workplaceId: given.workplaceId ?? stored['workplaceId'],
    employer: given.employer ?? stored['employer'],
    probeUrl: given.probeUrl ?? stored['probeUrl'],
    kioskToken: given.kioskToken ?? stored['kioskToken'],
  });
}

/** Stores settings in the journal (`agent init`), after checking them all. */
export async function saveAgentSettings(
  store: Pick<AgentSettingsStore, 'setSettings'>,
  settings: AgentSettings,
): Promise<void> {
  await store.setSettings({
    [NAMES.registryUrl]: settings.registryUrl,
    [NAMES.key]: settings.key,
    [NAMES.workplaceId]: settings.workplaceId,
    [NAMES.employer]: settings.employer,
    ...(settings.probeUrl === undefined ? {} : { [NAMES.probeUrl]: settings.probeUrl }),
    ...(settings.kioskToken === undefined ? {} : { [NAMES.kioskToken]: settings.kioskToken }),
  });
}
