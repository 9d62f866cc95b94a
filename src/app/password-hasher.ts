/** Slow, salted hashing of passwords, as a port: the web's users are checked against it. */
export interface PasswordHasher {
  /** A self-describing hash of the password (algorithm, cost, salt and digest in one string). */
  hash(password: string): Promise<string>;
  /** Whether the password is the one hashed; false for a hash it cannot read. Takes as long either way. */
  verify(password: string, hash: string): Promise<boolean>;
}
