import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperListingSheet, ReportDocument } from './pdf-writer.js';
import { PdfkitWriter } from './pdfkit-writer.js';

/** pdftotext from PATH, else the Debian path; undefined when poppler-utils is not installed. */
function findPdftotext(): string | undefined {
  if (spawnSync('pdftotext', ['-v']).error === undefined) return 'pdftotext';
  return existsSync('/usr/bin/pdftotext') ? '/usr/bin/pdftotext' : undefined;
}

const PDFTOTEXT = findPdftotext();
const IN_CI = process.env['CI'] === 'true';
// Outside CI a machine without poppler-utils skips the text checks, loudly; in CI they run and fail.
const SKIP_TEXT_CHECKS = PDFTOTEXT === undefined && !IN_CI;
if (SKIP_TEXT_CHECKS) {
  console.warn(
    '\n!!! pdftotext is not installed: the PDF text checks in src/pdf/pdfkit-writer.test.ts are SKIPPED.' +
      '\n!!! Install poppler-utils (apt-get install poppler-utils) to run them; under CI=true they fail instead.\n',
  );
}

let workDir = '';
let fileCount = 0;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'sitepresence-pdf-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function poppler(tool: 'pdftotext' | 'pdfinfo', args: readonly string[], pdf: Buffer): string {
  if (PDFTOTEXT === undefined) {
    throw new Error(
      'pdftotext is not installed (Debian package poppler-utils): the PDF cannot be read back.',
    );
  }
  const command = tool === 'pdftotext' ? PDFTOTEXT : PDFTOTEXT.replace(/pdftotext$/, 'pdfinfo');
  fileCount += 1;
  const file = join(workDir, `document-${fileCount}.pdf`);
  writeFileSync(file, pdf);
  const result = spawnSync(command, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], {
    encoding: 'utf8',
    cwd: dirname(file),
  });
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
  return result.stdout;
}

/** The text as laid out, one string per page. */
function pages(pdf: Buffer): string[] {
  const text = poppler('pdftotext', ['-layout', '-enc', 'UTF-8'], pdf);
  return text.split('\f').filter((page) => page.trim() !== '');
}

/** The text in drawing order, with runs of white space made single: paragraphs read back whole. */
function flowingText(pdf: Buffer): string {
  return poppler('pdftotext', ['-raw', '-enc', 'UTF-8'], pdf).replace(/\s+/g, ' ');
}

function documentInfo(pdf: Buffer): string {
  return poppler('pdfinfo', ['-enc', 'UTF-8'], pdf);
}

const INSTRUCTIONS = [
  {
    fr: 'Chaque travailleur présent inscrit son numéro NISS ou Limosa-1, son nom et son prénom, puis coche la case « présent ».',
    nl: 'Elke aanwezige werknemer schrijft zijn INSZ- of Limosa-1-nummer, zijn naam en voornaam, en vinkt het vakje „aanwezig” aan.',
    en: 'Every worker present writes their NISS or Limosa-1 number, their last and first name, then ticks the “present” box.',
  },
  {
    fr: 'Conservez cette liste sur le chantier et encodez-la dès que le système est de nouveau disponible.',
    nl: 'Bewaar deze lijst op de werf en voer ze in zodra het systeem opnieuw beschikbaar is.',
    en: 'Keep this listing on site and enter it as soon as the system is available again.',
  },
] as const;

const SHEET: PaperListingSheet = {
  referenceNumber: '4KQ7-M2XD',
  workplace: {
    id: '1A2B3C4D5E',
    name: 'Chantier Tour Horizon — Lot 3',
    address: 'Rue de la Loi 16, 1000 Bruxelles',
  },
  date: '2025-03-14',
  employer: { enterprise: '0403.019.261' },
  rows: [
    { worker: '85.07.30-033.28', lastName: 'Wiśniewski', firstName: 'Łukasz', status: 'REGISTERED' },
    { worker: 'L1 12345678', lastName: 'Țurcanu', firstName: 'Ștefan', status: 'EXPECTED' },
    { worker: '90.01.01-123.45', lastName: 'Dvořák', firstName: 'Tomáš', status: 'REGISTERED' },
    { worker: '78.12.31-999.01', lastName: 'Kovács', firstName: 'Ödön Erdős', status: 'EXPECTED' },
    { worker: '66.06.06-066.06', status: 'REGISTERED' },
  ],
  blankRows: 6,
  instructions: INSTRUCTIONS,
  printedAt: '2025-03-14T07:45:12.000Z',
  listingId: 'pl_01HZX3K7',
};

const PRINTED = '2025-03-14 08:45 GMT+1';

function manyRows(count: number): PaperListingSheet['rows'] {
  return Array.from({ length: count }, (_, i) => ({
    worker: `80.01.${String(i + 1).padStart(2, '0')}-001.${String(i % 100).padStart(2, '0')}`,
    lastName: `Nazwisko${i + 1}`,
    firstName: `Imię${i + 1}`,
    status: i % 4 === 0 ? ('EXPECTED' as const) : ('REGISTERED' as const),
  }));
}

