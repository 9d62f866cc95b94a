import { describe, expect, it } from 'vitest';
import { DEFAULT_PROCEDURE_WATCH_MS, LINE_WATCH_MS, parseAgentRunConfig } from './agent-config.js';
import { DEFAULT_PROCEDURE_DELAY_MS } from './site-procedure.js';

const LOOPBACK = { host: '127.0.0.1', allowHosts: [] };

describe("agent run's options", () => {
  it('open the procedure after 30 minutes, look at it every 30 s, and listen for no kiosk, by default', () => {
    expect(parseAgentRunConfig(LOOPBACK)).toEqual({
      ok: true,
      value: {
        procedureDelayMs: DEFAULT_PROCEDURE_DELAY_MS,
        procedureWatchMs: DEFAULT_PROCEDURE_WATCH_MS,
        lineWatchMs: LINE_WATCH_MS,
      },
    });
    expect(DEFAULT_PROCEDURE_WATCH_MS).toBe(30_000);
  });

  it('take the delay in minutes, the watch in milliseconds, and the kiosk endpoint with its names', () => {
    expect(
      parseAgentRunConfig({
        procedureAfter: '0.5',
        procedureWatchMs: '200',
        listen: '8181',
        host: '192.168.1.20',
        allowHosts: ['agent.site.local', 'gate.example:8443'],
      }),
    ).toMatchObject({
      ok: true,
      value: {
        procedureDelayMs: 30_000,
        procedureWatchMs: 200,
        kiosk: { port: 8181, host: '192.168.1.20', allowHosts: ['agent.site.local', 'gate.example:8443'] },
      },
    });
  });

  it('refuse each wrong one, named by its flag', () => {
    const parsed = parseAgentRunConfig({
      procedureAfter: '-1',
      procedureWatchMs: '50',
      listen: '65536',
      host: '127.0.0.1',
      allowHosts: ['not a name'],
    });
    expect(parsed.ok ? [] : parsed.error.map((e) => `${e.code} ${e.field ?? ''}`)).toEqual([
      'FIELD_VALUE procedure-after',
      'FIELD_VALUE procedure-watch-ms',
      'FIELD_VALUE listen',
      'FIELD_FORMAT allow-host',
    ]);
  });

  it.each(['abc', '1e3', '100.5', '600001'])('refuse %j for the watch', (procedureWatchMs) => {
    expect(parseAgentRunConfig({ ...LOOPBACK, procedureWatchMs }).ok).toBe(false);
  });
});
