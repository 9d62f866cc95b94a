import { ScryptPasswordHasher } from '../../src/system/scrypt-password-hasher.js';

/** A cheap cost for tests: the hash's shape and checks are the production ones, only faster. */
export const TEST_PASSWORDS = new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

/** The password of the people the tests make (`registry.newUser`). */
export const TEST_PASSWORD = 'a long test passphrase';
