import PDFDocument from 'pdfkit';
import { loadFonts, type FontName } from './fonts.js';
import { GREY, LIGHT_RULE } from './palette.js';

/** A pdfkit document, as the layouts draw on it. */
export type Doc = PDFKit.PDFDocument;

const MARGIN = 36;
const BOTTOM_MARGIN = 50;
const FOOTER_OFFSET = 32;

/** A new A4 document with the fonts registered, its pages kept until the footers are written. */
export function newDocument(title: string, printedAt: string, layout: 'portrait' | 'landscape'): Doc {
  const instant = new Date(printedAt);
  const dated = Number.isNaN(instant.getTime()) ? {} : { CreationDate: instant, ModDate: instant };
  const doc = new PDFDocument({
    size: 'A4',
    layout,
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: BOTTOM_MARGIN },
    bufferPages: true,
    displayTitle: true,
    lang: 'fr-BE',
    info: { Title: title, Creator: 'sitepresence', Producer: 'sitepresence (pdfkit)', ...dated },
  });
  for (const [name, data] of loadFonts()) doc.registerFont(name, data);
  doc.font('regular');
  return doc;
}

/** Collects the document's bytes; resolves once `end()` has been called and everything is written. */
export function collect(doc: Doc): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
}

/** Writes the footer on every page, now that the page count is known, and ends the document. */
export function finish(
  doc: Doc,
  footer: (page: number, pages: number) => { left: string; right: string },
): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const page = doc.page;
    const { left, right } = footer(i - range.start + 1, range.count);
    const width = page.width - page.margins.left - page.margins.right;
    const y = page.height - FOOTER_OFFSET;
    // Writing below the bottom margin would start a new page: lift the margin while the footer is drawn.
    const bottom = page.margins.bottom;
    page.margins.bottom = 0;
    doc
      .save()
      .lineWidth(0.5)
      .strokeColor(LIGHT_RULE)
      .moveTo(page.margins.left, y - 5)
      .lineTo(page.width - page.margins.right, y - 5)
      .stroke()
      .restore();
    doc.font('regular').fontSize(7).fillColor(GREY);
    const rightWidth = Math.min(doc.widthOfString(right) + 1, width);
    const leftWidth = Math.max(width - rightWidth - 12, 0);
    doc.text(left, page.margins.left, y, { width: leftWidth, height: 10, ellipsis: true, lineBreak: false });
    doc.text(right, page.width - page.margins.right - rightWidth, y, {
      width: rightWidth,
      align: 'right',
      lineBreak: false,
    });
    page.margins.bottom = bottom;
  }
  doc.end();
}

/** The width between the page's margins. */
export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** The lowest point content may reach on the page. */
export function maxY(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** The height between the page's top and bottom margins. */
export function pageContentHeight(doc: Doc): number {
  return maxY(doc) - doc.page.margins.top;
}

/** Starts a new page unless `height` still fits on this one. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > maxY(doc)) doc.addPage();
}

/** The height of a text in a font and size, wrapped to a width. */
export function measure(doc: Doc, text: string, font: FontName, size: number, width: number): number {
  doc.font(font).fontSize(size);
  return doc.heightOfString(text === '' ? ' ' : text, { width: Math.max(width, 1) });
}

/** Shares `total` between the weights, in proportion. */
export function distribute(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (sum > 0 ? (total * w) / sum : total / Math.max(weights.length, 1)));
}
