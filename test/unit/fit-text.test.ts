// Fitting text into a box of the form: wrap on words, shrink down to a minimum, cut with "…" only as a last resort.
import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitText, flowText, wrapParagraph } from '../../functions/core/rendering/fit-text.ts';

let font: PDFFont;

beforeAll(async () => {
  const doc = await PDFDocument.create();
  font = await doc.embedFont(StandardFonts.Helvetica);
});

const widthOf = (line: string, size: number) => font.widthOfTextAtSize(line, size);

const PARAGRAPH =
  'Goods wholly obtained in North Macedonia and shipped by road from Skopje to Stuttgart via the border crossing at Tabanovce';

describe('wrapping a paragraph', () => {
  it('never makes a line wider than the width', () => {
    const lines = wrapParagraph(PARAGRAPH, font, 9, 120);

    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(widthOf(line, 9)).toBeLessThanOrEqual(120);
  });

  it('breaks on word boundaries and keeps every word, in order', () => {
    const lines = wrapParagraph(PARAGRAPH, font, 9, 120);

    expect(lines.join(' ')).toBe(PARAGRAPH);
  });

  it('keeps a paragraph that fits on one line', () => {
    expect(wrapParagraph('Skopje', font, 9, 120)).toEqual(['Skopje']);
  });

  it('breaks a word longer than the line by character', () => {
    const word = 'Donaudampfschifffahrtsgesellschaftskapitänsmütze';

    const lines = wrapParagraph(word, font, 9, 60);

    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(word);
    for (const line of lines) expect(widthOf(line, 9)).toBeLessThanOrEqual(60);
  });

  it('collapses runs of whitespace', () => {
    expect(wrapParagraph('  Skopje   Stuttgart  ', font, 9, 200)).toEqual(['Skopje Stuttgart']);
  });

  it('gives one empty line for empty text', () => {
    expect(wrapParagraph('', font, 9, 100)).toEqual(['']);
  });
});

