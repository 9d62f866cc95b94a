import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, brusselsDate } from '../../src/domain/calendar-date.js';
import { newReferenceNumber } from '../../src/domain/reference-number.js';
import { niss } from '../support/identifiers.js';
import { PDFTOTEXT, pdfText } from '../support/pdf-text.js';
import { openSqliteJournal } from '../../src/agent/sqlite/sqlite-journal.js';
import { runCli, startAgentProcess } from '../support/processes.js';

describe('the agent’s roster and import commands', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitepresence-agent-cli-'));
  const journal = join(dir, 'agent.db');
  const agent = (...args: string[]) => runCli(['agent', ...args, '--journal', journal]);
  /** Writes a file in the test's folder and gives its path. */
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const [an, jan, piet] = [niss(1), niss(2), niss(3)];
  const today = brusselsDate(new Date());
  const yesterday = addDays(today, -1);

  beforeAll(() => {
    const init = runCli([
      'agent',
      'init',
      '--registry',
      'http://127.0.0.1:9',
      '--key',
      'sp_testkey123',
      '--workplace',
      'DEMO0001',
      '--employer',
      '0403019261',
      '--journal',
      journal,
    ]);
    expect(init.status, init.stderr).toBe(0);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a roster saved by Excel (semicolons, BOM, Dutch headings) and lists it', () => {
    const roster = file(
      'roster.csv',
      '\uFEFFINSZ;Naam;Voornaam;Badge;Werkgever;Functie\r\n' +
        `${an};Peeters;An;04:A2:2B:1C;;metselaar\r\n` +
        `${jan};Janssens;Jan;;0403.170.701;\r\n` +
        `${piet};Claes;Piet;1234;;\r\n`,
    );
    const imported = agent('roster', 'import', roster);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('The roster now has 3 workers, 2 with a badge.');

    const listed = agent('roster', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toEqual([
      { worker: { niss: piet }, lastName: 'Claes', firstName: 'Piet', badge: '1234' },
      { worker: { niss: jan }, lastName: 'Janssens', firstName: 'Jan', employer: '0403170701' },
      { worker: { niss: an }, lastName: 'Peeters', firstName: 'An', badge: '77736732' },
    ]);
    expect(agent('roster', 'list').stdout).toContain('Peeters An  badge 77736732');
  });

  it('resolves a badge to its worker whether the reader writes it in hex or in decimal', () => {
    for (const read of ['04A22B1C', '77736732']) {
      const checkin = agent('checkin', read, '--json');
      expect(checkin.status, checkin.stderr).toBe(0);
      expect(JSON.parse(checkin.stdout)).toMatchObject({
        raw: read,
        worker: { niss: an },
        state: 'PENDING',
        source: 'CHECKIN',
      });
    }
  });

  it('refuses a roster with wrong lines, prints every error, and keeps the roster as it was', () => {
    const bad = file(
      'bad-roster.csv',
      'niss,lastName,firstName,badge\n' +
        `${an},Peeters,An,04A22B1C\n` +
        `${jan.slice(0, 9)}00,Janssens,Jan,\n` +
        `${piet},Claes,Piet,77736732\n`,
    );
    const refused = agent('roster', 'import', bad);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('line 3, column niss: NISS_CHECK_DIGITS');
    expect(refused.stderr).toMatch(/line 4, column badge: FIELD_VALUE .*lines 2 and 4/);
    expect(refused.stderr).toContain('the roster is unchanged');
    expect(JSON.parse(agent('roster', 'list', '--json').stdout)).toHaveLength(3);

    const noNumber = agent('roster', 'import', file('names.csv', 'nom;prénom\nPeeters;An\n'));
    expect(noNumber.status).toBe(2);
    expect(noNumber.stderr).toMatch(/line 1: FIELD_REQUIRED The file has no column for the workers' numbers/);
  });

  it('imports captures, and journals nothing twice when the same file is imported again', () => {
    const captures = file(
      'captures.csv',
      'worker,employer,capturedAt,reference\n' +
        `${an},,${yesterday} 07:30,\n` +
        `${jan},0403.170.701,${today},ERP-2\n` +
        `04:A2:2B:1C,,${today} 06:45,\n` +
        `DEADBEEF,,,\n` +
        `L1 123,,,\n`,
    );
    const first = agent('import', captures);
    expect(first.status).toBe(1);
    expect(first.stdout).toContain('Imported: 3');
    expect(first.stdout).toContain('Unknown badges (journaled, unresolved): 1');
    expect(first.stdout).toContain('Already journaled: 0');
    expect(first.stdout).toContain('Refused: 1');
    expect(first.stderr).toContain('line 6, column worker: LIMOSA_LENGTH');
    expect(first.stderr).toContain(
      `warning: 1 line of past days (${yesterday}: 1): the registry no longer takes them; they are kept (held)`,
    );

    const again = agent('import', captures, '--json');
    expect(again.status).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({
      imported: 0,
      unknownBadges: 0,
      alreadyJournaled: 4,
      refused: [{ line: 6, column: 'worker', error: { code: 'LIMOSA_LENGTH' } }],
    });

    const status = agent('status', '--json');
    expect(JSON.parse(status.stdout).counts).toMatchObject({ PENDING: 5, UNRESOLVED: 1 });
    expect(agent('status').stdout).toContain('5 pending');
  });

  it('refuses a mistyped national number typed at checkin with the NISS error, unless the roster knows it', () => {
    const mistyped = `${an.slice(0, 9)}${an.endsWith('00') ? '01' : '00'}`;
    const refused = agent('checkin', mistyped);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^error: NISS_CHECK_DIGITS \(\d{11}\): /m);
    expect(refused.stdout).toBe('');
    // The roster knows 1234 as Piet's badge; a card number of another length stays an unknown badge.
    expect(agent('checkin', '1234', '--json').stdout).toContain(piet);
  });

  it('shows the unknown badges, the refusals and the procedures, as text and as JSON', () => {
    const path = journal;
    return (async () => {
      // A refusal of the registry, as the forwarder records it.
      const opened = openSqliteJournal(path);
      const [first] = await opened.captures({ state: 'PENDING' }, 1);
      await opened.settle(
        [
          {
            sequence: first!.sequence,
            outcome: 'REJECTED',
            errors: [{ code: 'EMPLOYER_NOT_IN_CHAIN', message: 'The employer is not in the chain.' }],
          },
        ],
        new Date().toISOString(),
      );
      await opened.close();

      const json = JSON.parse(agent('status', '--json').stdout);
      expect(json).toMatchObject({
        counts: { REJECTED: 1, UNRESOLVED: 1 },
        procedures: [],
        rejected: [{ sequence: first!.sequence, rejection: [{ code: 'EMPLOYER_NOT_IN_CHAIN' }] }],
        unknownBadges: [{ raw: 'DEADBEEF', seen: 1 }],
      });

      const text = agent('status');
      expect(text.stdout).toContain('Unknown badges (add them to the roster: agent roster import):');
      expect(text.stdout).toMatch(/^ {2}DEADBEEF {2}1× — last seen /m);
      expect(text.stdout).toContain('Rejected by the registry (the latest 1 of 1):');
      expect(text.stdout).toContain(`#${first!.sequence} ${first!.raw}: EMPLOYER_NOT_IN_CHAIN`);
      const fr = runCli(['agent', 'status', '--journal', journal], { SITEPRESENCE_LANG: 'fr' });
      expect(fr.stdout).toContain(
        'Badges inconnus (à ajouter à la liste des travailleurs : agent roster import):',
      );
      expect(fr.stdout).toContain('Refusées par le registre (les 1 plus récentes sur 1) :');
      expect(fr.stdout).not.toMatch(/Unknown|Rejected|Captures/);

      // The roster learns the badge: the capture read before is that worker's, and goes with the others.
      const learnt = agent(
        'roster',
        'import',
        file('badges.csv', `niss;lastName;firstName;badge\n${an};Peeters;An;DEADBEEF\n`),
      );
      expect(learnt.stdout).toContain('1 capture of badges unknown until now resolved');
      expect(JSON.parse(agent('status', '--json').stdout).counts).toMatchObject({ UNRESOLVED: 0 });
    })();
  });

  it('refuses an import without a column that says who, and a file that is not UTF-8, with exit code 2', () => {
    const noWho = agent('import', file('nobody.csv', 'name;capturedAt\nPeeters;2026-01-05\n'));
    expect(noWho.status).toBe(2);
    expect(noWho.stderr).toContain('line 1: FIELD_REQUIRED');

    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from('niss;nom;pr\xe9nom\n', 'latin1'));
    const notUtf8 = agent('roster', 'import', latin1);
    expect(notUtf8.status).toBe(2);
    expect(notUtf8.stderr).toContain('TEXT_ENCODING');
  });
});

