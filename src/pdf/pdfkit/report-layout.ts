import type { ReportDocument } from '../pdf-writer.js';
import { contentWidth, distribute, ensureSpace, measure, type Doc } from './document.js';
import type { FontName } from './fonts.js';
import { BLACK, GREY, INK } from './palette.js';
import { CELL_PAD, drawTable, type TableColumn, type TableRow } from './table.js';

/** Draws a report from the top of the current page: its title, its labelled lines, then each section as a table. */
export function drawReport(doc: Doc, report: ReportDocument): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);

  doc.font('bold').fontSize(16).fillColor(BLACK).text(report.title, left, doc.page.margins.top, { width });
  if (report.subtitle !== undefined && report.subtitle !== '') {
    doc.font('regular').fontSize(11).fillColor(GREY).text(report.subtitle, left, doc.y, { width });
  }
  doc.moveDown(0.8);

  const labelWidth = Math.min(170, width * 0.32);
  const valueWidth = width - labelWidth - 8;
  for (const line of report.lines) {
    const height = Math.max(
      measure(doc, line.label, 'bold', 9, labelWidth),
      measure(doc, line.value, 'regular', 9, valueWidth),
    );
    ensureSpace(doc, height);
    const top = doc.y;
    doc.font('bold').fontSize(9).fillColor(GREY).text(line.label, left, top, { width: labelWidth });
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(INK)
      .text(line.value, left + labelWidth + 8, top, { width: valueWidth });
    doc.x = left;
    doc.y = top + height + 3;
  }

  for (const section of report.sections) {
    doc.moveDown(1);
    doc.font('bold').fontSize(11);
    const headingHeight = doc.currentLineHeight(true) + 4;
    const hasTable = section.rows.length > 0 && section.columns.length > 0;
    // Keep the heading with the table's header and first row (or with the "empty" text).
    ensureSpace(doc, headingHeight + (hasTable ? 44 : 16));
    doc.font('bold').fontSize(11).fillColor(BLACK).text(section.heading, left, doc.y, { width });
    doc.y += 4;
    if (!hasTable) {
      doc
        .font('regular')
        .fontSize(9)
        .fillColor(GREY)
        .text(section.empty ?? '—', left, doc.y, { width });
      continue;
    }
    const columns = reportColumns(doc, section.columns, section.rows, width);
    const rows: TableRow[] = section.rows.map((row) => ({
      cells: section.columns.map((_, i) => ({ text: row[i] ?? '', font: 'regular', size: 8, color: INK })),
    }));
    drawTable(doc, columns, rows, { valign: 'top', zebra: true });
  }
}

/**
 * Column widths from the content. A column whose text (each of its lines) fits within a fair share of the width
 * gets just that; the wider columns share what is left, each getting at least its longest word (so words are not
 * cut) and the rest in proportion to how much more they would need to hold their text on one line.
 */
function reportColumns(
  doc: Doc,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  width: number,
): TableColumn[] {
  const texts = (i: number): { text: string; font: FontName }[] => [
    { text: headers[i] ?? '', font: 'bold' },
    ...rows.map((row) => ({ text: row[i] ?? '', font: 'regular' as const })),
  ];
  const widthOf = (text: string, font: FontName): number => doc.font(font).fontSize(8).widthOfString(text);
  // A cell of several lines (a status, then its remarks) is as wide as its longest line.
  const natural = headers.map((_, i) =>
    Math.max(
      ...texts(i).flatMap(({ text, font }) =>
        text.split('\n').map((line) => widthOf(line, font) + 2 * CELL_PAD + 1),
      ),
    ),
  );
  const minimum = headers.map((_, i) =>
    Math.min(
      width / 3,
      Math.max(
        ...texts(i).flatMap(({ text, font }) =>
          text.split(/\s+/).map((word) => widthOf(word, font) + 2 * CELL_PAD + 1),
        ),
      ),
    ),
  );

  const widths: (number | undefined)[] = headers.map(() => undefined);
  let remaining = width;
  for (let settled = true; settled;) {
    settled = false;
    const open = widths.flatMap((w, i) => (w === undefined ? [i] : []));
    const share = remaining / Math.max(open.length, 1);
    for (const i of open) {
      const want = natural[i] ?? 0;
      if (want <= share) {
        widths[i] = want;
        remaining -= want;
        settled = true;
      }
    }
  }
  const open = widths.flatMap((w, i) => (w === undefined ? [i] : []));
  if (open.length === 0) {
    // Everything fits on one line: spread the spare width in proportion.
    return headers.map((header, i) => ({ header, weight: widths[i] ?? 0 }));
  }
  const floor = open.map((i) => minimum[i] ?? 0);
  const floorTotal = floor.reduce((a, b) => a + b, 0);
  const shares =
    floorTotal >= remaining
      ? distribute(remaining, floor)
      : distribute(
          remaining - floorTotal,
          open.map((i) => (natural[i] ?? 0) - (minimum[i] ?? 0)),
        ).map((extra, k) => (floor[k] ?? 0) + extra);
  open.forEach((i, k) => {
    widths[i] = shares[k] ?? 0;
  });
  return headers.map((header, i) => ({ header, weight: widths[i] ?? 0 }));
}
