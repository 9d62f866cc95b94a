import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

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

/** A font the documents are written in. */
export type FontName = keyof typeof FONT_FILES;

const resolveModule = createRequire(import.meta.url);
let fontData: ReadonlyMap<FontName, Buffer> | undefined;

/** Reads the font files once, resolved from this module's own location so it works from `dist/` too. */
export function loadFonts(): ReadonlyMap<FontName, Buffer> {
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