describe('the agent’s emergency procedure commands', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitepresence-agent-procedure-'));
  const journal = join(dir, 'agent.db');
  const agent = (...args: string[]) => runCli(['agent', ...args, '--journal', journal]);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the reference number (refusing a mistyped one), prints the listing offline and shows the procedure', () => {
    expect(
      runCli([
        'agent',
        'init',
        '--registry',
        'http://127.0.0.1:9',
        '--key',
        'sp_testkey123',
        '--workplace',
        'DEMO0001',
        '--employer',
        '0403019261',
        '--journal',
        journal,
      ]).status,
    ).toBe(0);
    expect(agent('checkin', niss(11), niss(12)).status).toBe(0);
    const reference = newReferenceNumber(Uint8Array.from([9, 8, 7, 6, 5]));
    const mistyped = `${reference.slice(0, -1)}${reference.endsWith('0') ? '1' : '0'}`;
    const refused = agent('reference', mistyped);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('REFERENCE_NUMBER_CHECK_CHARACTER');
    const entered = runCli(['agent', 'reference', reference, '--journal', journal], {
      SITEPRESENCE_LANG: 'fr',
    });
    expect(entered.status, entered.stderr).toBe(0);
    expect(entered.stdout).toContain('FILL_PAPER_LISTING');
    expect(entered.stdout).toContain(`Inscrivez le numéro de référence ${reference}`);

    const out = join(dir, 'listing.pdf');
    const listing = agent('listing', '--out', out);
    expect(listing.status, listing.stderr).toBe(0);
    if (PDFTOTEXT) {
      const text = pdfText(readFileSync(out));
      expect(text).toContain(reference);
      expect(text).toContain('DEMO0001');
      expect(text).toContain(`${niss(11).slice(0, 2)}.${niss(11).slice(2, 4)}.`);
    }
    const status = agent('status');
    expect(status.stdout).toContain('Emergency procedure');
    expect(status.stdout).toContain(reference);
  });
});

