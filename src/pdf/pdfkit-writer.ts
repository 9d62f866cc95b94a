import { formatBrusselsTime } from '../domain/brussels-time.js';
import type { PaperListingSheet, PdfWriter, ReportDocument } from './pdf-writer.js';
import { collect, finish, newDocument } from './pdfkit/document.js';
import { drawListing, LISTING_TITLE } from './pdfkit/paper-listing-layout.js';
import { drawReport } from './pdfkit/report-layout.js';

/**
 * Renders the documents with pdfkit, on A4, with embedded DejaVu fonts (its parts in src/pdf/pdfkit/: the fonts,
 * the document and its pages, tables, and the layouts of the paper listing and of the report).
 */
export class PdfkitWriter implements PdfWriter {
  /** Renders the paper attendance listing: fields, a table to tick, the instructions in three languages. */
  paperListing(sheet: PaperListingSheet): Promise<Buffer> {
    return this.paperListings([sheet]);
  }

  /** Renders listings one after the other, each from a new page, its footer and page numbers its own. */
  async paperListings(sheets: readonly PaperListingSheet[]): Promise<Buffer> {
    const [first] = sheets;
    if (first === undefined) throw new Error('No paper listing to render.');
    const doc = newDocument(`${LISTING_TITLE} — ${first.referenceNumber}`, first.printedAt, 'landscape');
    const bytes = collect(doc);
    // The first page of each listing, counted from 0.
    const starts: number[] = [];
    sheets.forEach((sheet, i) => {
      if (i > 0) doc.addPage();
      starts.push(doc.bufferedPageRange().count - 1);
      drawListing(doc, sheet);
    });
    finish(doc, (page, pages) => {
      const index = starts.findLastIndex((s) => s <= page - 1);
      const sheet = sheets[index] ?? first;
      const from = starts[index] ?? 0;
      const to = starts[index + 1] ?? pages;
      return {
        left: `Liste / Lijst / Listing ${sheet.listingId} · Réf. / Ref. ${sheet.referenceNumber} · ${sheet.workplace.id} · ${sheet.date}`,
        right: `Imprimé / Afgedrukt / Printed ${formatBrusselsTime(sheet.printedAt, { offset: true })} · Page ${page - from} / ${to - from}`,
      };
    });
    return await bytes;
  }

  /**
   * Renders a report: its title, its labelled lines, then each section as a table. On landscape pages: the
   * dossier's presences are eight columns (with each one's check and its remarks), more than a portrait page holds
   * without cutting numbers in two.
   */
  async report(report: ReportDocument): Promise<Buffer> {
    const doc = newDocument(report.title, report.printedAt, 'landscape');
    const bytes = collect(doc);
    drawReport(doc, report);
    const printed = formatBrusselsTime(report.printedAt, { offset: true });
    finish(doc, (page, pages) => ({
      left: report.title,
      right: `Imprimé / Afgedrukt / Printed ${printed} · Page ${page} / ${pages}`,
    }));
    return await bytes;
  }
}
