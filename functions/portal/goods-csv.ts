// Goods lines imported from a CSV file or a workbook's first sheet. Documented columns (header row,
// any order, case-insensitive); comma, semicolon or tab separated; quoted fields as RFC 4180; a decimal
// comma is read as a point. Each row is checked with the core's goods-line schema: good rows are imported,
// the others are reported by row number and column.
import type { z } from 'zod';
import type { CertificateType } from '../core/applications/application.ts';
import { GoodsLine } from '../core/applications/certificate-of-origin.ts';
import { EurOneGoodsLine } from '../core/applications/movement-certificate-eur1.ts';
import { issueOf } from '../core/field-issues.ts';
import { readNumber } from './application-form.ts';
import type { FieldIssue } from './field-messages.ts';

interface Column {
  /** The column's name in the header row. */
  name: string;
  /** Where it goes in a goods line. */
  path: string;
  kind: 'text' | 'number' | 'integer';
  required: boolean;
}

export const GOODS_CSV_COLUMNS: Record<CertificateType, Column[]> = {
  co: [
    { name: 'marks', path: 'marks', kind: 'text', required: false },
    { name: 'packages_count', path: 'packages.count', kind: 'integer', required: true },
    { name: 'packages_kind', path: 'packages.kind', kind: 'text', required: true },
    { name: 'description', path: 'description', kind: 'text', required: true },
    { name: 'hs_code', path: 'hsCode', kind: 'text', required: true },
    { name: 'quantity', path: 'quantity.value', kind: 'number', required: true },
    { name: 'unit', path: 'quantity.unit', kind: 'text', required: true },
    { name: 'gross_mass_kg', path: 'grossMassKg', kind: 'number', required: false },
  ],
  eur1: [
    { name: 'marks', path: 'marks', kind: 'text', required: false },
    { name: 'packages_count', path: 'packages.count', kind: 'integer', required: true },
    { name: 'packages_kind', path: 'packages.kind', kind: 'text', required: true },
    { name: 'description', path: 'description', kind: 'text', required: true },
    { name: 'gross_mass_kg', path: 'grossMassKg', kind: 'number', required: false },
    { name: 'other_measure', path: 'otherMeasure.value', kind: 'number', required: false },
    { name: 'other_unit', path: 'otherMeasure.unit', kind: 'text', required: false },
  ],
};

const SCHEMAS: Record<CertificateType, z.ZodType> = { co: GoodsLine, eur1: EurOneGoodsLine };

export const MAX_CSV_ROWS = 500;

export interface CsvRowError extends FieldIssue {
  /** 1-based line of the file, the header being line 1. */
  row: number;
  column: string;
}

export interface GoodsImport {
  lines: Record<string, unknown>[];
  errors: CsvRowError[];
}

/** Splits CSV text into rows of fields (RFC 4180 quoting; CRLF or LF). */
export const parseCsv = (text: string, delimiter: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
};

const detectDelimiter = (headerLine: string): string => {
  const [best] = [';', '\t', ',']
    .map((candidate) => ({ candidate, count: headerLine.split(candidate).length - 1 }))
    .sort((a, b) => b.count - a.count);
  return best && best.count > 0 ? best.candidate : ',';
};

const setPath = (target: Record<string, unknown>, path: string, value: unknown) => {
  const [head = '', tail] = path.split('.');
  if (tail === undefined) target[head] = value;
  else target[head] = { ...((target[head] as Record<string, unknown> | undefined) ?? {}), [tail]: value };
};

/** The goods lines of a CSV file, and what is wrong with the rows that could not be read. */
export const importGoodsCsv = (type: CertificateType, content: string): GoodsImport => {
  const text = content.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return importGoodsRows(type, parseCsv(text, detectDelimiter(firstLine)));
};

/** The goods lines of a table whose first row names the columns (a CSV file or a workbook's sheet). */
export const importGoodsRows = (type: CertificateType, rows: string[][]): GoodsImport => {
  const header = (rows[0] ?? []).map((name) => name.trim().toLowerCase());
  const columns = GOODS_CSV_COLUMNS[type];
  const missing = columns.filter((column) => column.required && !header.includes(column.name));
  if (missing.length > 0) {
    return {
      lines: [],
      errors: missing.map((column) => ({ row: 1, column: column.name, code: 'column_missing' })),
    };
  }
  const lines: Record<string, unknown>[] = [];
  const errors: CsvRowError[] = [];
  const body = rows.slice(1, MAX_CSV_ROWS + 1);
  for (const [offset, cells] of body.entries()) {
    const rowNumber = offset + 2;
    if (cells.every((cell) => cell.trim() === '')) continue;
    const line: Record<string, unknown> = {};
    for (const column of columns) {
      const at = header.indexOf(column.name);
      const raw = at >= 0 ? (cells[at] ?? '').trim() : '';
      if (raw === '') {
        if (column.path === 'marks') line.marks = '';
        continue;
      }
      setPath(line, column.path, column.kind === 'text' ? raw : readNumber(raw, column.kind));
    }
    const parsed = SCHEMAS[type].safeParse(line);
    if (parsed.success) {
      lines.push(parsed.data as Record<string, unknown>);
      continue;
    }
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      const column =
        columns.find((candidate) => candidate.path === path) ??
        columns.find((candidate) => candidate.path.startsWith(`${path}.`));
      errors.push({ row: rowNumber, column: column?.name ?? path, ...issueOf(issue, line) });
    }
  }
  if (rows.length - 1 > MAX_CSV_ROWS) {
    errors.push({
      row: MAX_CSV_ROWS + 2,
      column: '',
      code: 'too_many_rows',
      params: { maximum: MAX_CSV_ROWS },
    });
  }
  return { lines, errors };
};
