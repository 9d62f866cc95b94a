/** Randomness, as a port: identifiers and receipt numbers are drawn from it. */
export interface RandomSource {
  /** `count` cryptographically random bytes. */
  bytes(count: number): Uint8Array;
  /** A new unique identifier, ordered by creation time (UUID version 7). */
  uuid(): string;
}
