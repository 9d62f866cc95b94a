/**
 * What a backup did: the database copied to a file (online: writes go on meanwhile), checked whole; or, for a
 * database this registry does not copy itself (PostgreSQL), how to make one.
 */
export type BackupReport =
  | { readonly kind: 'COPIED'; readonly file: string; readonly pages: number; readonly bytes: number }
  | { readonly kind: 'NOT_SUPPORTED'; readonly how: string };
