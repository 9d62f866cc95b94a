import { afterAll, describe, expect, it } from 'vitest';
import { PDFTOTEXT, pdfText } from '../../test/support/pdf-text.js';
import { WorkerPdfWriter } from './worker-pdf-writer.js';

describe('WorkerPdfWriter', () => {
  const writer = new WorkerPdfWriter();
  afterAll(async () => {
    await writer.close();
  });

  it('renders in its own thread what the pdfkit writer renders, several jobs at once', async () => {
    const reports = await Promise.all(
      [1, 2, 3].map((n) =>
        writer.report({
          title: `Dossier ${n}`,
          lines: [{ label: 'Jour', value: '2026-11-27' }],
          sections: [{ heading: 'Présences', columns: ['Travailleur'], rows: [[`Łukasz ${n}`]] }],
          printedAt: '2026-11-27T06:30:00.000Z',
        }),
      ),
    );
    for (const [i, pdf] of reports.entries()) {
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      if (PDFTOTEXT) expect(pdfText(pdf)).toContain(`Łukasz ${i + 1}`);
    }
  });

  it('starts a new thread after it was closed', async () => {
    await writer.close();
    const pdf = await writer.report({
      title: 'Again',
      lines: [],
      sections: [],
      printedAt: '2026-11-27T06:30:00.000Z',
    });
    expect(pdf.length).toBeGreaterThan(100);
  });
});
