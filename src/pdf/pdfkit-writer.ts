import { formatBrusselsTime } from '../domain/brussels-time.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import type { PaperListingSheet, PdfWriter, ReportDocument, Texts } from './pdf-writer.js';

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'center' | 'right';

/**
 * DejaVu Sans and DejaVu Sans Mono, from the Fontsource packages: full fonts (one "latin" file that holds every
 * glyph, not a subset), so Polish, Romanian, Czech and Hungarian names print right — pdfkit's built-in Helvetica
 * only covers WinAnsi. The WOFF files are unpacked to TrueType once; pdfkit embeds only the glyphs used.
 */
const FONT_FILES = {
  regular: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff',
  bold: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff',
  mono: '@fontsource/dejavu-mono/files/dejavu-mono-latin-400-normal.woff',
  monoBold: '@fontsource/dejavu-mono/files/dejavu-mono-latin-700-normal.woff',
} as const;

type FontName = keyof typeof FONT_FILES;

const resolveModule = createRequire(import.meta.url);
let fontData: ReadonlyMap<FontName, Buffer> | undefined;

/** Reads the font files once, resolved from this module's own location so it works from `dist/` too. */
function loadFonts(): ReadonlyMap<FontName, Buffer> {
  fontData ??= new Map(
    (Object.keys(FONT_FILES) as FontName[]).map((name) => [
      name,
      woffToSfnt(readFileSync(resolveModule.resolve(FONT_FILES[name]))),
    ]),
  );
  return fontData;
}

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;

/**
 * Unpacks a WOFF 1.0 font into the plain TrueType/OpenType font it wraps (other bytes are returned as they are).
 * fontkit reads WOFF, but inflates a table with a JavaScript inflater every time it reads it — seconds per
 * document; unpacked once here with zlib, a document renders in a fraction of a second.
 */
function woffToSfnt(font: Buffer): Buffer {
  if (font.length < WOFF_HEADER || font.readUInt32BE(0) !== WOFF_SIGNATURE) return font;
  const flavor = font.readUInt32BE(4);
  const numTables = font.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const entry = WOFF_HEADER + i * WOFF_ENTRY;
    const offset = font.readUInt32BE(entry + 4);
    const compressedLength = font.readUInt32BE(entry + 8);
    const length = font.readUInt32BE(entry + 12);
    const stored = font.subarray(offset, offset + compressedLength);
    const data = compressedLength < length ? inflateSync(stored) : stored;
    if (data.length !== length) throw new Error('The WOFF font is corrupt: a table has the wrong length.');
    return { tag: font.readUInt32BE(entry), checksum: font.readUInt32BE(entry + 16), data };
  });
  let power = 1;
  while (power * 2 <= numTables) power *= 2;
  const padded = (n: number): number => (n + 3) & ~3;
  const directoryLength = 12 + 16 * numTables;
  const sfnt = Buffer.alloc(tables.reduce((total, t) => total + padded(t.data.length), directoryLength));
  sfnt.writeUInt32BE(flavor, 0);
  sfnt.writeUInt16BE(numTables, 4);
  sfnt.writeUInt16BE(power * 16, 6);
  sfnt.writeUInt16BE(Math.log2(power), 8);
  sfnt.writeUInt16BE(numTables * 16 - power * 16, 10);
  let offset = directoryLength;
  tables.forEach((table, i) => {
    // WOFF keeps the table directory sorted by tag, as the SFNT directory must be.
    const record = 12 + 16 * i;
    sfnt.writeUInt32BE(table.tag, record);
    sfnt.writeUInt32BE(table.checksum, record + 4);
    sfnt.writeUInt32BE(offset, record + 8);
    sfnt.writeUInt32BE(table.data.length, record + 12);
    table.data.copy(sfnt, offset);
    offset += padded(table.data.length);
  });
  return sfnt;
}

const BLACK = '#000000';
const INK = '#1a1a1a';
const GREY = '#6b6b6b';
const RULE = '#444444';
const LIGHT_RULE = '#9a9a9a';
const HEADER_FILL = '#e6e6e6';
const ZEBRA_FILL = '#f4f4f4';

