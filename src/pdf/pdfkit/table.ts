import {
  contentWidth,
  distribute,
  ensureSpace,
  maxY,
  measure,
  pageContentHeight,
  type Doc,
} from './document.js';
import type { FontName } from './fonts.js';
import { BLACK, HEADER_FILL, INK, LIGHT_RULE, RULE, ZEBRA_FILL } from './palette.js';

type Align = 'left' | 'center' | 'right';

/** The space between a cell's border and its text. */
export const CELL_PAD = 4;

/** A column: its header, its share of the width, and how its cells are aligned. */
export interface TableColumn {
  readonly header: string;
  /** A share of the content width. */
  readonly weight: number;
  readonly align?: Align;
}

/** A cell's text and how it is written. */
export interface TableCell {
  readonly text: string;
  readonly font?: FontName;
  readonly size?: number;
  readonly color?: string;
  /** Draws a square to tick before the text. */
  readonly checkbox?: boolean;
}

/** A row's cells, one per column. */
export interface TableRow {
  readonly cells: readonly TableCell[];
  /** The least height; a cell with more text makes the row taller. */
  readonly height?: number;
}

/** How a whole table is drawn: text at the top or the middle of its cells, and every other row shaded or not. */
export interface TableStyle {
  readonly valign: 'top' | 'middle';
  readonly zebra: boolean;
}

const CHECKBOX = 10;

/**
 * Draws a table across the content width. A row that does not fit goes to a new page, under the repeated header;
 * a row taller than a whole page is cut with an ellipsis rather than spilling.
 */
export function drawTable(
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