describe('a journal that only agent init creates', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitepresence-agent-nojournal-'));
  const missing = join(dir, 'not-there', 'agent.db');
  const csv = join(dir, 'file.csv');
  writeFileSync(csv, `worker\n${niss(1)}\n`);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(
    [
      ['status'],
      ['checkin', niss(1)],
      ['read'],
      ['roster', 'list'],
      ['roster', 'import', csv],
      ['import', csv],
      ['run', '--listen', '0'],
      ['listing', '--out', join(dir, 'listing.pdf')],
      ['reference', '4KQ7-M2XD'],
      ['file'],
    ].map((args) => ({ command: args[0] === 'roster' ? args.slice(0, 2).join(' ') : args[0], args })),
  )(
    'agent $command refuses a journal that does not exist with exit code 2, and creates nothing',
    ({ args }) => {
      const run = runCli(['agent', ...args, '--journal', missing]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(
        `error: NOT_FOUND (journal): No journal at ${missing}; create it with \`sitepresence agent init …\``,
      );
      expect(existsSync(missing)).toBe(false);
      expect(existsSync(dirname(missing))).toBe(false);
    },
  );
});

describe('the agent’s settings from the environment', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitepresence-agent-env-'));
  const journal = join(dir, 'agent.db');
  const agent = (args: readonly string[], env: Record<string, string> = {}) =>
    runCli(['agent', ...args, '--journal', journal], env);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns when the key is typed on the command line, and not when it comes from AGENT_KEY', () => {
    const init = [
      'init',
      '--registry',
      'http://127.0.0.1:9',
      '--workplace',
      'DEMO0001',
      '--employer',
      '0403019261',
    ];
    const typed = agent([...init, '--key', 'sp_testkey123']);
    expect(typed.status, typed.stderr).toBe(0);
    expect(typed.stderr).toContain('warning: --key on the command line shows in `ps`');
    expect(typed.stderr).toContain('set AGENT_KEY instead');
    const fromEnvironment = agent(init, { AGENT_KEY: 'sp_testkey123' });
    expect(fromEnvironment.status, fromEnvironment.stderr).toBe(0);
    expect(fromEnvironment.stderr).not.toContain('warning');
    expect(agent(['init', '--help']).stdout).toMatch(/prefer\s+AGENT_KEY/);
  });

  it('is read by agent listing and agent file as by every other command', () => {
    const listing = agent(['listing', '--out', join(dir, 'listing.pdf')], { AGENT_EMPLOYER: '0403019262' });
    expect(listing.status).toBe(2);
    expect(listing.stderr).toContain('error: ENTERPRISE_NUMBER_CHECK_DIGITS (employer)');
    const file = agent(['file'], { AGENT_REGISTRY_URL: 'ftp://registry.example.be' });
    expect(file.status).toBe(2);
    expect(file.stderr).toContain('error: FIELD_FORMAT (registry)');

    const out = join(dir, 'other.pdf');
    expect(agent(['checkin', niss(5)]).status).toBe(0);
    const other = agent(['listing', '--out', out], { AGENT_WORKPLACE: 'DEMO0002' });
    expect(other.status, other.stderr).toBe(0);
    if (PDFTOTEXT) expect(pdfText(readFileSync(out))).toContain('DEMO0002');
  });

  it('refuses a port that is none, and to listen beyond this computer without a kiosk token', () => {
    for (const port of ['65536', 'abc']) {
      const run = agent(['run', '--listen', port]);
      expect(run.status, port).toBe(2);
      expect(run.stderr).toContain('error: FIELD_VALUE (listen): A port number, 1 to 65535');
    }
    const open = agent(['run', '--listen', '0', '--host', '0.0.0.0']);
    expect(open.status).toBe(2);
    expect(open.stderr).toContain('error: FIELD_REQUIRED (kiosk-token)');
    const badName = agent(['run', '--listen', '0', '--allow-host', 'not a name']);
    expect(badName.status).toBe(2);
    expect(badName.stderr).toContain('error: FIELD_FORMAT (allow-host)');
  });

  it('asks kiosks for the token AGENT_KIOSK_TOKEN gives, on the captures and the status', async () => {
    const token = 'the-kiosk-token-of-this-test';
    const run = await startAgentProcess(journal, { AGENT_KIOSK_TOKEN: token, SITEPRESENCE_LANG: 'en' });
    try {
      expect(run.stderr()).toContain('/captures (with the kiosk token)');
      const post = (headers: Record<string, string>) =>
        fetch(`${run.url}/captures`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ raw: niss(6) }),
        });
      const refused = await post({});
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({
        error: { code: 'AUTHENTICATION_REQUIRED', field: 'authorization' },
      });
      expect((await post({ authorization: `Bearer ${token}` })).status).toBe(201);
      expect((await fetch(`${run.url}/status`)).status).toBe(401);
    } finally {
      await run.kill('SIGTERM');
    }
  });
});
