import { describe, expect, it } from 'vitest';
import { headingKey, readCsvTable } from './csv-table.js';

describe('readCsvTable', () => {
  it('tells a semicolon file from a comma file by its header line', () => {
    expect(readCsvTable('a;b,c;d\n1;2,3;4\n').table?.headings).toEqual(['a', 'b,c', 'd']);
    expect(readCsvTable('a,b;c,d\n1,2;3,4\n').table?.headings).toEqual(['a', 'b;c', 'd']);
  });

  it('follows an Excel sep= first line, and keeps the line numbers of the file', () => {
    const read = readCsvTable('sep=;\nniss;nom\n1,5;x\n');
    expect(read.table).toEqual({
      headerLine: 2,
      headings: ['niss', 'nom'],
      rows: [{ line: 3, cells: ['1,5', 'x'] }],
    });
  });

  it('reads a file without a line break at its end, with LF or CRLF line breaks', () => {
    expect(readCsvTable('a;b\n1;2').table?.rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
    expect(readCsvTable('a;b\r\n1;2\r\n').table?.rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
  });
});

describe('headingKey', () => {
  it('compares headings without case, accents, spaces or punctuation', () => {
    expect(headingKey(' Prénom ')).toBe('prenom');
    expect(headingKey('Last_Name')).toBe('lastname');
    expect(headingKey("Numéro d'entreprise")).toBe('numerodentreprise');
  });
});
