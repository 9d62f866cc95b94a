import { parentPort } from 'node:worker_threads';
import type { PaperListingSheet, ReportDocument } from './pdf-writer.js';
import { PdfkitWriter } from './pdfkit-writer.js';

/** A job for the rendering thread. */
export type RenderJob =
  | { readonly id: number; readonly kind: 'paperListing'; readonly document: PaperListingSheet }
  | { readonly id: number; readonly kind: 'paperListings'; readonly document: readonly PaperListingSheet[] }
  | { readonly id: number; readonly kind: 'report'; readonly document: ReportDocument };

/** What the rendering thread sends back: the PDF's bytes, or why it could not make them. */
export type RenderReply =
  | { readonly id: number; readonly ok: true; readonly pdf: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly error: string };

// The thread that renders PDFs beside the one that serves requests (see WorkerPdfWriter).
const writer = new PdfkitWriter();
parentPort?.on('message', (job: RenderJob) => {
  const rendered = render(job);
  rendered.then(
    (pdf) => {
      const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      parentPort?.postMessage({ id: job.id, ok: true, pdf: bytes } satisfies RenderReply);
    },
    (error: unknown) => {
      parentPort?.postMessage({ id: job.id, ok: false, error: String(error) } satisfies RenderReply);
    },
  );
});

function render(job: RenderJob): Promise<Buffer> {
  switch (job.kind) {
    case 'paperListing':
      return writer.paperListing(job.document);
    case 'paperListings':
      return writer.paperListings(job.document);
    case 'report':
      return writer.report(job.document);
  }
}
