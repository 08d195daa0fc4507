// Documents: render + seal time and PDF size per page, and what a continuation sheet costs. No storage.
import { PDFDocument } from 'pdf-lib';
import { benchContent, createRenderSeal } from './support/render-seal.ts';
import { median, round } from './support/stats.ts';

export interface DocumentCase {
  goodsLines: number;
  pages: number;
  runs: number;
  medianMs: number;
  msPerPage: number;
  bytes: number;
  bytesPerPage: number;
}

export interface DocumentResults {
  cases: DocumentCase[];
  /** Median render + seal time per page over all cases' medians. */
  medianMsPerPage: number;
  medianBytesPerPage: number;
  continuation: {
    goodsLines: number;
    pages: number;
    extraSheets: number;
    msPerContinuationSheet: number;
    bytesPerContinuationSheet: number;
    /** The 120-line certificate against a one-page one. */
    timeRatioToOnePage: number;
    bytesRatioToOnePage: number;
  };
}

const LINE_COUNTS = [1, 5, 15, 40, 80, 120];

export const benchDocuments = async (options: { runs: number }): Promise<DocumentResults> => {
  const renderSeal = await createRenderSeal();
  await renderSeal(benchContent(2)); // warm-up: fonts parsed, JIT warm
  const cases: DocumentCase[] = [];
  for (const goodsLines of LINE_COUNTS) {
    const content = benchContent(goodsLines);
    const times: number[] = [];
    let pdf: Uint8Array = new Uint8Array();
    for (let run = 0; run < options.runs; run++) {
      const started = performance.now();
      pdf = (await renderSeal(content)).pdf;
      times.push(performance.now() - started);
    }
    const pages = (await PDFDocument.load(pdf)).getPageCount();
    const medianMs = median(times);
    cases.push({
      goodsLines,
      pages,
      runs: options.runs,
      medianMs: round(medianMs),
      msPerPage: round(medianMs / pages),
      bytes: pdf.length,
      bytesPerPage: Math.round(pdf.length / pages),
    });
  }
  const one = cases[0] as DocumentCase;
  const most = cases[cases.length - 1] as DocumentCase;
  const extraSheets = most.pages - one.pages;
  return {
    cases,
    medianMsPerPage: round(median(cases.map((entry) => entry.msPerPage))),
    medianBytesPerPage: Math.round(median(cases.map((entry) => entry.bytesPerPage))),
    continuation: {
      goodsLines: most.goodsLines,
      pages: most.pages,
      extraSheets,
      msPerContinuationSheet: round(extraSheets > 0 ? (most.medianMs - one.medianMs) / extraSheets : 0),
      bytesPerContinuationSheet: extraSheets > 0 ? Math.round((most.bytes - one.bytes) / extraSheets) : 0,
      timeRatioToOnePage: round(most.medianMs / one.medianMs, 2),
      bytesRatioToOnePage: round(most.bytes / one.bytes, 2),
    },
  };
};
