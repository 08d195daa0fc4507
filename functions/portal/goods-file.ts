// The uploaded goods file as rows of cells: an .xlsx workbook (first sheet, read with read-excel-file), or
// CSV text in the encodings spreadsheets write — UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode
// text") and Windows-1251 (Excel's CSV for Cyrillic on Windows). Anything else is refused with a message
// that names the encoding problem: guessing would store mojibake as goods descriptions.
import { unzipSync } from 'fflate';
import type { PortalIssueCode } from './field-messages.ts';

/** What the importer reads: rows of cells, or why the file cannot be read. */
export type GoodsFileContent = { rows: string[][] } | { text: string } | { problem: string };

export const ENCODING_PROBLEM =
  'the file is not text in UTF-8, UTF-16 or Windows-1251 (Cyrillic); save it as "CSV UTF-8" or as .xlsx';
export const SPREADSHEET_PROBLEM =
  'the spreadsheet could not be read; save it again as .xlsx or as CSV UTF-8';

/** The issue code of each problem, for the portal to word it in the reader's language. */
export const GOODS_FILE_ISSUES: Record<string, PortalIssueCode> = {
  [ENCODING_PROBLEM]: 'unreadable_encoding',
  [SPREADSHEET_PROBLEM]: 'unreadable_spreadsheet',
};

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** The unpacked parts of a workbook may not exceed this: a 1 MB upload must not unpack into gigabytes. */
const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((byte, at) => bytes[at] === byte);

const decode = (encoding: string, bytes: Uint8Array): string | undefined => {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
};

/** UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte. */
const utf16WithoutBom = (bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined => {
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096) & ~1);
  if (sample.length < 2) return undefined;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let at = 0; at < sample.length; at += 2) {
    if (sample[at] === 0) evenNuls++;
    if (sample[at + 1] === 0) oddNuls++;
  }
  const pairs = sample.length / 2;
  if (oddNuls > pairs * 0.3 && evenNuls === 0) return 'utf-16le';
  if (evenNuls > pairs * 0.3 && oddNuls === 0) return 'utf-16be';
  return undefined;
};

// Windows-1251 maps every byte to something, so its result has to look like Macedonian (or Serbian,
// Bulgarian, Russian) text: every non-ASCII character a Cyrillic letter or common typographic punctuation,
// and no word mixing Latin and Cyrillic letters ("Grцяe" is "Größe" in Latin-1 read as Windows-1251).
const CYRILLIC = /[\u0400-\u045F]/;
const PUNCTUATION_1251 = new Set('\u00A0«»„“”‘’‚–—…№€°·§©®™•±µ¶¤¦¬­'.split(''));
const plausibleCyrillic = (text: string): boolean => {
  if (!CYRILLIC.test(text)) return false;
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue;
    if (!CYRILLIC.test(char) && !PUNCTUATION_1251.has(char)) return false;
  }
  const words = text.match(/[\p{L}]+/gu) ?? [];
  return !words.some((word) => /[A-Za-z]/.test(word) && CYRILLIC.test(word));
};

/** CSV text in the encodings spreadsheets write, or the problem that stops it being read. */
export const decodeGoodsText = (bytes: Uint8Array): { text: string } | { problem: string } => {
  const withBom = startsWith(bytes, [0xef, 0xbb, 0xbf])
    ? 'utf-8'
    : startsWith(bytes, [0xff, 0xfe])
      ? 'utf-16le'
      : startsWith(bytes, [0xfe, 0xff])
        ? 'utf-16be'
        : undefined;
  const encoding = withBom ?? utf16WithoutBom(bytes);
  const text = encoding
    ? decode(encoding, bytes)
    : bytes.includes(0)
      ? undefined
      : (decode('utf-8', bytes) ??
        [decode('windows-1251', bytes)].find((candidate) => candidate && plausibleCyrillic(candidate)));
  // a replacement character in the text means an earlier program already lost the original letters
  if (text === undefined || text.includes('\uFFFD')) return { problem: ENCODING_PROBLEM };
  return { text: text.replace(/^\uFEFF/, '') };
};

const unpackedSize = (bytes: Uint8Array): number => {
  let total = 0;
  // the filter sees each entry's declared size before anything is inflated; returning false inflates nothing
  unzipSync(bytes, {
    filter: (entry) => {
      total += entry.originalSize;
      return false;
    },
  });
  return total;
};

const cellText = (cell: unknown): string => {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
};

/** The first sheet of an .xlsx workbook as rows of cell texts (numbers with a decimal point). */
const readWorkbook = async (bytes: Uint8Array): Promise<GoodsFileContent> => {
  try {
    if (unpackedSize(bytes) > MAX_UNPACKED_BYTES) return { problem: SPREADSHEET_PROBLEM };
    // loaded on import only, so the portal's other pages do not carry the spreadsheet reader
    const { readSheet } = await import('read-excel-file/universal');
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const sheet = await readSheet(buffer);
    return { rows: sheet.map((row) => row.map(cellText)) };
  } catch {
    return { problem: SPREADSHEET_PROBLEM };
  }
};

/** Reads an uploaded goods file: a workbook by its ZIP signature, otherwise CSV text. */
export const readGoodsFileContent = async (bytes: Uint8Array): Promise<GoodsFileContent> =>
  startsWith(bytes, ZIP_MAGIC) ? readWorkbook(bytes) : decodeGoodsText(bytes);
