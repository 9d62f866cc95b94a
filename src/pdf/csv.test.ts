import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

const BOM = '\uFEFF';

describe('toCsv', () => {
  it('starts with a UTF-8 byte order mark, then the header row', () => {
    const csv = toCsv(['Worker', 'Name'], []);
    expect(csv).toBe(`${BOM}Worker,Name\r\n`);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('ends every record with CRLF', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        ['1', '2'],
        ['3', '4'],
      ],
    );
    expect(csv).toBe(`${BOM}a,b\r\n1,2\r\n3,4\r\n`);
  });

  it('quotes a field holding a comma', () => {
    expect(toCsv(['Address'], [['Rue de la Loi 16, 1000 Bruxelles']])).toBe(
      `${BOM}Address\r\n"Rue de la Loi 16, 1000 Bruxelles"\r\n`,
    );
  });

  it('quotes a field holding a quote, and doubles the quote', () => {
    expect(toCsv(['Comment'], [['said "present"']])).toBe(`${BOM}Comment\r\n"said ""present"""\r\n`);
  });

  it('quotes a field holding a line break, whether LF, CR or CRLF', () => {
    expect(toCsv(['Comment'], [['one\ntwo'], ['one\r\ntwo']])).toBe(
      `${BOM}Comment\r\n"one\ntwo"\r\n"one\r\ntwo"\r\n`,
    );
  });

  it('leaves Latin Extended letters as they are', () => {
    expect(toCsv(['Last name', 'First name'], [['Țurcanu', 'Ștefan']])).toBe(
      `${BOM}Last name,First name\r\nȚurcanu,Ștefan\r\n`,
    );
  });

  it('puts an apostrophe before a cell that starts like a formula', () => {
    const csv = toCsv(
      ['c'],
      [['=HYPERLINK("http://x")'], ['+1+2'], ['-2+3'], ['@SUM(A1:A2)'], ['\tcmd'], ['\rcmd'], ['-5']],
    );
    expect(csv).toBe(
      [
        `${BOM}c`,
        `"'=HYPERLINK(""http://x"")"`,
        `'+1+2`,
        `'-2+3`,
        `'@SUM(A1:A2)`,
        `'\tcmd`,
        `"'\rcmd"`,
        `'-5`,
        '',
      ].join('\r\n'),
    );
  });

  it('guards the header row too', () => {
    expect(toCsv(['=cmd'], [])).toBe(`${BOM}'=cmd\r\n`);
  });

  it('leaves alone a cell with a formula character further in', () => {
    expect(toCsv(['c'], [['85.07.30-033.28'], ['a=b'], ['x@y.be']])).toBe(
      `${BOM}c\r\n85.07.30-033.28\r\na=b\r\nx@y.be\r\n`,
    );
  });

  it('pads a short row with empty cells', () => {
    expect(toCsv(['a', 'b', 'c'], [['1']])).toBe(`${BOM}a,b,c\r\n1,,\r\n`);
  });

  it('refuses a row with more cells than columns', () => {
    expect(() => toCsv(['a'], [['1', '2']])).toThrow(RangeError);
  });
});