const MARGIN = 36;
const BOTTOM_MARGIN = 50;
const FOOTER_OFFSET = 32;
const CELL_PAD = 4;

/** Renders the documents with pdfkit, on A4, with embedded DejaVu fonts. */
export class PdfkitWriter implements PdfWriter {
  /** Renders the paper attendance listing: fields, a table to tick, the instructions in three languages. */
  paperListing(sheet: PaperListingSheet): Promise<Buffer> {
    return this.paperListings([sheet]);
  }

  /** Renders listings one after the other, each from a new page, its footer and page numbers its own. */
  async paperListings(sheets: readonly PaperListingSheet[]): Promise<Buffer> {
    const [first] = sheets;
    if (first === undefined) throw new Error('No paper listing to render.');
    const doc = newDocument(
      `Liste de présence papier / Papieren aanwezigheidslijst / Paper attendance listing — ${first.referenceNumber}`,
      first.printedAt,
      'landscape',
    );
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

  /** Renders a report: its title, its labelled lines, then each section as a table. */
  async report(report: ReportDocument): Promise<Buffer> {
    const doc = newDocument(report.title, report.printedAt, 'portrait');
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

// ---------------------------------------------------------------------------------------------------------------
// The paper listing

const LISTING_TITLE = 'Liste de présence papier / Papieren aanwezigheidslijst / Paper attendance listing';
const EXPECTED_NOTE = 'prévu / verwacht / expected';
const LISTING_ROW_HEIGHT = 22;

function drawListing(doc: Doc, sheet: PaperListingSheet): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);

  doc.font('bold').fontSize(15).fillColor(BLACK);
  doc.text(LISTING_TITLE, left, doc.page.margins.top, { width });
  doc.moveDown(0.5);

  drawBoxes(doc, [
    {
      label: 'Numéro de référence / Referentienummer / Reference number',
      weight: 185,
      parts: [{ text: sheet.referenceNumber, font: 'monoBold', size: 22, characterSpacing: 2 }],
    },
    {
      label: 'N° de déclaration de travaux / Nr. aangifte van werken / Works declaration number',
      weight: 290,
      parts: [
        { text: sheet.workplace.id, font: 'monoBold', size: 13 },
        { text: sheet.workplace.name, font: 'bold', size: 10 },
        { text: sheet.workplace.address, font: 'regular', size: 9 },
      ],
    },
    {
      label: 'Date / Datum / Date',
      weight: 115,
      parts: [{ text: sheet.date, font: 'monoBold', size: 13 }],
    },
    {
      label: 'Entreprise (n° BCE) / Onderneming (KBO-nr.) / Company (enterprise number)',
      weight: 155,
      parts: [{ text: sheet.employer.enterprise, font: 'monoBold', size: 13 }],
    },
  ]);
  doc.moveDown(1);

  const columns: TableColumn[] = [
    { header: '#', weight: 28, align: 'right' },
    { header: 'NISS / INSZ / Limosa-1', weight: 190 },
    { header: 'Nom / Naam / Last name', weight: 192 },
    { header: 'Prénom / Voornaam / First name', weight: 192 },
    { header: 'Présent / Aanwezig / Present ✓', weight: 168 },
  ];
  const rows: TableRow[] = [];
  sheet.rows.forEach((row, index) => {
    const expected = row.status === 'EXPECTED';
    const color = expected ? GREY : INK;
    rows.push({
      height: LISTING_ROW_HEIGHT,
      cells: [
        { text: String(index + 1), font: 'regular', size: 8, color: GREY },
        { text: row.worker, font: 'mono', size: 10, color },
        { text: row.lastName ?? '', font: 'regular', size: 10, color },
        { text: row.firstName ?? '', font: 'regular', size: 10, color },
        { text: expected ? EXPECTED_NOTE : '', font: 'regular', size: 7, color: GREY, checkbox: true },
      ],
    });
  });
  const blankRows = Math.max(0, Math.floor(sheet.blankRows));
  for (let i = 0; i < blankRows; i++) {
    rows.push({
      height: LISTING_ROW_HEIGHT,
      cells: [
        { text: String(sheet.rows.length + i + 1), font: 'regular', size: 8, color: GREY },
        { text: '' },
        { text: '' },
        { text: '' },
        { text: '', checkbox: true },
      ],
    });
  }
  drawTable(doc, columns, rows, { valign: 'middle', zebra: false });

  if (sheet.instructions.length > 0) {
    doc.moveDown(1);
    drawInstructions(doc, sheet.instructions);
  }

  doc.moveDown(1.5);
  drawSignatures(doc);
}

interface BoxPart {
  readonly text: string;
  readonly font: FontName;
  readonly size: number;
  readonly characterSpacing?: number;
}

interface Box {
  readonly label: string;
  readonly weight: number;
  readonly parts: readonly BoxPart[];
}

const BOX_GAP = 8;
const BOX_PAD = 6;

/** Draws labelled boxes side by side, all as tall as the tallest. */
function drawBoxes(doc: Doc, boxes: readonly Box[]): void {
  const left = doc.page.margins.left;
  const widths = distribute(
    contentWidth(doc) - BOX_GAP * (boxes.length - 1),
    boxes.map((b) => b.weight),
  );
  const heights = boxes.map((box, i) => {
    const inner = (widths[i] ?? 0) - 2 * BOX_PAD;
    let h = measure(doc, box.label, 'regular', 7, inner) + 4;
    for (const part of box.parts) h += measurePart(doc, part, inner) + 2;
    return h + 2 * BOX_PAD;
  });
  const height = Math.max(...heights);
  const top = doc.y;
  let x = left;
  boxes.forEach((box, i) => {
    const w = widths[i] ?? 0;
    const inner = w - 2 * BOX_PAD;
    doc.save().lineWidth(1).strokeColor(RULE).rect(x, top, w, height).stroke().restore();
    let y = top + BOX_PAD;
    doc.font('regular').fontSize(7).fillColor(GREY);
    doc.text(box.label, x + BOX_PAD, y, { width: inner });
    y += measure(doc, box.label, 'regular', 7, inner) + 4;
    for (const part of box.parts) {
      doc.font(part.font).fontSize(part.size).fillColor(BLACK);
      doc.text(part.text, x + BOX_PAD, y, { width: inner, characterSpacing: part.characterSpacing ?? 0 });
      y += measurePart(doc, part, inner) + 2;
    }
    x += w + BOX_GAP;
  });
  doc.x = left;
  doc.y = top + height;
}

function measurePart(doc: Doc, part: BoxPart, width: number): number {
  doc.font(part.font).fontSize(part.size);
  return doc.heightOfString(part.text || ' ', { width, characterSpacing: part.characterSpacing ?? 0 });
}

const LANGUAGES = ['fr', 'nl', 'en'] as const;
const LANGUAGE_LABEL = { fr: 'FR', nl: 'NL', en: 'EN' } as const;
const COLUMN_GAP = 14;
const LABEL_WIDTH = 18;

/** Prints each paragraph in French, Dutch and English, side by side, each labelled with its language. */
function drawInstructions(doc: Doc, instructions: readonly Texts[]): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const columnWidth = (width - 2 * COLUMN_GAP) / 3;
  const textWidth = columnWidth - LABEL_WIDTH;
  const size = 8.5;

