import { readFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { AgentConfig } from '../agent/agent-config.js';
import { openSiteAgent, type SiteAgent } from '../agent/agent-root.js';
import {
  agentSettingsFromEnvironment,
  DEFAULT_JOURNAL,
  type AgentSettings,
} from '../agent/agent-settings.js';
import { languageOf } from '../agent/status-text.js';
import { contactCenterFromEnvironment } from '../config.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { domainError, type DomainError } from '../domain/errors.js';

/*
 * What every `sitepresence agent …` command shares: one journal option, one reading of the agent's config, one
 * way to open the agent and load its settings, one way to refuse.
 */

/** Says something to the operator, on standard error (standard output is for what a command gives). */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Prints each error as `error: CODE (field): message` on standard error and sets exit code 2. */
export function refuse(errors: readonly DomainError[]): void {
  for (const e of errors)
    say(`error: ${e.code}${e.field === undefined ? '' : ` (${e.field})`}: ${e.message}`);
  process.exitCode = 2;
}

/** `--journal <path>`, from AGENT_JOURNAL, `./data/agent.db` by default. */
export const journalOption = (): Option =>
  new Option('--journal <path>', "the agent's journal (a SQLite file)")
    .env('AGENT_JOURNAL')
    .default(DEFAULT_JOURNAL);

/**
 * The agent's config for the journal at `journal`, read once from the environment: the `AGENT_*` settings, the
 * contact center as the registry reads it (`CONTACT_CENTER_*`), and the operator's language.
 */
export function agentConfig(journal: string): AgentConfig {
  return {
    journal,
    given: agentSettingsFromEnvironment(process.env),
    contactCenter: contactCenterFromEnvironment(process.env),
    language: languageOf(process.env),
  };
}

/**
 * Runs `work` on the agent over the journal that `agent init` created and closes it whatever happens; when there
 * is none at `path`, refuses (exit code 2) and creates nothing.
 */
export async function withAgent<T>(
  path: string,
  work: (agent: SiteAgent) => Promise<T>,
): Promise<T | undefined> {
  const opened = openSiteAgent(agentConfig(path));
  if (!opened.ok) {
    refuse([opened.error]);
    return undefined;
  }
  try {
    return await work(opened.value);
  } finally {
    await opened.value.close();
  }
}

/** The settings `agent init` stored, each overridden by its AGENT_* variable; or a refusal (exit code 2). */
export async function settingsOf(agent: SiteAgent): Promise<AgentSettings | undefined> {
  const loaded = await agent.settings();
  if (loaded.ok) return loaded.value;
  refuse(loaded.error);
  return undefined;
}

/** The enterprise number of `--employer`, none when not given, or a refusal (exit code 2). */
export function employerOption(raw: string | undefined): EnterpriseNumber | undefined | 'invalid' {
  if (raw === undefined) return undefined;
  const parsed = parseEnterpriseNumber(raw);
  if (parsed.ok) return parsed.value;
  refuse([{ ...parsed.error, field: 'employer' }]);
  return 'invalid';
}

/**
 * The text of a CSV file, or a readable refusal and exit code 2. The file is UTF-8 (with or without a BOM), as
 * a spreadsheet saves "CSV UTF-8"; the older "CSV" of Excel (Windows-1252) is refused rather than misread.
 */
export async function readCsvFile(path: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    say(`error: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    refuse([
      domainError(
        'TEXT_ENCODING',
        `${path} is not UTF-8 text: save it from the spreadsheet as "CSV UTF-8" and import it again.`,
      ),
    ]);
    return undefined;
  }
}

/** `1 worker`, `2 workers`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
