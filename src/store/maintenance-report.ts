/** What a maintenance run did: the partitions it created, and those it had to leave for a later run. */
export interface MaintenanceReport {
  readonly created: string[];
  /** Partitions not created, and why (a lock not obtained in time, days already in the default partition). */
  readonly postponed: { readonly partition: string; readonly why: string }[];
}
