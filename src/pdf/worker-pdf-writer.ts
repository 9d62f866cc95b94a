import { Worker } from 'node:worker_threads';
import type { RenderJob, RenderReply } from './pdf-render-worker.js';
import type { PaperListingSheet, PdfWriter, ReportDocument } from './pdf-writer.js';

/**
 * Renders PDFs in a thread of their own, so that printing a large dossier never holds up the registrations the
 * serving thread answers meanwhile (pdfkit lays out pages synchronously: a dossier of thousands of rows takes a
 * second or more). One thread, started on first use, jobs in turn; should it die, the next job starts another.
 */
export class WorkerPdfWriter implements PdfWriter {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (pdf: Buffer) => void; reject: (e: Error) => void }
  >();

  paperListing(sheet: PaperListingSheet): Promise<Buffer> {
    return this.render({ id: this.nextId++, kind: 'paperListing', document: sheet });
  }

  paperListings(sheets: readonly PaperListingSheet[]): Promise<Buffer> {
    return this.render({ id: this.nextId++, kind: 'paperListings', document: sheets });
  }

  report(doc: ReportDocument): Promise<Buffer> {
    return this.render({ id: this.nextId++, kind: 'report', document: doc });
  }

  /** Stops the rendering thread; jobs under way fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private render(job: RenderJob): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.pending.set(job.id, { resolve, reject });
      this.thread().postMessage(job);
    });
  }

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    // Compiled, the thread runs pdf-render-worker.js beside this file. From the TypeScript sources (tests,
    // benchmarks) it runs the .ts file, through tsx's loader registered in the thread first.
    const fromSource = import.meta.url.endsWith('.ts');
    const script = new URL(`./pdf-render-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
    const worker = fromSource
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); })`,
          { eval: true },
        )
      : new Worker(script);
    worker.unref();
    worker.on('message', (reply: RenderReply) => {
      const job = this.pending.get(reply.id);
      if (job === undefined) return;
      this.pending.delete(reply.id);
      if (reply.ok) job.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      else job.reject(new Error(`PDF not rendered: ${reply.error}`));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      fail(new Error(`The PDF thread stopped (exit code ${code}).`));
    });
    this.worker = worker;
    return worker;
  }
}
