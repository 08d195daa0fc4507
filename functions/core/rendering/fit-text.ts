// Fitting text into a box: shrink from the preferred size down to a minimum, wrapping on word boundaries.
import type { PDFFont } from 'pdf-lib';

export interface FittedText {
  size: number;
  lineHeight: number;
  lines: string[];
  /** false when even the minimum size could not hold every line (the last line is then cut with "…") */
  complete: boolean;
}

export interface FitOptions {
  font: PDFFont;
  width: number;
  height: number;
  fontSize: number;
  minFontSize: number;
  multiline: boolean;
}

const LINE_FACTOR = 1.2;

/** Split one paragraph into lines no wider than `width`; words longer than a line are broken by character. */
export const wrapParagraph = (text: string, font: PDFFont, size: number, width: number): string[] => {
  const lines: string[] = [];
  let line = '';
  const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= width;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const char of Array.from(word)) {
      if (line && !fits(line + char)) {
        lines.push(line);
        line = '';
      }
      line += char;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
};

export const wrapText = (text: string, font: PDFFont, size: number, width: number): string[] =>
  text.split('\n').flatMap((paragraph) => wrapParagraph(paragraph, font, size, width));

export const fitText = (text: string, options: FitOptions): FittedText => {
  const { font, width, height, fontSize, minFontSize, multiline } = options;
  const layout = (size: number): string[] =>
    multiline ? wrapText(text, font, size, width) : [text.replace(/\s*\n\s*/g, ', ')];
  const sizes: number[] = [];
  for (let size = fontSize; size > minFontSize; size -= 0.5) sizes.push(size);
  sizes.push(minFontSize);
  for (const size of sizes) {
    const lines = layout(size);
    const lineHeight = size * LINE_FACTOR;
    const widest = Math.max(...lines.map((line) => font.widthOfTextAtSize(line, size)));
    if (lines.length * lineHeight <= height + 0.01 && widest <= width + 0.01) {
      return { size, lineHeight, lines, complete: true };
    }
  }
  const size = minFontSize;
  const lineHeight = size * LINE_FACTOR;
  const maxLines = Math.max(1, Math.floor(height / lineHeight));
  const lines = multiline ? wrapText(text, font, size, width) : layout(size);
  const kept = lines.slice(0, maxLines).map((line) => truncateToWidth(line, font, size, width));
  const last = kept.length - 1;
  kept[last] = truncateToWidth(`${kept[last]}…`, font, size, width, true);
  return { size, lineHeight, lines: kept, complete: false };
};

const truncateToWidth = (
  line: string,
  font: PDFFont,
  size: number,
  width: number,
  keepEllipsis = false,
): string => {
  if (font.widthOfTextAtSize(line, size) <= width) return line;
  const chars = Array.from(keepEllipsis ? line.slice(0, -1) : line);
  while (chars.length > 0 && font.widthOfTextAtSize(`${chars.join('')}…`, size) > width) chars.pop();
  return `${chars.join('')}…`;
};
