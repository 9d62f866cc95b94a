import { stringify } from 'csv-stringify/sync';

/**
 * Writes a table as CSV for spreadsheets: a header row, then the rows; fields quoted as RFC 4180 says (when they
 * hold a comma, a quote or a line break, quotes doubled); CRLF line endings; a UTF-8 byte order mark first, so Excel
 * reads accents right.
 *
 * Against CSV formula injection (OWASP), a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
 * (or the full-width `＝`, `＋`, `－`, `＠`) gets a leading apostrophe, so a spreadsheet shows it as text instead of
 * running it. That includes plain negative numbers such as `-5`: every cell here is text.
 *
 * A row shorter than the header is padded with empty cells; a longer one is refused, since its extra cells would
 * have no column.
 */
export function toCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const records: string[][] = [[...columns]];
  rows.forEach((row, index) => {
    if (row.length > columns.length) {
      throw new RangeError(`CSV row ${index + 1} has ${row.length} cells for ${columns.length} columns.`);
    }
    records.push([...row, ...Array<string>(columns.length - row.length).fill('')]);
  });
  return stringify(records, {
    bom: true,
    record_delimiter: '\r\n',
    quote_record_delimiter: true,
    escape_formulas: true,
  });
}
