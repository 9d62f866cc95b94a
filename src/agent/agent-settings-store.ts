/**
 * Where `agent init` keeps the agent's settings (registry address, key, workplace, …), by name: beside the
 * captures, so that every command on the same journal finds them.
 */
export interface AgentSettingsStore {
  /** A setting, if one is kept under `name`. */
  setting(name: string): Promise<string | undefined>;
  /** Keeps each setting given, over the one kept before, in one write. */
  setSettings(settings: Readonly<Record<string, string>>): Promise<void>;
}