  doc.font('bold').fontSize(10);
  const headingHeight = doc.currentLineHeight(true) + 4;
  const heights = instructions.map((texts) =>
    Math.max(...LANGUAGES.map((lang) => measure(doc, texts[lang], 'regular', size, textWidth))),
  );
  ensureSpace(doc, headingHeight + (heights[0] ?? 0));
  doc.font('bold').fontSize(10).fillColor(BLACK);
  doc.text('Instructions / Instructies / Instructions', left, doc.y, { width });
  doc.y += 4;

  instructions.forEach((texts, index) => {
    const height = heights[index] ?? 0;
    if (height > pageContentHeight(doc)) {
      // Too tall to sit side by side on one page: let each language flow on its own, full width.
      for (const lang of LANGUAGES) {
        doc.font('bold').fontSize(size).fillColor(GREY).text(LANGUAGE_LABEL[lang], left, doc.y, { width });
        doc.font('regular').fontSize(size).fillColor(INK).text(texts[lang], left, doc.y, { width });
        doc.moveDown(0.4);
      }
      return;
    }
    ensureSpace(doc, height);
    const top = doc.y;
    LANGUAGES.forEach((lang, i) => {
      const x = left + i * (columnWidth + COLUMN_GAP);
      doc
        .font('bold')
        .fontSize(size)
        .fillColor(GREY)
        .text(LANGUAGE_LABEL[lang], x, top, { width: LABEL_WIDTH });
      doc
        .font('regular')
        .fontSize(size)
        .fillColor(INK)
        .text(texts[lang], x + LABEL_WIDTH, top, { width: textWidth });
    });
    doc.x = left;
    doc.y = top + height + 6;
  });
}

