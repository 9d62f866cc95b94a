import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  agentSettingsFromEnvironment,
  loadAgentSettings,
  parseAgentSettings,
  saveAgentSettings,
} from './agent-settings.js';
import { openSqliteJournal, type SqliteJournal } from './sqlite/sqlite-journal.js';

const GIVEN = {
  registryUrl: 'https://registry.example.be/',
  key: 'sp_testkey123',
  workplaceId: 'DEMO0001',
  employer: '0403.019.261',
};

describe('the agent’s settings', () => {
  let journal: SqliteJournal;
  beforeEach(() => {
    journal = openSqliteJournal(':memory:');
  });
  afterEach(async () => {
    await journal.close();
  });

  it('reads every AGENT_* variable, and none that is empty', () => {
    expect(
      agentSettingsFromEnvironment({
        AGENT_REGISTRY_URL: 'https://other.example.be',
        AGENT_KEY: 'sp_otherkey456',
        AGENT_WORKPLACE: 'DEMO0002',
        AGENT_EMPLOYER: '0403170701',
        AGENT_PROBE_URL: '',
        AGENT_KIOSK_TOKEN: 'a-kiosk-token-of-32-characters!!',
        PATH: '/usr/bin',
      }),
    ).toEqual({
      registryUrl: 'https://other.example.be',
      key: 'sp_otherkey456',
      workplaceId: 'DEMO0002',
      employer: '0403170701',
      kioskToken: 'a-kiosk-token-of-32-characters!!',
    });
  });

  it('gives the environment precedence over what agent init stored, setting by setting', async () => {
    const stored = parseAgentSettings(GIVEN);
    if (!stored.ok) throw new Error('settings refused');
    await saveAgentSettings(journal, stored.value);
    const loaded = await loadAgentSettings(
      journal,
      agentSettingsFromEnvironment({ AGENT_WORKPLACE: 'DEMO0002', AGENT_KIOSK_TOKEN: '0123456789abcdef' }),
    );
    expect(loaded).toEqual({
      ok: true,
      value: {
        registryUrl: 'https://registry.example.be',
        key: 'sp_testkey123',
        workplaceId: 'DEMO0002',
        employer: '0403019261',
        kioskToken: '0123456789abcdef',
      },
    });
  });

  it('keeps the kiosk token agent init was given', async () => {
    const stored = parseAgentSettings({ ...GIVEN, kioskToken: 'a-kiosk-token-of-the-site' });
    if (!stored.ok) throw new Error('settings refused');
    await saveAgentSettings(journal, stored.value);
    expect(await loadAgentSettings(journal, {})).toMatchObject({
      ok: true,
      value: { kioskToken: 'a-kiosk-token-of-the-site' },
    });
  });

  it.each(['too-short', 'sixteen chars ok', 'x'.repeat(201), 'sixteen-chars-é-no'])(
    'refuses the kiosk token %j (16 to 200 printable characters, no space)',
    (kioskToken) => {
      expect(parseAgentSettings({ ...GIVEN, kioskToken })).toMatchObject({
        ok: false,
        error: [{ code: 'FIELD_FORMAT', field: 'kiosk-token' }],
      });
    },
  );
});
