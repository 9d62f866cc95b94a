import { ScryptPasswordHasher } from '../../src/system/scrypt-password-hasher.js';

/** A cheap cost for tests: the hash's shape and checks are the production ones, only faster. */
export const TEST_PASSWORDS = new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