/** The lines to sign at the end: who is in charge on site, and their signature. */
function drawSignatures(doc: Doc): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const gap = 30;
  const fieldWidth = (width - gap) / 2;
  const height = 48;
  ensureSpace(doc, height);
  const top = doc.y;
  const lineY = top + 30;
  const fields = [
    'Nom du responsable / Naam van de verantwoordelijke / Name of the person in charge',
    'Signature / Handtekening / Signature',
  ];
  fields.forEach((label, i) => {
    const x = left + i * (fieldWidth + gap);
    doc
      .save()
      .lineWidth(0.75)
      .strokeColor(RULE)
      .moveTo(x, lineY)
      .lineTo(x + fieldWidth, lineY)
      .stroke()
      .restore();
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(GREY)
      .text(label, x, lineY + 4, { width: fieldWidth });
  });
  doc.x = left;
  doc.y = top + height;
}

// ---------------------------------------------------------------------------------------------------------------
// The report

function drawReport(doc: Doc, report: ReportDocument): void {
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
 * Column widths from the content. A column whose text fits on one line within a fair share of the width gets just
 * that; the wider columns share what is left, each getting at least its longest word (so words are not cut) and
 * the rest in proportion to how much more they would need to hold their text on one line.
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
  const natural = headers.map((_, i) =>
    Math.max(...texts(i).map(({ text, font }) => widthOf(text, font) + 2 * CELL_PAD + 1)),
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

// ---------------------------------------------------------------------------------------------------------------
// Tables

interface TableColumn {
  readonly header: string;
  /** A share of the content width. */
  readonly weight: number;
  readonly align?: Align;
}

interface TableCell {
  readonly text: string;
  readonly font?: FontName;
  readonly size?: number;
  readonly color?: string;
  /** Draws a square to tick before the text. */
  readonly checkbox?: boolean;
}

interface TableRow {
  readonly cells: readonly TableCell[];
  /** The least height; a cell with more text makes the row taller. */
  readonly height?: number;
}

interface TableStyle {
  readonly valign: 'top' | 'middle';
  readonly zebra: boolean;
}

const CHECKBOX = 10;

/**
 * Draws a table across the content width. A row that does not fit goes to a new page, under the repeated header;
 * a row taller than a whole page is cut with an ellipsis rather than spilling.
 */
function drawTable(
  doc: Doc,
  columns: readonly TableColumn[],
  rows: readonly TableRow[],
  style: TableStyle,
): void {
  const left = doc.page.margins.left;
  const widths = distribute(
    contentWidth(doc),
    columns.map((c) => c.weight),
  );
  const headerHeight = Math.max(
    ...columns.map(
      (c, i) => measure(doc, c.header, 'bold', 8, (widths[i] ?? 0) - 2 * CELL_PAD) + 2 * CELL_PAD,
    ),
  );

  const rowHeight = (row: TableRow): number => {
    const heights = row.cells.map((cell, i) => {
      const inner = (widths[i] ?? 0) - 2 * CELL_PAD - (cell.checkbox === true ? CHECKBOX + 6 : 0);
      return cell.text === '' ? 0 : measure(doc, cell.text, cell.font ?? 'regular', cell.size ?? 9, inner);
    });
    return Math.max(row.height ?? 0, Math.max(...heights, 0) + 2 * CELL_PAD);
  };

  const drawHeader = (): void => {
    const top = doc.y;
    let x = left;
    columns.forEach((column, i) => {
      const w = widths[i] ?? 0;
      doc.save().rect(x, top, w, headerHeight).fillAndStroke(HEADER_FILL, RULE).restore();
      doc
        .font('bold')
        .fontSize(8)
        .fillColor(BLACK)
        .text(column.header, x + CELL_PAD, top + CELL_PAD, {
          width: w - 2 * CELL_PAD,
          align: column.align ?? 'left',
        });
      x += w;
    });
    doc.y = top + headerHeight;
  };

  const first = rows[0];
  ensureSpace(doc, headerHeight + (first === undefined ? 0 : Math.min(rowHeight(first), 60)));
  drawHeader();

  rows.forEach((row, index) => {
    const available = pageContentHeight(doc) - headerHeight;
    let height = rowHeight(row);
    const clipped = height > available;
    if (clipped) height = available;
    if (doc.y + height > maxY(doc)) {
      doc.addPage();
      drawHeader();
    }
    const top = doc.y;
    let x = left;
    row.cells.forEach((cell, i) => {
      const w = widths[i] ?? 0;
      const column = columns[i];
      if (style.zebra && index % 2 === 1) {
        doc.save().rect(x, top, w, height).fill(ZEBRA_FILL).restore();
      }
      doc.save().lineWidth(0.5).strokeColor(LIGHT_RULE).rect(x, top, w, height).stroke().restore();
      let textX = x + CELL_PAD;
      let inner = w - 2 * CELL_PAD;
      if (cell.checkbox === true) {
        const boxY = top + (height - CHECKBOX) / 2;
        doc
          .save()
          .lineWidth(0.8)
          .strokeColor(RULE)
          .rect(textX + 2, boxY, CHECKBOX, CHECKBOX)
          .stroke()
          .restore();
        textX += CHECKBOX + 6;
        inner -= CHECKBOX + 6;
      }
      if (cell.text !== '') {
        const font = cell.font ?? 'regular';
        const size = cell.size ?? 9;
        const textHeight = Math.min(measure(doc, cell.text, font, size, inner), height - 2 * CELL_PAD);
        const y = style.valign === 'middle' ? top + (height - textHeight) / 2 : top + CELL_PAD;
        doc
          .font(font)
          .fontSize(size)
          .fillColor(cell.color ?? INK)
          .text(cell.text, textX, y, {
            width: inner,
            align: column?.align ?? 'left',
            ...(clipped ? { height: height - 2 * CELL_PAD, ellipsis: true } : {}),
          });
      }
      x += w;
    });
    doc.x = left;
    doc.y = top + height;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The document

function newDocument(title: string, printedAt: string, layout: 'portrait' | 'landscape'): Doc {
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
function collect(doc: Doc): Promise<Buffer> {
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
function finish(doc: Doc, footer: (page: number, pages: number) => { left: string; right: string }): void {
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

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function maxY(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function pageContentHeight(doc: Doc): number {
  return maxY(doc) - doc.page.margins.top;
}

/** Starts a new page unless `height` still fits on this one. */
function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > maxY(doc)) doc.addPage();
}

function measure(doc: Doc, text: string, font: FontName, size: number, width: number): number {
  doc.font(font).fontSize(size);
  return doc.heightOfString(text === '' ? ' ' : text, { width: Math.max(width, 1) });
}

/** Shares `total` between the weights, in proportion. */
function distribute(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (sum > 0 ? (total * w) / sum : total / Math.max(weights.length, 1)));
}
