import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import { chainAccess } from '../../src/domain/contractor-chain.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import { ok } from '../../src/domain/result.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import { DATABASES, runSql, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber } from '../support/identifiers.js';
import { createKeyWithCli, runCli, startServerProcess } from '../support/processes.js';
import { TEST_SENDER } from '../support/test-certificates.js';

/** The test certificates as files, for `certs add --file` (test/fixtures/soap). */
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/soap/${name}.pem`, import.meta.url));
const CERTIFICATES = {
  sender: fixture('sender.cert'),
  privateKey: fixture('sender.key'),
  other: fixture('other-sender.cert'),
  weak: fixture('weak-sender.cert'),
  expired: fixture('expired-sender.cert'),
};

describe('the sitepresence command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitepresence-cli-'));
  const database = join(dir, 'registry.db');
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('explains itself', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['serve', 'migrate', 'keys']) expect(help.stdout).toContain(command);
    expect(runCli(['keys', 'create', '--help']).stdout).toContain('--enterprise');
  });

  it('creates and migrates the database', () => {
    const first = runCli(['migrate', '--database', database]);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('0001_registry');
    expect(runCli(['migrate', '--database', database]).stderr).toContain('up to date');
  });

  it('prints a new key alone on standard output, so that KEY=$(sitepresence keys create …) works', () => {
    const made = runCli([
      'keys',
      'create',
      '--role',
      'company',
      '--enterprise',
      '0403.019.261',
      '--name',
      'Bouw NV',
      '--database',
      database,
    ]);
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/^sp_[A-Za-z0-9_-]{32}\n$/);
    expect(made.stderr).toContain('0403019261');

    const listed = runCli(['keys', 'list', '--json', '--database', database]);
    const keys = JSON.parse(listed.stdout) as { id: string; name: string; enterprise: string }[];
    expect(keys).toEqual([expect.objectContaining({ name: 'Bouw NV', enterprise: '0403019261' })]);
    expect(listed.stdout).not.toContain(made.stdout.trim());

    const revoked = runCli(['keys', 'revoke', keys[0]!.id, '--database', database]);
    expect(revoked.status).toBe(0);
    expect(runCli(['keys', 'list', '--database', database]).stdout).toContain('revoked');
  });

  it('takes the database from DATABASE_URL', () => {
    const made = runCli(['keys', 'create', '--role', 'inspector', '--name', 'SPF ETCS'], {
      DATABASE_URL: database,
    });
    expect(made.status).toBe(0);
    expect(runCli(['keys', 'list', '--database', database]).stdout).toContain('SPF ETCS');
  });

  it('rotates a key: the new one alone on standard output, the old one listed with the end of its grace period and its successor', () => {
    const old = createKeyWithCli(database, {
      role: 'provider',
      enterprise: '0428759497',
      name: 'Track & Trace',
    });
    const listed = JSON.parse(runCli(['keys', 'list', '--json', '--database', database]).stdout) as {
      id: string;
      name: string;
    }[];
    const oldId = listed.find((k) => k.name === 'Track & Trace')!.id;

    const rotated = runCli(['keys', 'rotate', oldId, '--grace', '2h', '--database', database]);
    expect(rotated.status, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/^sp_[A-Za-z0-9_-]{32}\n$/);
    expect(rotated.stdout.trim()).not.toBe(old);
    expect(rotated.stderr).toContain('keeps working until');

    const after = JSON.parse(runCli(['keys', 'list', '--json', '--database', database]).stdout) as {
      id: string;
      enterprise?: string;
      name: string;
      expiresAt?: string;
      replaces?: string;
      replacedBy?: string;
    }[];
    const replaced = after.find((k) => k.id === oldId)!;
    const successor = after.find((k) => k.replaces === oldId)!;
    expect(successor).toMatchObject({ enterprise: '0428759497', name: 'Track & Trace' });
    expect(replaced.replacedBy).toBe(successor.id);
    const graceMs = Date.parse(replaced.expiresAt!) - Date.now();
    expect(graceMs).toBeGreaterThan(3_600_000);
    expect(graceMs).toBeLessThanOrEqual(2 * 3_600_000);
    expect(runCli(['keys', 'list', '--database', database]).stdout).toContain(`replaced by ${successor.id}`);
    expect(JSON.stringify(after)).not.toContain(rotated.stdout.trim());
  });

  it('refuses a grace period it cannot read, an unknown key and a key replaced already, with exit code 2', () => {
    createKeyWithCli(database, { role: 'inspector', name: 'Rotated twice' });
    const listed = JSON.parse(runCli(['keys', 'list', '--json', '--database', database]).stdout) as {
      id: string;
      name: string;
    }[];
    const id = listed.find((k) => k.name === 'Rotated twice')!.id;
    for (const grace of ['soon', '31d']) {
      const bad = runCli(['keys', 'rotate', id, `--grace=${grace}`, '--database', database]);
      expect(bad.status).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toContain('grace');
    }
    const unknown = runCli(['keys', 'rotate', 'no-such-key', '--database', database]);
    expect([unknown.status, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toContain('API_KEY_NOT_FOUND');
    expect(runCli(['keys', 'rotate', id, '--database', database]).status).toBe(0);
    const again = runCli(['keys', 'rotate', id, '--database', database]);
    expect([again.status, again.stdout]).toEqual([2, '']);
    expect(again.stderr).toContain('API_KEY_REPLACED');
  });

  it('ends the old key on a running server at once with --grace 0, while the new one works', async () => {
    const old = createKeyWithCli(database, { role: 'inspector', name: 'Rotated at once' });
    const server = await startServerProcess(database);
    try {
      const workplaces = (key: string) =>
        fetch(`${server.url}/api/v1/workplaces`, { headers: { authorization: `Bearer ${key}` } }).then(
          (r) => r.status,
        );
      expect(await workplaces(old)).toBe(200);
      const listed = JSON.parse(runCli(['keys', 'list', '--json', '--database', database]).stdout) as {
        id: string;
        name: string;
      }[];
      const id = listed.find((k) => k.name === 'Rotated at once')!.id;
      const rotated = runCli(['keys', 'rotate', id, '--grace', '0', '--database', database]);
      expect(rotated.status, rotated.stderr).toBe(0);
      expect(await workplaces(old)).toBe(401);
      expect(await workplaces(rotated.stdout.trim())).toBe(200);
    } finally {
      await server.kill('SIGTERM');
    }
  });

  it('refuses a bad enterprise number or role with a readable message and exit code 2', () => {
    const bad = runCli([
      'keys',
      'create',
      '--role',
      'company',
      '--enterprise',
      '0123456789',
      '--name',
      'x',
      '--database',
      database,
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('ENTERPRISE_NUMBER_CHECK_DIGITS');
    const role = runCli(['keys', 'create', '--role', 'king', '--name', 'x', '--database', database]);
    expect(role.status).not.toBe(0);
    expect(role.stderr).toContain('king');
  });

  it("explains the senders' certificates", () => {
    expect(runCli(['--help']).stdout).toContain('certs');
    const help = runCli(['certs', 'add', '--help']);
    expect(help.status).toBe(0);
    for (const text of ['--file', '--role', '--enterprise', '--name', 'company', 'provider', 'private key'])
      expect(help.stdout).toContain(text);
  });

  it('registers a certificate, prints its id alone, lists it, revokes it, and records each command', () => {
    const add = (file: string) =>
      runCli([
        'certs',
        'add',
        '--file',
        file,
        '--role',
        'provider',
        '--enterprise',
        '0428.759.497',
        '--name',
        'Track & Trace',
        '--database',
        database,
      ]);
    const made = add(CERTIFICATES.sender);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const fingerprint = new X509Certificate(TEST_SENDER.certificatePem).fingerprint256;
    expect(made.stderr).toContain(fingerprint);

    const listed = JSON.parse(runCli(['certs', 'list', '--json', '--database', database]).stdout) as {
      id: string;
    }[];
    expect(listed).toEqual([
      expect.objectContaining({
        id: made.stdout.trim(),
        fingerprint256: fingerprint,
        role: 'provider',
        enterprise: '0428759497',
        name: 'Track & Trace',
      }),
    ]);
    const notAfter = new Date(new X509Certificate(TEST_SENDER.certificatePem).validTo).toISOString();
    expect(runCli(['certs', 'list', '--database', database]).stdout).toContain(`active until ${notAfter}`);

    const again = add(CERTIFICATES.sender);
    expect([again.status, again.stdout]).toEqual([2, '']);
    expect(again.stderr).toContain('CERTIFICATE_ALREADY_REGISTERED');

    const revoked = runCli(['certs', 'revoke', made.stdout.trim(), '--database', database]);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(runCli(['certs', 'list', '--database', database]).stdout).toContain('revoked');
    expect(add(CERTIFICATES.sender).status).toBe(0);

    const audit = runCli(['audit', 'list', '--limit', '1000', '--database', database]);
    const records = audit.stdout
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { action: string; outcome: number; details: Record<string, unknown> },
      )
      .filter((r) => r.action.startsWith('command certs'));
    expect(records.map((r) => [r.action, r.outcome])).toEqual([
      ['command certs add', 0],
      ['command certs list', 0],
      ['command certs list', 0],
      ['command certs add', 2],
      ['command certs revoke', 0],
      ['command certs list', 0],
      ['command certs add', 0],
    ]);
    expect(records[0]?.details).toMatchObject({
      file: CERTIFICATES.sender,
      role: 'provider',
      enterprise: '0428.759.497',
      name: 'Track & Trace',
    });
    expect(records[4]?.details).toMatchObject({ arguments: made.stdout.trim() });
  });

  it('refuses a private key, a weak or expired certificate, a bad enterprise number and a missing file, with exit code 2', () => {
    const add = (file: string, enterprise = '0403019261') =>
      runCli([
        'certs',
        'add',
        '--file',
        file,
        '--role',
        'company',
        '--enterprise',
        enterprise,
        '--name',
        'Bouw NV',
        '--database',
        database,
      ]);
    for (const [file, code] of [
      [CERTIFICATES.privateKey, 'CERTIFICATE_PRIVATE_KEY'],
      [CERTIFICATES.weak, 'CERTIFICATE_KEY_TOO_WEAK'],
      [CERTIFICATES.expired, 'CERTIFICATE_EXPIRED'],
    ] as const) {
      const refused = add(file);
      expect([refused.status, refused.stdout]).toEqual([2, '']);
      expect(refused.stderr).toContain(`${code} (certificate)`);
    }
    const key = add(CERTIFICATES.privateKey);
    expect(key.stderr).not.toContain(TEST_SENDER.privateKeyPem.split('\n')[1]);
    const enterprise = add(CERTIFICATES.other, '0123456789');
    expect([enterprise.status, enterprise.stdout]).toEqual([2, '']);
    expect(enterprise.stderr).toContain('ENTERPRISE_NUMBER_CHECK_DIGITS (enterprise)');
    const missing = add(join(dir, 'no-such.pem'));
    expect([missing.status, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toContain('no-such.pem');
    const role = runCli([
      'certs',
      'add',
      '--file',
      CERTIFICATES.other,
      '--role',
      'inspector',
      '--enterprise',
      '0403019261',
      '--name',
      'x',
      '--database',
      database,
    ]);
    expect(role.status).not.toBe(0);
    expect(role.stderr).toContain('inspector');
    const unknown = runCli(['certs', 'revoke', 'no-such-certificate', '--database', database]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('CERTIFICATE_NOT_FOUND');
    const listed = JSON.parse(runCli(['certs', 'list', '--json', '--database', database]).stdout) as {
      name: string;
    }[];
    expect(listed.filter((c) => c.name === 'Bouw NV')).toEqual([]);
  });

  it('adds a person who signs in, with the password from the environment, lists and disables them', () => {
    const made = runCli(
      [
        'users',
        'create',
        '--username',
        'Chef@Bouw.be',
        '--name',
        'Marie Dubois',
        '--role',
        'company',
        '--enterprise',
        '0403.019.261',
        '--database',
        database,
      ],
      { SITEPRESENCE_PASSWORD: 'a long site passphrase' },
    );
    expect(made.status).toBe(0);
    expect(made.stderr).toContain('chef@bouw.be');
    const listed = JSON.parse(runCli(['users', 'list', '--json', '--database', database]).stdout);
    expect(listed).toMatchObject([{ username: 'chef@bouw.be', role: 'company', enterprise: '0403019261' }]);
    expect(JSON.stringify(listed)).not.toContain('scrypt');
    expect(runCli(['users', 'disable', 'chef@bouw.be', '--database', database]).status).toBe(0);
    expect(runCli(['users', 'list', '--database', database]).stdout).toContain('disabled');
  });

  it('refuses a short password and a taken username, naming the field, with exit code 2', () => {
    const short = runCli(
      ['users', 'create', '--username', 'site', '--role', 'inspector', '--database', database],
      {
        SITEPRESENCE_PASSWORD: 'short',
      },
    );
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('FIELD_LENGTH (password)');
    const env = { SITEPRESENCE_PASSWORD: 'a long site passphrase' };
    runCli(['users', 'create', '--username', 'insp', '--role', 'inspector', '--database', database], env);
    const again = runCli(
      ['users', 'create', '--username', 'insp', '--role', 'inspector', '--database', database],
      env,
    );
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('USERNAME_TAKEN');
  });

  it('backs the database up, never over a file, and restores it as a registry that opens', () => {
    const env = { SITEPRESENCE_PASSWORD: 'a long site passphrase' };
    runCli(['users', 'create', '--username', 'kept', '--role', 'inspector', '--database', database], env);
    const backup = `${database}.backup`;
    const made = runCli(['backup', '--to', backup, '--database', database]);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stderr).toContain('checked whole');
    expect(runCli(['backup', '--to', backup, '--database', database]).status).toBe(2);

    const restored = `${database}.restored`;
    const restore = runCli(['restore', '--from', backup, '--database', restored]);
    expect(restore.status, restore.stderr).toBe(0);
    expect(runCli(['users', 'list', '--database', restored]).stdout).toContain('kept');
    const again = runCli(['restore', '--from', backup, '--database', restored]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('--replace');
  });

  it('refuses a port that is not one', () => {
    const bad = runCli(['serve', '--database', database, '--port', 'eighty']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('port');
  });
});

const postgres = DATABASES.find((db) => db.name === 'postgres')!;

describe.skipIf(!postgres.available)('the sitepresence command on PostgreSQL', () => {
  let db: OpenedDatabase;
  beforeAll(async () => {
    db = await postgres.open();
    await db.store.close();
  });
  afterAll(async () => {
    await db.dispose();
  });

  it('takes a postgres:// URL wherever it takes a database, and creates the partitions ahead', () => {
    const migrated = runCli(['migrate', '--database', db.location]);
    expect(migrated.status).toBe(0);
    expect(migrated.stderr).toContain('up to date');
    const made = runCli(['keys', 'create', '--role', 'inspector', '--name', 'SPF ETCS'], {
      DATABASE_URL: db.location,
    });
    expect(made.stdout).toMatch(/^sp_/);
    const [inspector] = JSON.parse(runCli(['keys', 'list', '--json', '--database', db.location]).stdout) as {
      id: string;
    }[];
    const rotated = runCli(['keys', 'rotate', inspector!.id, '--grace', '30m', '--database', db.location]);
    expect(rotated.status, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/^sp_/);
  });

  it('purges on a dry run only, and refuses what must still be kept', () => {
    const dry = runCli(['purge', '--before', '2018-01-01', '--database', db.location]);
    expect(dry.status).toBe(0);
    expect(dry.stderr).toMatch(
      /Dry run: would purge 0 presence\(s\), 0 incident\(s\).* of the days before 2018-01-01/,
    );
    const tooRecent = runCli(['purge', '--before', '2025-01-01', '--apply', '--database', db.location]);
    expect(tooRecent.status).toBe(2);
    expect(tooRecent.stderr).toContain('RETENTION_NOT_REACHED');
  });
});

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`sitepresence doctor (${database.name})`, () => {
    let db: OpenedDatabase;
    const id = 'DOCTOR0001' as WorkplaceId;
    const [declarant, contractor] = [enterpriseNumber(1), enterpriseNumber(2)] as EnterpriseNumber[];
    beforeAll(async () => {
      db = await database.open();
      await db.store.workplaces.create({
        id,
        name: 'Chantier',
        address: { street: 'Rue de la Loi 16', postalCode: '1000', city: 'Bruxelles' },
        declarant: declarant!,
        startDate: '2026-03-01' as CalendarDate,
        endDate: '2026-12-31' as CalendarDate,
        permanentlyWithoutInfrastructure: false,
        createdAt: '2026-03-01T07:00:00Z',
      });
      const link = { enterprise: contractor!, parent: declarant! };
      await db.store.workplaces.changeChain(
        id,
        '2026-03-01T08:00:00Z',
        (chain) => ok({ chain: { ...chain, links: [...chain.links, link] }, added: true, link }),
        chainAccess,
      );
      await db.store.close();
    });
    afterAll(async () => {
      await db.dispose();
    });

    it('finds a search index that differs from the chains, rebuilds it, and records that it did', async () => {
      expect(runCli(['doctor', '--dry-run', '--database', db.location]).status).toBe(0);
      await runSql(database.name, db.location, `DELETE FROM workplace_access WHERE viewer = '${contractor}'`);
      const dry = runCli(['doctor', '--dry-run', '--database', db.location]);
      expect(dry.status).toBe(1);
      expect(dry.stderr).toContain('DOCTOR0001: 1 pair(s) missing, 0 too many');
      const repaired = runCli(['doctor', '--json', '--database', db.location]);
      expect(repaired.status, repaired.stderr).toBe(0);
      expect(JSON.parse(repaired.stdout)).toEqual({
        workplaces: 1,
        differing: [{ workplaceId: id, missing: 1, extra: 0 }],
        dryRun: false,
      });
      expect(repaired.stderr).toContain('was rebuilt');
      const again = runCli(['doctor', '--dry-run', '--database', db.location]);
      expect(again.status).toBe(0);
      expect(again.stderr).toContain('is what their contractor chains imply');
      const trail = await runSql(
        database.name,
        db.location,
        "SELECT action FROM audit_log WHERE action = 'command doctor'",
      );
      expect(trail).toHaveLength(4);
    });
  });
}
