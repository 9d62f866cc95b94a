/** A text in the three languages. */
export interface Texts {
  readonly fr: string;
  readonly nl: string;
  readonly en: string;
}

/** The paper attendance listing, ready to print. */
export interface PaperListingSheet {
  /** The contact center's reference number, e.g. `4KQ7-M2XD`. */
  readonly referenceNumber: string;
  /** The workplace; its id is the works declaration number. */
  readonly workplace: { readonly id: string; readonly name: string; readonly address: string };
  /** The day of the listing, `YYYY-MM-DD`. */
  readonly date: string;
  /** The employer, by its formatted enterprise number (`0403.019.261`). */
  readonly employer: { readonly enterprise: string };
  /** The pre-filled rows: a formatted NISS (`85.07.30-033.28`) or Limosa-1 number (`L1 12345678`), and names when known. */
  readonly rows: readonly {
    readonly worker: string;
    readonly lastName?: string;
    readonly firstName?: string;
    readonly status: 'REGISTERED' | 'EXPECTED';
  }[];
  /** How many empty rows to print, to fill by hand. */
  readonly blankRows: number;
  /** Paragraphs, printed in French, Dutch and English. */
  readonly instructions: readonly Texts[];
  /** When it was printed, an ISO instant. */
  readonly printedAt: string;
  /** The listing's id, printed on every page so a loose page can be traced back. */
  readonly listingId: string;
}

/** A generic report: a title, labelled lines, then tables (the inspection dossier). */
export interface ReportDocument {
  readonly title: string;
  readonly subtitle?: string;
  readonly lines: readonly { readonly label: string; readonly value: string }[];
  readonly sections: readonly {
    readonly heading: string;
    readonly columns: readonly string[];
    readonly rows: readonly (readonly string[])[];
    /** Printed instead of the table when there are no rows. */
    readonly empty?: string;
  }[];
  /** When it was printed, an ISO instant. */
  readonly printedAt: string;
}

/** Renders documents to PDF bytes. */
export interface PdfWriter {
  /** Renders the paper attendance listing of the emergency procedure. */
  paperListing(sheet: PaperListingSheet): Promise<Buffer>;
  /**
   * Renders several paper listings as one document to print at once (a site's employers on one day), each on
   * pages of its own, numbered within it.
   */
  paperListings(sheets: readonly PaperListingSheet[]): Promise<Buffer>;
  /** Renders a generic report, such as the inspection dossier. */
  report(doc: ReportDocument): Promise<Buffer>;
}
