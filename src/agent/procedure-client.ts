import type { ClassifiedFailure } from './failure.js';

/** A call to the registry: its JSON reply with the status, or why it could not be had. */
export type ApiReply =
  | { readonly kind: 'REPLY'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'FAILED'; readonly failure: ClassifiedFailure };

/** The registry's API for what the agent files once the line is back: incidents, their events, paper listings. */
export interface ProcedureClient {
  /**
   * Posts `body` as JSON to `path` under `/api/v1` with the agent's key: the reply with its status (a refusal for
   * bad input is a reply, for the caller to read), or the failure to reach the registry, classified.
   */
  post(path: string, body: unknown): Promise<ApiReply>;
  /**
   * For a registry that relays to the official one: since when the official registry has not answered it, once
   * the registry says the procedure applies (its status' `upstream.procedureAdvised`); undefined otherwise, and
   * when the registry itself cannot be asked.
   */
  officialRegistryDownSince(): Promise<string | undefined>;
}