describe('fitting text into a box', () => {
  it('keeps the preferred size when the text fits', () => {
    const fitted = fitText('Skopje', {
      font,
      width: 100,
      height: 20,
      fontSize: 9,
      minFontSize: 6,
      multiline: false,
    });

    expect(fitted).toEqual({ size: 9, lineHeight: 9 * 1.2, lines: ['Skopje'], complete: true });
  });

  it('shrinks the font rather than wrap beyond the height of the box', () => {
    const options = { font, width: 200, height: 30, fontSize: 10, minFontSize: 5, multiline: true };
    const linesAtPreferredSize = wrapParagraph(PARAGRAPH, font, 10, 200).length;

    const fitted = fitText(PARAGRAPH, options);

    expect(linesAtPreferredSize * 10 * 1.2).toBeGreaterThan(30);
    expect(fitted.complete).toBe(true);
    expect(fitted.size).toBeLessThan(10);
    expect(fitted.size).toBeGreaterThanOrEqual(5);
    expect(fitted.lines.length * fitted.lineHeight).toBeLessThanOrEqual(30 + 0.01);
    expect(fitted.lines.join(' ')).toBe(PARAGRAPH);
    for (const line of fitted.lines) expect(widthOf(line, fitted.size)).toBeLessThanOrEqual(200);
  });

  it('shrinks a single-line field until the text is no wider than the box', () => {
    const text = 'Müller & Söhne Textilhandel GmbH';

    const fitted = fitText(text, {
      font,
      width: 120,
      height: 12,
      fontSize: 12,
      minFontSize: 6,
      multiline: false,
    });

    expect(fitted.complete).toBe(true);
    expect(fitted.size).toBeLessThan(12);
    expect(fitted.lines).toEqual([text]);
    expect(widthOf(text, fitted.size)).toBeLessThanOrEqual(120);
  });

  it('joins the lines of a single-line field with commas', () => {
    const fitted = fitText('Königstraße 12\n70173 Stuttgart', {
      font,
      width: 300,
      height: 12,
      fontSize: 9,
      minFontSize: 6,
      multiline: false,
    });

    expect(fitted.lines).toEqual(['Königstraße 12, 70173 Stuttgart']);
  });

  it('never goes under the minimum size, and cuts the last line with "…" when the text cannot fit', () => {
    const text = PARAGRAPH.repeat(5);

    const fitted = fitText(text, {
      font,
      width: 100,
      height: 20,
      fontSize: 9,
      minFontSize: 6,
      multiline: true,
    });

    expect(fitted.complete).toBe(false);
    expect(fitted.size).toBe(6);
    expect(fitted.lines.length * fitted.lineHeight).toBeLessThanOrEqual(20);
    expect(fitted.lines.at(-1)).toMatch(/…$/);
    for (const line of fitted.lines) expect(widthOf(line, 6)).toBeLessThanOrEqual(100);
  });

  it('cuts a single line that is too wide even at the minimum size with "…"', () => {
    const fitted = fitText(PARAGRAPH, {
      font,
      width: 80,
      height: 20,
      fontSize: 9,
      minFontSize: 6,
      multiline: false,
    });

    expect(fitted.complete).toBe(false);
    expect(fitted.size).toBe(6);
    expect(fitted.lines).toHaveLength(1);
    expect(fitted.lines[0]).toMatch(/^Goods.*[^…]…$/);
    expect(widthOf(fitted.lines[0] ?? '', 6)).toBeLessThanOrEqual(80);
  });

  it('keeps at least one line in a box lower than one line', () => {
    const fitted = fitText(PARAGRAPH, {
      font,
      width: 100,
      height: 3,
      fontSize: 9,
      minFontSize: 6,
      multiline: true,
    });

    expect(fitted.complete).toBe(false);
    expect(fitted.lines).toHaveLength(1);
    expect(fitted.lines[0]).toMatch(/…$/);
  });

  // BUG (functions/core/rendering/fit-text.ts, fitText): sizes step down by 0.5 from fontSize, so when
  // fontSize − minFontSize is not a multiple of 0.5 the minimum size itself is never tried, and text that
  // fits at minFontSize is cut with "…" and reported complete=false.
  it('tries the minimum size itself even when it is not a half-point step below the preferred size', () => {
    const text = 'word word word word word word word word word word';
    const width = widthOf(text, 6);

    const fitted = fitText(text, { font, width, height: 8, fontSize: 9.3, minFontSize: 6, multiline: false });

    expect(fitted).toMatchObject({ size: 6, lines: [text], complete: true });
  });
});

describe('flowing text that may continue on the next sheet', () => {
  const box = { width: 100, height: 20, fontSize: 9, minFontSize: 6, multiline: true };

  it('gives one part, fitted as fitText would, when the text fits', () => {
    const flowed = flowText('Skopje', { font, ...box });

    expect(flowed).toEqual({ size: 9, lineHeight: 9 * 1.2, parts: [['Skopje']] });
  });

  it('splits text that does not fit at the minimum size into parts of whole lines, losing nothing', () => {
    const text = PARAGRAPH.repeat(3);

    const flowed = flowText(text, { font, ...box });

    expect(flowed.size).toBe(6);
    expect(flowed.parts.length).toBeGreaterThan(1);
    for (const part of flowed.parts) expect(part.length * flowed.lineHeight).toBeLessThanOrEqual(20 + 0.01);
    expect(flowed.parts.flat().join(' ')).toBe(wrapParagraph(text, font, 6, 100).join(' '));
    expect(flowed.parts.flat().join('')).not.toContain('…');
  });

  it('cuts a single line that does not fit, as fitText does', () => {
    const flowed = flowText(PARAGRAPH, { font, ...box, multiline: false });

    expect(flowed.parts).toHaveLength(1);
    expect(flowed.parts[0]?.[0]).toMatch(/…$/);
  });
});