const REPORT: ReportDocument = {
  title: 'Dossier d’inspection / Inspectiedossier',
  subtitle: 'Chantier Tour Horizon — 2025-03-14',
  lines: [
    { label: 'Works declaration number', value: '1A2B3C4D5E' },
    { label: 'Company', value: '0403.019.261' },
    { label: 'Reference number', value: '4KQ7-M2XD' },
  ],
  sections: [
    {
      heading: 'Presences',
      columns: ['Worker', 'Name', 'Registered at', 'Receipt', 'Comment'],
      rows: Array.from({ length: 70 }, (_, i) => [
        `85.07.30-0${String(i).padStart(2, '0')}.28`,
        i === 0 ? 'Ștefan Țurcanu' : 'Łukasz Wiśniewski',
        '2025-03-14 08:00',
        `R${String(i).padStart(6, '0')}`,
        i === 3
          ? 'Arrived late because the access gate of the site was closed; the site manager confirmed the presence by phone.'
          : '',
      ]),
    },
    {
      heading: 'Incidents',
      columns: ['When', 'What'],
      rows: [],
      empty: 'Aucun incident / Geen incidenten / No incidents',
    },
  ],
  printedAt: '2025-03-14T07:45:12.000Z',
};

describe('PdfkitWriter, without reading the text back', () => {
  it('renders the paper listing as a PDF', async () => {
    const pdf = await new PdfkitWriter().paperListing(SHEET);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
  });

  it('renders the same bytes for the same sheet', async () => {
    const writer = new PdfkitWriter();
    const first = await writer.paperListing(SHEET);
    const second = await writer.paperListing(SHEET);
    expect(first.equals(second)).toBe(true);
  });

  it('renders a report as a PDF', async () => {
    const pdf = await new PdfkitWriter().report(REPORT);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe.skipIf(SKIP_TEXT_CHECKS)('PdfkitWriter, read back with pdftotext', () => {
  describe('the paper listing', () => {
    let pdf: Buffer;
    let text: string[];
    let all: string;

    beforeAll(async () => {
      pdf = await new PdfkitWriter().paperListing(SHEET);
      text = pages(pdf);
      all = text.join('\n');
    });

    it('has the trilingual title', () => {
      expect(all).toContain(
        'Liste de présence papier / Papieren aanwezigheidslijst / Paper attendance listing',
      );
    });

    it('shows every field the procedure names, each labelled', () => {
      expect(all).toContain('Numéro de référence / Referentienummer');
      expect(all).toContain('4KQ7-M2XD');
      expect(all).toContain('N° de déclaration de travaux / Nr. aangifte van werken / Works declaration');
      expect(all).toContain('1A2B3C4D5E');
      expect(all).toContain('Chantier Tour Horizon — Lot 3');
      expect(all).toContain('Rue de la Loi 16, 1000 Bruxelles');
      expect(all).toContain('Date / Datum / Date');
      expect(all).toContain('2025-03-14');
      expect(all).toContain('Entreprise (n° BCE) / Onderneming');
      expect(all).toContain('0403.019.261');
    });

    it('heads the table with the five columns', () => {
      expect(all).toMatch(
        /#\s+NISS \/ INSZ \/ Limosa-1\s+Nom \/ Naam \/ Last name\s+Prénom \/ Voornaam \/ First name\s+Présent \/ Aanwezig \/ Present ✓/,
      );
    });

    it('prints every row with its worker number and names, Polish and Romanian letters included', () => {
      expect(all).toMatch(/1\s+85\.07\.30-033\.28\s+Wiśniewski\s+Łukasz/);
      expect(all).toMatch(/2\s+L1 12345678\s+Țurcanu\s+Ștefan/);
      expect(all).toMatch(/3\s+90\.01\.01-123\.45\s+Dvořák\s+Tomáš/);
      expect(all).toMatch(/4\s+78\.12\.31-999\.01\s+Kovács\s+Ödön Erdős/);
      expect(all).toMatch(/5\s+66\.06\.06-066\.06/);
      // The comma-below letters come back as themselves, not as the look-alike cedilla letters Ţ and Ş.
      expect(all).not.toMatch(/[ŢŞ]/);
    });

    it('marks the expected rows, and only those', () => {
      const lineOf = (worker: string): string => all.split('\n').find((line) => line.includes(worker)) ?? '';
      expect(lineOf('L1 12345678')).toContain('prévu / verwacht / expected');
      expect(lineOf('78.12.31-999.01')).toContain('prévu / verwacht / expected');
      expect(lineOf('85.07.30-033.28')).not.toContain('expected');
      expect(lineOf('90.01.01-123.45')).not.toContain('expected');
    });

    it('numbers the blank rows to fill by hand after the printed ones', () => {
      const numbered = all.split('\n').filter((line) => /^\s*(6|7|8|9|10|11)\s*$/.test(line));
      expect(numbered.map((line) => line.trim())).toEqual(['6', '7', '8', '9', '10', '11']);
      expect(all.split('\n').some((line) => /^\s*12\s*$/.test(line))).toBe(false);
    });

    it('prints each instruction in French, Dutch and English, each labelled', () => {
      const flowing = flowingText(pdf);
      expect(all).toContain('Instructions / Instructies / Instructions');
      for (const texts of INSTRUCTIONS) {
        expect(flowing).toContain(`FR ${texts.fr}`);
        expect(flowing).toContain(`NL ${texts.nl}`);
        expect(flowing).toContain(`EN ${texts.en}`);
      }
    });

    it('ends with a line for the signature', () => {
      expect(all).toContain('Signature / Handtekening / Signature');
      expect(all.indexOf('Signature / Handtekening')).toBeGreaterThan(
        all.indexOf('Instructions / Instructies'),
      );
    });

    it('puts the page number, the listing id and the time of printing at the foot of every page', () => {
      text.forEach((page, i) => {
        expect(page).toContain(`Page ${i + 1} / ${text.length}`);
        expect(page).toContain('pl_01HZX3K7');
        expect(page).toContain(`Printed ${PRINTED}`);
      });
    });

    it('sets the document title and creator', () => {
      const info = documentInfo(pdf);
      expect(info).toMatch(/Title:\s+Liste de présence papier .*4KQ7-M2XD/);
      expect(info).toMatch(/Creator:\s+sitepresence/);
      expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    });
  });

  describe('a long paper listing', () => {
    let text: string[];

    beforeAll(async () => {
      text = pages(await new PdfkitWriter().paperListing({ ...SHEET, rows: manyRows(60), blankRows: 10 }));
    });

    it('continues on more pages, numbered "page X / Y"', () => {
      expect(text.length).toBeGreaterThanOrEqual(3);
      text.forEach((page, i) => {
        expect(page).toContain(`Page ${i + 1} / ${text.length}`);
      });
    });

    it('repeats the column header on the pages the table continues on', () => {
      const header = /NISS \/ INSZ \/ Limosa-1\s+Nom \/ Naam \/ Last name/;
      expect(text[0]).toMatch(header);
      expect(text[1]).toMatch(header);
      expect(text[1]).not.toContain('Numéro de référence');
    });

    it('prints all sixty rows and the blank ones, numbered on', () => {
      const all = text.join('\n');
      for (const [i, row] of manyRows(60).entries()) {
        expect(all).toMatch(
          new RegExp(`${i + 1}\\s+${row.worker.replace(/\./g, '\\.')}\\s+Nazwisko${i + 1}\\s+`),
        );
      }
      expect(all.split('\n').some((line) => /^\s*70\s*$/.test(line))).toBe(true);
      expect(all.split('\n').some((line) => /^\s*71\s*$/.test(line))).toBe(false);
    });
  });

  describe('the report', () => {
    let pdf: Buffer;
    let text: string[];
    let all: string;

    beforeAll(async () => {
      pdf = await new PdfkitWriter().report(REPORT);
      text = pages(pdf);
      all = text.join('\n');
    });

    it('shows the title, the subtitle and the labelled lines', () => {
      expect(all).toContain('Dossier d’inspection / Inspectiedossier');
      expect(all).toContain('Chantier Tour Horizon — 2025-03-14');
      expect(all).toMatch(/Works declaration number\s+1A2B3C4D5E/);
      expect(all).toMatch(/Company\s+0403\.019\.261/);
      expect(all).toMatch(/Reference number\s+4KQ7-M2XD/);
    });

    it('prints every row of a section, repeating its column headers on each page', () => {
      expect(text.length).toBeGreaterThanOrEqual(2);
      expect(all).toContain('Presences');
      for (let i = 0; i < 70; i++) {
        expect(all).toContain(`85.07.30-0${String(i).padStart(2, '0')}.28`);
        expect(all).toContain(`R${String(i).padStart(6, '0')}`);
      }
      expect(all).toContain('Ștefan Țurcanu');
      expect(all).toContain('Łukasz Wiśniewski');
      for (const page of text) {
        expect(page).toMatch(/Worker\s+Name\s+Registered at\s+Receipt\s+Comment/);
      }
    });

    it('wraps a long cell rather than cutting it', () => {
      expect(flowingText(pdf)).toContain(
        'Arrived late because the access gate of the site was closed; the site manager confirmed the presence by phone.',
      );
    });

    it('prints the empty text of a section without rows', () => {
      expect(all).toMatch(/Incidents\s+Aucun incident \/ Geen incidenten \/ No incidents/);
      expect(all).not.toMatch(/When\s+What/);
    });

    it('puts the page number and the time of printing at the foot of every page', () => {
      text.forEach((page, i) => {
        expect(page).toContain(`Page ${i + 1} / ${text.length}`);
        expect(page).toContain(`Printed ${PRINTED}`);
      });
    });

    it('sets the document title and creator', () => {
      const info = documentInfo(pdf);
      expect(info).toMatch(/Title:\s+Dossier d’inspection \/ Inspectiedossier/);
      expect(info).toMatch(/Creator:\s+sitepresence/);
    });
  });
});
