// Fitting text into a box: shrink from the preferred size down to a minimum, wrapping on word boundaries;
// what still does not fit is cut with "…" or, for boxes that may continue, split into one part per sheet.
// A no-break space (U+00A0, U+202F) binds what it joins, "720 г", as Unicode line breaking (UAX #14) says.

/** What fitting needs of a font: pdf-lib's PDFFont has it. */
export interface MeasuringFont {
  widthOfTextAtSize(text: string, size: number): number;
}

export interface FittedText {
  size: number;
  lineHeight: number;
  lines: string[];
  /** false when even the minimum size could not hold every line (the last line is then cut with "…") */
  complete: boolean;
}

export interface FitOptions {
  font: MeasuringFont;
  width: number;
  height: number;
  fontSize: number;
  minFontSize: number;
  multiline: boolean;
}

export interface FlowedText {
  size: number;
  lineHeight: number;
  /** The lines of each sheet in turn: one part when the text fits, more when it continues. */
  parts: string[][];
}

export const LINE_FACTOR = 1.2;
const EPSILON = 0.01;

// Widths at 1000 pt, per font and text: pdf-lib scales linearly (total × size / 1000), so a word measured
// once serves every size tried, and the product is the very number pdf-lib itself would give.
const widthCache = new WeakMap<MeasuringFont, Map<string, number>>();

const widthAt1000 = (font: MeasuringFont, text: string): number => {
  let cache = widthCache.get(font);
  if (!cache) {
    cache = new Map();
    widthCache.set(font, cache);
  }
  let width = cache.get(text);
  if (width === undefined) {
    width = font.widthOfTextAtSize(text, 1000);
    cache.set(text, width);
  }
  return width;
};

/** Where a line may break: any white space but the no-break spaces. */
export const BREAKABLE_SPACE = /[^\S\u00A0\u202F]+/;
const NO_BREAK_SPACE = /[\u00A0\u202F]+/;

export const measureText = (font: MeasuringFont, text: string, size: number): number =>
  widthAt1000(font, text) * (size / 1000);

/** Split one paragraph into lines no wider than `width`; words longer than a line are broken by character. */
export const wrapParagraph = (text: string, font: MeasuringFont, size: number, width: number): string[] => {
  const lines: string[] = [];
  const space = measureText(font, ' ', size);
  let line = '';
  let lineWidth = 0;
  // sums of word widths can differ from the width of the joined line in the last bits: check near the edge
  const fits = (candidate: string, estimate: number) =>
    estimate < width - 1e-6 || (estimate <= width + 1e-6 && measureText(font, candidate, size) <= width);
  const words = text.split(BREAKABLE_SPACE).filter(Boolean);
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    const wordWidth = measureText(font, word, size);
    const candidate = line ? `${line} ${word}` : word;
    const estimate = line ? lineWidth + space + wordWidth : wordWidth;
    if (fits(candidate, estimate)) {
      line = candidate;
      lineWidth = estimate;
      continue;
    }
    if (line) lines.push(line);
    if (fits(word, wordWidth)) {
      line = word;
      lineWidth = wordWidth;
      continue;
    }
    line = '';
    lineWidth = 0;
    // a bound group wider than a whole line ("2,999,999.5 pairs") parts at its no-break spaces first
    if (NO_BREAK_SPACE.test(word)) {
      words.splice(index + 1, 0, ...word.split(NO_BREAK_SPACE).filter(Boolean));
      continue;
    }
    for (const char of Array.from(word)) {
      if (line && measureText(font, line + char, size) > width) {
        lines.push(line);
        line = '';
      }
      line += char;
    }
    lineWidth = measureText(font, line, size);
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
};

export const wrapText = (text: string, font: MeasuringFont, size: number, width: number): string[] =>
  text.split('\n').flatMap((paragraph) => wrapParagraph(paragraph, font, size, width));

const singleLine = (text: string) => text.replace(/\s*\n\s*/g, ', ');

/** The sizes tried, largest first: half-point steps from the preferred size, then the minimum itself. */
const candidateSizes = (fontSize: number, minFontSize: number): number[] => {
  const sizes: number[] = [];
  for (let size = fontSize; size > minFontSize; size -= 0.5) sizes.push(size);
  sizes.push(minFontSize);
  return sizes;
};

const layout = (text: string, options: FitOptions, size: number): string[] =>
  options.multiline ? wrapText(text, options.font, size, options.width) : [singleLine(text)];

const fitsBox = (lines: string[], options: FitOptions, size: number): boolean =>
  lines.length * size * LINE_FACTOR <= options.height + EPSILON &&
  lines.every((line) => measureText(options.font, line, size) <= options.width);

/** The largest size at which the whole text fits, or undefined when not even the minimum size does. */
const fitWhole = (text: string, options: FitOptions): FittedText | undefined => {
  for (const size of candidateSizes(options.fontSize, options.minFontSize)) {
    const lines = layout(text, options, size);
    if (fitsBox(lines, options, size)) return { size, lineHeight: size * LINE_FACTOR, lines, complete: true };
  }
  return undefined;
};

const linesPerBox = (height: number, lineHeight: number) =>
  Math.max(1, Math.floor((height + EPSILON) / lineHeight));

export const fitText = (text: string, options: FitOptions): FittedText => {
  const fitted = fitWhole(text, options);
  if (fitted) return fitted;
  const { font, width, minFontSize: size } = options;
  const lineHeight = size * LINE_FACTOR;
  const kept = layout(text, options, size)
    .slice(0, linesPerBox(options.height, lineHeight))
    .map((line) => truncateToWidth(line, font, size, width));
  const last = kept.length - 1;
  kept[last] = truncateToWidth(`${kept[last]}…`, font, size, width, true);
  return { size, lineHeight, lines: kept, complete: false };
};

/** Like fitText, but a multi-line text that does not fit at the minimum size continues in further parts. */
export const flowText = (text: string, options: FitOptions): FlowedText => {
  const fitted = fitWhole(text, options);
  if (fitted) return { size: fitted.size, lineHeight: fitted.lineHeight, parts: [fitted.lines] };
  if (!options.multiline) {
    const cut = fitText(text, options);
    return { size: cut.size, lineHeight: cut.lineHeight, parts: [cut.lines] };
  }
  const size = options.minFontSize;
  const lineHeight = size * LINE_FACTOR;
  const lines = layout(text, options, size);
  const perPart = linesPerBox(options.height, lineHeight);
  const parts: string[][] = [];
  for (let start = 0; start < lines.length; start += perPart) parts.push(lines.slice(start, start + perPart));
  return { size, lineHeight, parts };
};

const truncateToWidth = (
  line: string,
  font: MeasuringFont,
  size: number,
  width: number,
  keepEllipsis = false,
): string => {
  if (measureText(font, line, size) <= width) return line;
  const chars = Array.from(keepEllipsis ? line.slice(0, -1) : line);
  while (chars.length > 0 && measureText(font, `${chars.join('')}…`, size) > width) chars.pop();
  return `${chars.join('')}…`;
};
