import type { PaperListingSheet, Texts } from '../pdf-writer.js';
import { contentWidth, distribute, ensureSpace, measure, pageContentHeight, type Doc } from './document.js';
import type { FontName } from './fonts.js';
import { BLACK, GREY, INK, RULE } from './palette.js';
import { drawTable, type TableColumn, type TableRow } from './table.js';

/** The listing's title, in French, Dutch and English. */
export const LISTING_TITLE =
  'Liste de présence papier / Papieren aanwezigheidslijst / Paper attendance listing';
const EXPECTED_NOTE = 'prévu / verwacht / expected';
const LISTING_ROW_HEIGHT = 22;

/**
 * Draws one paper attendance listing from the top of the current page: its fields in boxes, a row to tick per
 * worker then empty rows, the instructions in three languages, and the lines to sign.
 */
export function drawListing(doc: Doc, sheet: PaperListingSheet): void {
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
