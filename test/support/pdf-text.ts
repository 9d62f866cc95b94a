import { spawnSync } from 'node:child_process';

/** True when poppler's `pdftotext` is installed (CI installs it; a run without it skips loudly). */
export const PDFTOTEXT = spawnSync('pdftotext', ['-v']).error === undefined;

if (!PDFTOTEXT) {
  if (process.env['CI'] === 'true')
    throw new Error('pdftotext (Debian package poppler-utils) is needed under CI');
  console.warn(
    '\n*** pdftotext is not installed (apt-get install poppler-utils): PDF contents are not checked ***\n',
  );
}

/**
 * The text of a PDF, extracted by a real PDF parser (poppler's pdftotext) in the order it was written, white space
 * collapsed: a phrase wrapped over two lines of a column reads as one.
 */
export function pdfText(pdf: Buffer): string {
  const run = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], {
    input: pdf,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr.toString()}`);
  return run.stdout.toString('utf8').replace(/\s+/g, ' ');
}
