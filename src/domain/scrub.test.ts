import { describe, expect, it } from 'vitest';
import { scrubSecrets } from './scrub.js';

describe('what a log line or the audit trail never holds', () => {
  it('masks a NISS however it is spelled', () => {
    for (const spelling of [
      '85073003328',
      '85.07.30-033.28',
      '850730-033-28',
      '85 07 30 033 28',
      '850730 033 28',
    ])
      expect(scrubSecrets(`{"msg":"refused the row of worker ${spelling}"}`)).toBe(
        '{"msg":"refused the row of worker [niss]"}',
      );
  });

  it('masks API keys, bearer tokens and the session and form-token cookies', () => {
    const line = scrubSecrets(
      '{"msg":"Authorization: Bearer sp_AbCdEfGhIjKlMnOpQrStUvWxYz012345 Cookie: sp_session=tok3n-value; sp_csrf=xyz"}',
    );
    expect(line).not.toMatch(/sp_AbCd|tok3n|xyz/);
    expect(line).toContain('Bearer [redacted]');
    expect(line).toContain('sp_session=[redacted]');
  });

  it('leaves timestamps, dates, ids and other numbers alone', () => {
    const line =
      '{"level":50,"time":1773126000000,"pid":4242,"reqId":"req-1c","date":"2026-03-10","at":"2026-03-10T07:00:00.000Z",' +
      '"id":"3f2a1b40-1234-4c5d-9e8f-426614174000","port":8080,"msg":"partition presences_2026_04 created"}';
    expect(scrubSecrets(line)).toBe(line);
  });
});
