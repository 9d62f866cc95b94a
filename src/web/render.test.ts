import { describe, expect, it } from 'vitest';
import { localPath } from './render.js';

describe('a path to go back to', () => {
  it('keeps a path of this site, with its query', () => {
    expect(localPath('/workplaces/DEMO0001?date=2026-11-27')).toBe('/workplaces/DEMO0001?date=2026-11-27');
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a protocol-relative address', '//evil.example/'],
    ['a backslash a browser reads as a slash', '/\\evil.example/'],
    ['a tab a browser drops', '/\t/evil.example/phish'],
    ['line breaks a browser drops', '/\r\n/evil.example/'],
    ['a dot segment that leaves two slashes', '/.//evil.example'],
    ['no text at all', undefined],
    ['a relative path', 'workplaces'],
  ])('sends to the start instead of %s', (_what, raw) => {
    expect(localPath(raw)).toBe('/');
  });
});
