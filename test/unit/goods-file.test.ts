// The goods file's encodings: what spreadsheets write is read as the letters the exporter typed, and
// anything that would turn into mojibake is refused with a message that names the encoding.

import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { importGoodsRows } from '../../functions/portal/goods-csv.ts';
import {
  decodeGoodsText,
  ENCODING_PROBLEM,
  readGoodsFileContent,
  SPREADSHEET_PROBLEM,
} from '../../functions/portal/goods-file.ts';

const CSV =
  'description;packages_count\nПамучни маици; 10\nЏемпери од ѕвезда, ќеси, љубов, њива, јака, ѓубре;2\n';

/** Windows-1251 by hand (the code page's table), so the test does not trust the decoder it tests. */
const windows1251 = (text: string): Uint8Array => {
  const special: Record<string, number> = {
    Ѓ: 0x81,
    ѓ: 0x83,
    Љ: 0x8a,
    Њ: 0x8c,
    Ќ: 0x8d,
    Џ: 0x8f,
    љ: 0x9a,
    њ: 0x9c,
    ќ: 0x9d,
    џ: 0x9f,
    Ј: 0xa3,
    ј: 0xbc,
    Ѕ: 0xbd,
    ѕ: 0xbe,
    '«': 0xab,
    '»': 0xbb,
    '„': 0x84,
    '“': 0x93,
    '–': 0x96,
    '№': 0xb9,
  };
  return Uint8Array.from([...text], (char) => {
    const code = char.charCodeAt(0);
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    const byte = special[char];
    if (byte === undefined) throw new Error(`not in Windows-1251: ${char}`);
    return byte;
  });
};

/** Latin-1 (ISO 8859-1) by hand: every character below U+0100 is its own byte. */
const latin1 = (text: string): Uint8Array => Uint8Array.from([...text], (char) => char.charCodeAt(0));

const textOf = (bytes: Uint8Array) => {
  const result = decodeGoodsText(bytes);
  if (!('text' in result)) throw new Error(`refused: ${result.problem}`);
  return result.text;
};

describe('reading the goods file', () => {
  it('reads UTF-8 with and without a BOM', () => {
    const utf8 = new TextEncoder().encode(CSV);
    expect(textOf(utf8)).toBe(CSV);
    expect(textOf(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toBe(CSV);
  });

  it('reads UTF-16LE with a BOM (Excel’s “Unicode text”), UTF-16BE with a BOM, and UTF-16LE without one', () => {
    const le = Buffer.from(CSV, 'utf16le');
    expect(textOf(Uint8Array.from([0xff, 0xfe, ...le]))).toBe(CSV);
    const be = Buffer.from(le).swap16();
    expect(textOf(Uint8Array.from([0xfe, 0xff, ...be]))).toBe(CSV);
    expect(textOf(new Uint8Array(le))).toBe(CSV);
  });

  it('reads Windows-1251, what Excel writes for Cyrillic CSV on Windows, as the Cyrillic letters typed', () => {
    const text = textOf(windows1251(CSV));
    expect(text).toBe(CSV);
    expect(text).not.toContain('\uFFFD');
    expect(textOf(windows1251('description\n„Памучни“ маици – № 5, «Охрид»\n'))).toContain('„Памучни“');
  });

  it('refuses a Latin-1 German file instead of storing it as Cyrillic mojibake', () => {
    const result = decodeGoodsText(latin1('description;packages_count\nGrößere Wollmäntel für Damen;3\n'));
    expect(result).toEqual({ problem: ENCODING_PROBLEM });
    expect(ENCODING_PROBLEM).toMatch(/UTF-8, UTF-16 or Windows-1251/);
  });

  it('refuses binary data and text that already lost its letters (U+FFFD)', () => {
    expect(decodeGoodsText(Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xff]))).toEqual({
      problem: ENCODING_PROBLEM,
    });
    expect(decodeGoodsText(new TextEncoder().encode('description\n\uFFFD\uFFFD маици\n'))).toEqual({
      problem: ENCODING_PROBLEM,
    });
  });

  it('reads the first sheet of an .xlsx workbook, numbers as numbers', async () => {
    const workbook = await writeXlsxFile([
      [
        { value: 'description' },
        { value: 'packages_count' },
        { value: 'packages_kind' },
        { value: 'gross_mass_kg' },
      ],
      [{ value: 'Памучни маици' }, { value: 10 }, { value: 'кутии' }, { value: 125.5 }],
    ]).toBuffer();
    const content = await readGoodsFileContent(new Uint8Array(workbook));
    if (!('rows' in content)) throw new Error('not read as a workbook');
    expect(importGoodsRows('eur1', content.rows)).toEqual({
      lines: [
        {
          marks: '',
          description: 'Памучни маици',
          packages: { count: 10, kind: 'кутии' },
          grossMassKg: 125.5,
        },
      ],
      errors: [],
    });
  });

  it('refuses a damaged workbook with the spreadsheet problem', async () => {
    const content = await readGoodsFileContent(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]));
    expect(content).toEqual({ problem: SPREADSHEET_PROBLEM });
  });

  it('refuses a workbook that would unpack to more than 32 MB before inflating it', async () => {
    const bomb = zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(40 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await readGoodsFileContent(bomb)).toEqual({ problem: SPREADSHEET_PROBLEM });
  });
});
