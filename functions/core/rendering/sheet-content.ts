// The content stream of a sheet, written as PDF operators in text: lines of text in a box, the QR code as
// rectangles, a strike-through. Written directly rather than with PDFPage.drawText, which adds a font
// resource and a graphics state per call and formats every number at full precision.
import type { PDFFont } from 'pdf-lib';
import { measureText } from './fit-text.ts';
import type { Rect } from './prepared-template.ts';
import type { QrRuns } from './qr-vector.ts';

export interface SheetFont {
  font: PDFFont;
  /** The font's name in the page resources, e.g. "/F1-123" */
  key: string;
  /** Ascender and full height (ascender − descender) per point of size. */
  ascent: number;
  height: number;
}

export type Rgb = readonly [number, number, number];

export const INK: Rgb = [0, 0, 0];
export const CAPTION: Rgb = [0.25, 0.25, 0.3];

/** At most two decimals, no trailing zeros: what a page needs, and the same text on every machine. */
const num = (value: number): string => {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
};

export interface TextBlock {
  lines: readonly string[];
  size: number;
  lineHeight: number;
  align?: 'left' | 'center' | 'right' | undefined;
}

/** Lines from the top of `box`, each centred vertically in its line height so no glyph leaves the box. */
export const textInBox = (block: TextBlock, box: Rect, font: SheetFont, color: Rgb): string => {
  const { lines, size, lineHeight } = block;
  if (!lines.some((line) => line !== '')) return '';
  const top = box.y + box.height;
  const firstBaseline = top - (lineHeight - font.height * size) / 2 - font.ascent * size;
  const parts = [`BT ${color.map(num).join(' ')} rg ${font.key} ${num(size)} Tf`];
  lines.forEach((line, index) => {
    if (!line) return;
    const width = measureText(font.font, line, size);
    const x =
      block.align === 'right'
        ? box.x + box.width - width
        : block.align === 'center'
          ? box.x + (box.width - width) / 2
          : box.x;
    // a space after each line but the last, past its end: text extraction and screen readers then read a
    // wrapped line's last word apart from the next line's first, as the eye does
    const shown = index < lines.length - 1 ? `${line} ` : line;
    parts.push(
      `1 0 0 1 ${num(x)} ${num(firstBaseline - index * lineHeight)} Tm ${font.font.encodeText(shown).toString()} Tj`,
    );
  });
  parts.push('ET\n');
  return parts.join('\n');
};

/** The QR code filling the square at the top-left of `box`, one rectangle per dark run of a row. */
export const qrInBox = (qr: QrRuns, box: Rect): string => {
  const module = Math.round((Math.min(box.width, box.height) / qr.size) * 1000) / 1000;
  // module coordinates, y downwards from the top-left corner of the box
  const runs = qr.runs.map(([row, column, length]) => `${column} ${row} ${length} 1 re`).join('\n');
  return `q 0 g ${module} 0 0 ${-module} ${num(box.x)} ${num(box.y + box.height)} cm\n${runs}\nf Q\n`;
};

/** A thin diagonal through space that must stay empty (the unused part of the goods box). */
export const strikeThrough = (box: Rect): string =>
  `q 0.35 G 0.6 w ${num(box.x)} ${num(box.y + box.height)} m ${num(box.x + box.width)} ${num(box.y)} l S Q\n`;

/** A thin frame round `box` (where a preview says there is no QR). */
export const frameRect = (box: Rect): string =>
  `q 0 G 0.8 w ${num(box.x)} ${num(box.y)} ${num(box.width)} ${num(box.height)} re S Q\n`;

/** Draws a form XObject (the template page) at the origin. */
export const placeForm = (key: string): string => `q ${key} Do Q\n`;

/** Draws an image XObject filling `box` (the caller keeps its proportions). */
export const imageInBox = (key: string, box: Rect): string =>
  `q ${num(box.width)} 0 0 ${num(box.height)} ${num(box.x)} ${num(box.y)} cm ${key} Do Q\n`;
