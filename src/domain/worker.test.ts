import { describe, expect, it } from 'vitest';
import { formatWorker, parseWorker, workerFromKey, workerKey } from './worker.js';

describe('parseWorker', () => {
  it('takes a worker by national number, stored as digits', () => {
    expect(parseWorker({ niss: '85.07.30-033.28' })).toEqual({ ok: true, value: { niss: '85073003328' } });
  });

  it('takes a worker by BIS number', () => {
    expect(parseWorker({ niss: '97440936363' })).toEqual({ ok: true, value: { niss: '97440936363' } });
  });

  it('takes a worker posted from abroad by Limosa-1 number', () => {
    expect(parseWorker({ limosaId: '1234 5678 90' })).toEqual({
      ok: true,
      value: { limosaId: '1234567890' },
    });
  });

  it('treats a field given as undefined as absent', () => {
    expect(parseWorker({ niss: '85073003328', limosaId: undefined })).toEqual({
      ok: true,
      value: { niss: '85073003328' },
    });
  });

  it('refuses a worker without either number: WORKER_IDENTIFIER_MISSING', () => {
    expect(parseWorker({})).toMatchObject({ ok: false, error: { code: 'WORKER_IDENTIFIER_MISSING' } });
  });

  it('refuses a worker with both numbers: WORKER_IDENTIFIER_AMBIGUOUS', () => {
    expect(parseWorker({ niss: '85073003328', limosaId: '1234567890' })).toMatchObject({
      ok: false,
      error: { code: 'WORKER_IDENTIFIER_AMBIGUOUS' },
    });
  });

  it('refuses both numbers even when one of them is invalid', () => {
    expect(parseWorker({ niss: '85073003327', limosaId: '1234567890' })).toMatchObject({
      ok: false,
      error: { code: 'WORKER_IDENTIFIER_AMBIGUOUS' },
    });
  });

  it('names the field niss when the national number is wrong', () => {
    expect(parseWorker({ niss: '85073003327' })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'NISS_CHECK_DIGITS', field: 'niss' }) as unknown,
    });
  });

  it('names the field limosaId when the Limosa-1 number is wrong', () => {
    expect(parseWorker({ limosaId: '123' })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'LIMOSA_LENGTH', field: 'limosaId' }) as unknown,
    });
  });
});

describe('workerKey and workerFromKey', () => {
  it('store a national number as kind NISS and read it back', () => {
    const worker = { niss: '85073003328' } as const;
    const parsed = parseWorker(worker);
    if (!parsed.ok) throw new Error('fixture');
    expect(workerKey(parsed.value)).toEqual({ kind: 'NISS', id: '85073003328' });
    expect(workerFromKey('NISS', '85073003328')).toEqual(parsed.value);
  });

  it('store a Limosa-1 number as kind LIMOSA and read it back', () => {
    const parsed = parseWorker({ limosaId: '85073003328' });
    if (!parsed.ok) throw new Error('fixture');
    expect(workerKey(parsed.value)).toEqual({ kind: 'LIMOSA', id: '85073003328' });
    expect(workerFromKey('LIMOSA', '85073003328')).toEqual(parsed.value);
  });
});

describe('formatWorker', () => {
  it('prints a NISS with its dots and dash, and a Limosa-1 number after "L1"', () => {
    const niss = parseWorker({ niss: '85073003328' });
    const limosa = parseWorker({ limosaId: '12345678' });
    expect(niss.ok && formatWorker(niss.value)).toBe('85.07.30-033.28');
    expect(limosa.ok && formatWorker(limosa.value)).toBe('L1 12345678');
  });
});
