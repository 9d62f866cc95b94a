import { describe, expect, it } from 'vitest';
import { unknownBadgesOf } from './agent-status.js';
import type { Capture } from './capture-journal.js';

describe('unknownBadgesOf', () => {
  const unresolved = (raw: string, capturedAt: string, sequence: number): Capture =>
    ({ raw, capturedAt, sequence, state: 'UNRESOLVED' }) as Capture;

  it('gives each raw value once, with how many times it was seen, the most recently seen first', () => {
    expect(
      unknownBadgesOf(
        [
          unresolved('DEADBEEF', '2026-11-26T06:00:00.000Z', 1),
          unresolved('1234', '2026-11-27T06:00:00.000Z', 2),
          unresolved('DEADBEEF', '2026-11-27T07:00:00.000Z', 3),
          unresolved('5678', '2026-11-25T06:00:00.000Z', 4),
        ],
        10,
      ),
    ).toEqual([
      { raw: 'DEADBEEF', seen: 2, lastSeenAt: '2026-11-27T07:00:00.000Z' },
      { raw: '1234', seen: 1, lastSeenAt: '2026-11-27T06:00:00.000Z' },
      { raw: '5678', seen: 1, lastSeenAt: '2026-11-25T06:00:00.000Z' },
    ]);
  });

  it('lists at most the limit', () => {
    const many = Array.from({ length: 5 }, (_, n) => unresolved(`B${n}`, `2026-11-27T06:0${n}:00.000Z`, n));
    expect(unknownBadgesOf(many, 2).map((b) => b.raw)).toEqual(['B4', 'B3']);
  });
});
