import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FORWARDER_PACING,
  DEFAULT_PROCEDURE_WATCH_MS,
  LINE_WATCH_MS,
  parseAgentRunConfig,
} from './agent-config.js';
import { DEFAULT_PROCEDURE_DELAY_MS } from './site-procedure.js';

const LOOPBACK = { host: '127.0.0.1', allowHosts: [] };

describe("agent run's options", () => {
  it('open the procedure after 30 minutes, look at it every 30 s, wait 1 s doubling to 60 s after failures asking the registry every second, and listen for no kiosk, by default', () => {
    expect(parseAgentRunConfig(LOOPBACK)).toEqual({
      ok: true,
      value: {
        procedureDelayMs: DEFAULT_PROCEDURE_DELAY_MS,
        procedureWatchMs: DEFAULT_PROCEDURE_WATCH_MS,
        lineWatchMs: LINE_WATCH_MS,
        forwarding: DEFAULT_FORWARDER_PACING,
      },
    });
    expect(DEFAULT_PROCEDURE_WATCH_MS).toBe(30_000);
    expect(DEFAULT_FORWARDER_PACING).toEqual({
      minBackoffMs: 1000,
      maxBackoffMs: 60_000,
      statusCheckMs: 1000,
    });
  });

  it('take the delay in minutes, the watch in milliseconds, and the kiosk endpoint with its names', () => {
    expect(
      parseAgentRunConfig({
        procedureAfter: '0.5',
        procedureWatchMs: '200',
        backoffMs: '60000',
        maxBackoffMs: '120000',
        statusCheckMs: '250',
        listen: '8181',
        host: '192.168.1.20',
        allowHosts: ['agent.site.local', 'gate.example:8443'],
      }),
    ).toMatchObject({
      ok: true,
      value: {
        procedureDelayMs: 30_000,
        procedureWatchMs: 200,
        forwarding: { minBackoffMs: 60_000, maxBackoffMs: 120_000, statusCheckMs: 250 },
        kiosk: { port: 8181, host: '192.168.1.20', allowHosts: ['agent.site.local', 'gate.example:8443'] },
      },
    });
  });

  it('refuse each wrong one, named by its flag', () => {
    const parsed = parseAgentRunConfig({
      procedureAfter: '-1',
      procedureWatchMs: '50',
      backoffMs: '50',
      statusCheckMs: '60001',
      listen: '65536',
      host: '127.0.0.1',
      allowHosts: ['not a name'],
    });
    expect(parsed.ok ? [] : parsed.error.map((e) => `${e.code} ${e.field ?? ''}`)).toEqual([
      'FIELD_VALUE procedure-after',
      'FIELD_VALUE procedure-watch-ms',
      'FIELD_VALUE backoff-ms',
      'FIELD_VALUE status-check-ms',
      'FIELD_VALUE listen',
      'FIELD_FORMAT allow-host',
    ]);
  });

  it('refuse a longest wait shorter than the first', () => {
    const parsed = parseAgentRunConfig({ ...LOOPBACK, backoffMs: '5000', maxBackoffMs: '1000' });
    expect(parsed.ok ? [] : parsed.error.map((e) => `${e.code} ${e.field ?? ''}`)).toEqual([
      'FIELD_VALUE max-backoff-ms',
    ]);
  });

  it.each(['abc', '1e3', '100.5', '600001'])('refuse %j for the watch', (procedureWatchMs) => {
    expect(parseAgentRunConfig({ ...LOOPBACK, procedureWatchMs }).ok).toBe(false);
  });
});
