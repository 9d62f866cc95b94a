import { describe, expect, it } from 'vitest';
import { MAX_DETAIL_LENGTH, redact } from './redaction.js';

const KEY = 'sp_live_Zr8qN3vKx1WmT5yH';

describe('redact: a failure detail fit to keep as evidence and print', () => {
  it.each([
    [
      'the credentials of a URL',
      `connect ECONNREFUSED http://agent:${KEY}@registry.example/x`,
      'connect ECONNREFUSED http://[redacted]@registry.example/x',
    ],
    [
      'the query of a URL',
      'GET https://registry.example/api?key=abc&niss=85073003328 failed',
      'GET https://registry.example/api?[redacted] failed',
    ],
    ['a quoted value', 'Invalid header value: "Bearer abc\\n"', 'Invalid header value: "[redacted]"'],
    [
      'a credential after its scheme',
      'refused Authorization: Basic dXNlcjpwYXNz',
      'refused Authorization: Basic [redacted]',
    ],
  ])('hides %s', (_what, detail, expected) => {
    expect(redact(detail, [])).toBe(expected);
  });

  it('hides every secret it is given, wherever it stands, and ignores an empty one', () => {
    expect(redact(`key ${KEY} and again${KEY}`, [KEY, ''])).toBe('key [redacted] and again[redacted]');
  });

  it(`cuts a detail to ${MAX_DETAIL_LENGTH} characters, with an ellipsis`, () => {
    const cut = redact('x'.repeat(1_000), []);
    expect(cut).toHaveLength(MAX_DETAIL_LENGTH);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('says less rather than show a secret the replacement formed anew', () => {
    // "d]" is in "[redacted]": redacting "d]" leaves it standing.
    expect(redact('see d] here', ['d]'])).toBe('[detail withheld: it contained a secret]');
    expect(redact('see [detail] here', ['detail', 'd]'])).toBe('');
  });
});
