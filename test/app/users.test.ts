import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createUser,
  disableUser,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  sessionUser,
  setPassword,
  signIn,
  signOut,
  type UserDeps,
} from '../../src/app/users.js';
import { DATABASES } from '../support/databases.js';
import { TEST_PASSWORDS } from '../support/passwords.js';
import { TestRegistry } from '../support/registry.js';

const PASSWORD = 'correct horse battery';

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`people who sign in (${database.name})`, () => {
    let registry: TestRegistry;
    let deps: UserDeps;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      deps = { ...registry.deps, passwords: TEST_PASSWORDS };
    });
    afterEach(async () => {
      await registry.close();
    });

    const newCompanyUser = (username = 'Chef@Bouw.be') =>
      createUser(deps, {
        username,
        displayName: 'Chef de chantier',
        password: PASSWORD,
        role: 'company',
        enterprise: '0403.019.261',
      });

    it('creates a user acting for a company, keeping a slow hash of the password and never the password', async () => {
      const created = await newCompanyUser();
      expect(created).toMatchObject({
        ok: true,
        value: { username: 'chef@bouw.be', role: 'company', enterprise: '0403019261' },
      });
      const stored = await deps.store.users.findByUsername('chef@bouw.be');
      expect(stored?.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$/);
      expect(stored?.passwordHash).not.toContain(PASSWORD);
      expect(JSON.stringify(created)).not.toContain('scrypt');
    });

    it('refuses a taken username, a short password and a company without its enterprise number, naming each field', async () => {
      await newCompanyUser();
      expect(await newCompanyUser('chef@bouw.be')).toMatchObject({
        ok: false,
        error: [{ code: 'USERNAME_TAKEN', field: 'username' }],
      });
      const bad = await createUser(deps, { username: 'x', password: 'short', role: 'company' });
      expect(bad.ok ? [] : bad.error.map((e) => [e.code, e.field])).toEqual([
        ['FIELD_LENGTH', 'username'],
        ['FIELD_LENGTH', 'password'],
        ['ENTERPRISE_REQUIRED_FOR_ROLE', 'enterprise'],
      ]);
    });

    it('signs in with the right password only, and gives the same answer for an unknown username', async () => {
      await newCompanyUser();
      const wrong = await signIn(deps, { username: 'chef@bouw.be', password: 'not the password' });
      const unknown = await signIn(deps, { username: 'nobody@bouw.be', password: PASSWORD });
      expect(wrong).toEqual(unknown);
      expect(wrong).toMatchObject({ ok: false, error: [{ code: 'SIGN_IN_FAILED' }] });

      const opened = await signIn(deps, { username: ' CHEF@bouw.be', password: PASSWORD });
      if (!opened.ok) throw new Error('not signed in');
      const signedIn = await sessionUser(deps, opened.value.token);
      expect(signedIn?.principal).toMatchObject({ role: 'company', enterprise: '0403019261' });
      expect(signedIn?.principal.keyId).toBe(`user:${opened.value.user.id}`);
    });

    it('ends a session when signed out, after 12 hours unused, after 14 days in any case, and when the user is disabled', async () => {
      await newCompanyUser();
      const open = async () => {
        const opened = await signIn(deps, { username: 'chef@bouw.be', password: PASSWORD });
        if (!opened.ok) throw new Error('not signed in');
        return opened.value.token;
      };
      const out = await open();
      await signOut(deps, out);
      expect(await sessionUser(deps, out)).toBeUndefined();

      const idle = await open();
      registry.clock.advance(SESSION_IDLE_MS - 60_000);
      expect(await sessionUser(deps, idle)).toBeDefined(); // used: its end moves on
      registry.clock.advance(SESSION_IDLE_MS - 60_000);
      expect(await sessionUser(deps, idle)).toBeDefined();
      registry.clock.advance(SESSION_IDLE_MS + 1);
      expect(await sessionUser(deps, idle)).toBeUndefined();

      const busy = await open();
      for (let elapsed = 0; elapsed < SESSION_MAX_MS; elapsed += SESSION_IDLE_MS / 2) {
        registry.clock.advance(SESSION_IDLE_MS / 2);
        if (elapsed + SESSION_IDLE_MS / 2 < SESSION_MAX_MS)
          expect(await sessionUser(deps, busy)).toBeDefined();
      }
      expect(await sessionUser(deps, busy)).toBeUndefined();

      const last = await open();
      await disableUser(deps, 'chef@bouw.be');
      expect(await sessionUser(deps, last)).toBeUndefined();
      expect(await signIn(deps, { username: 'chef@bouw.be', password: PASSWORD })).toMatchObject({
        ok: false,
      });
    });

    it("ends the user's sessions when the password changes", async () => {
      await newCompanyUser();
      const opened = await signIn(deps, { username: 'chef@bouw.be', password: PASSWORD });
      if (!opened.ok) throw new Error('not signed in');
      await setPassword(deps, 'chef@bouw.be', 'another long passphrase');
      expect(await sessionUser(deps, opened.value.token)).toBeUndefined();
      expect((await signIn(deps, { username: 'chef@bouw.be', password: 'another long passphrase' })).ok).toBe(
        true,
      );
    });
  });
}
