// Where the words of a PDF are, as poppler's pdftotext -bbox-layout reads them: for checking that each value
// sits in its box and that no text runs out of the box it was fitted into.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A word on a page, in points from the page's top-left corner. */
export interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? whole;
  });

export const pdfWords = async (
  pdf: Uint8Array,
): Promise<{ pages: { width: number; height: number }[]; words: PdfWord[] }> => {
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-bbox-'));
  await writeFile(join(dir, 'in.pdf'), pdf);
  await run('pdftotext', ['-bbox-layout', join(dir, 'in.pdf'), join(dir, 'out.html')], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const html = await readFile(join(dir, 'out.html'), 'utf8');
  const pages: { width: number; height: number }[] = [];
  const words: PdfWord[] = [];
  const pattern =
    /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g;
  for (const match of html.matchAll(pattern)) {
    if (match[1] !== undefined) {
      pages.push({ width: Number(match[1]), height: Number(match[2]) });
      continue;
    }
    words.push({
      page: pages.length,
      xMin: Number(match[3]),
      yMin: Number(match[4]),
      xMax: Number(match[5]),
      yMax: Number(match[6]),
      text: decode(match[7] ?? ''),
    });
  }
  return { pages, words };
};

/** The text of each page, as pdftotext reads it in reading order. */
export const pdfPageTexts = async (pdf: Uint8Array): Promise<string[]> => {
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-text-'));
  await writeFile(join(dir, 'in.pdf'), pdf);
  const { stdout } = await run('pdftotext', [join(dir, 'in.pdf'), '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\f').slice(0, -1);
};
