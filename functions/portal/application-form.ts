// The application form as the browser posts it, and back. Field names are the data's own paths
// (`consignee.name`, `goods.2.hsCode`), so that the core schemas' issue paths name the field they concern.
// Numbers are read as the page's locale writes them (locale-numbers.ts); one that cannot be read, or could
// be read two ways, stays the text typed, for the core to refuse and numberFieldErrors to explain. Blank
// fields are left out, so a draft may be incomplete.
import type { CertificateType } from '../core/applications/application.ts';
import type { FieldError } from '../core/errors.ts';
import { fieldMessage } from './field-messages.ts';
import { formatLocaleNumber, numberSymbols, parseLocaleNumber } from './locale-numbers.ts';
import type { PortalMessages } from './messages/index.ts';

type Kind = 'text' | 'number' | 'integer';

export interface FieldSpec {
  path: string;
  kind: Kind;
}

const text = (path: string): FieldSpec => ({ path, kind: 'text' });
const number = (path: string): FieldSpec => ({ path, kind: 'number' });
const integer = (path: string): FieldSpec => ({ path, kind: 'integer' });

/** Fields of one goods line, relative to `goods.N.`. */
export const GOODS_FIELDS: Record<CertificateType, FieldSpec[]> = {
  co: [
    text('marks'),
    integer('packages.count'),
    text('packages.kind'),
    text('description'),
    text('hsCode'),
    number('quantity.value'),
    text('quantity.unit'),
    number('grossMassKg'),
  ],
  eur1: [
    text('marks'),
    integer('packages.count'),
    text('packages.kind'),
    text('description'),
    number('grossMassKg'),
    number('otherMeasure.value'),
    text('otherMeasure.unit'),
  ],
};

const INVOICE_FIELDS = [text('number'), text('date')];

/** Fields outside the repeated lists. */
export const TOP_FIELDS: Record<CertificateType, FieldSpec[]> = {
  co: [
    text('consignee.name'),
    text('consignee.address'),
    text('consignee.country'),
    text('originCountry'),
    text('destinationCountry'),
    text('transport.mode'),
    text('transport.details'),
    text('remarks'),
  ],
  eur1: [
    text('preferentialTrade.between'),
    text('preferentialTrade.and'),
    text('consignee.name'),
    text('consignee.address'),
    text('consignee.country'),
    text('originCountry'),
    text('destinationCountry'),
    text('transport.mode'),
    text('transport.details'),
    text('remarks'),
    text('declaration.place'),
    text('declaration.date'),
  ],
};

type Posted = Record<string, string | File | (string | File)[]>;

/** A textarea posts its line breaks as CRLF; the certificate breaks lines at LF only. */
const postedValue = (form: Posted, name: string): string => {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.replace(/\r\n?/g, '\n').trim() : '';
};

/** "1 234,5" and "1234.5" both read as 1234.5; anything else is kept as typed, for the schema to refuse. */
export const readNumber = (raw: string, kind: 'number' | 'integer'): number | string => {
  const compact = raw.replace(/[\s\u00a0']/g, '');
  const normalised = /^\d+,\d+$/.test(compact) ? compact.replace(',', '.') : compact;
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return raw;
  const value = Number(normalised);
  return kind === 'integer' && !Number.isInteger(value) ? raw : value;
};

const setPath = (target: Record<string, unknown>, path: string, value: unknown) => {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] ?? ''] = value;
};

export const getPath = (source: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined,
      source,
    );

/** A number typed on a page in `locale`; kept as typed when it cannot be read one way only. */
const readLocaleNumber = (raw: string, locale: string): number | string => {
  const reading = parseLocaleNumber(raw, locale);
  return reading.ok ? reading.value : raw;
};

const readFields = (
  form: Posted,
  prefix: string,
  fields: FieldSpec[],
  locale: string,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = postedValue(form, `${prefix}${field.path}`);
    if (raw === '') continue;
    setPath(out, field.path, field.kind === 'text' ? raw : readLocaleNumber(raw, locale));
  }
  return out;
};

/** The indices of a repeated list present in the form, in order (gaps left by removed lines are fine). */
const indicesOf = (form: Posted, list: string): number[] => {
  const pattern = new RegExp(`^${list}\\.(\\d+)\\.`);
  const found = new Set<number>();
  for (const name of Object.keys(form)) {
    const match = pattern.exec(name);
    if (match) found.add(Number(match[1]));
  }
  return [...found].sort((a, b) => a - b);
};

const readLines = (form: Posted, list: string, fields: FieldSpec[], locale: string, skip?: number) =>
  indicesOf(form, list)
    .filter((index) => index !== skip)
    .map((index) => readFields(form, `${list}.${index}.`, fields, locale));

const filled = (line: Record<string, unknown>) => Object.keys(line).length > 0;

/**
 * The application data a posted form describes; `removeLine` drops one goods line (the no-script "remove").
 * Blank goods lines are left out, except the first when every line is blank: the draft keeps the line the
 * form shows, so that submitting flags each of its fields instead of only "needs a goods line".
 */
export const readApplicationForm = (
  type: CertificateType,
  form: Posted,
  options: { removeLine?: number; locale?: string } = {},
): Record<string, unknown> => {
  const locale = options.locale ?? 'en';
  const data = readFields(form, '', TOP_FIELDS[type], locale);
  const lines = readLines(form, 'goods', GOODS_FIELDS[type], locale, options.removeLine);
  const kept = lines.some(filled) ? lines.filter(filled) : lines.slice(0, 1);
  // marks may be blank on a line, but the schema wants the box present
  const goods = kept.map((line) => ({ marks: '', ...line }));
  if (goods.length > 0) data.goods = goods;
  const invoices = readLines(form, 'invoices', INVOICE_FIELDS, locale).filter(filled);
  if (invoices.length > 0) data.invoices = invoices;
  return data;
};

/** The words numberFieldErrors says a number's problem with (the portal's messages give them). */
export interface NumberWords {
  ambiguous: (input: { text: string; readings: string[]; plain: string[] }) => string;
  unreadable: (input: { text: string; readings: string[]; group: string; decimal: string }) => string;
  notNumber: string;
}

/**
 * Every number field of the data that still holds text (it could not be read one way only), with a
 * message that shows how it would be read: these replace the core's "expected number".
 */
export const numberFieldErrors = (
  type: CertificateType,
  data: Record<string, unknown>,
  locale: string,
  words: NumberWords,
): Map<string, string> => {
  const errors = new Map<string, string>();
  const goods = Array.isArray(data.goods) ? (data.goods as unknown[]) : [];
  const numberFields = GOODS_FIELDS[type].filter((field) => field.kind !== 'text');
  const show = (value: number) => formatLocaleNumber(value, locale);
  goods.forEach((line, index) => {
    for (const field of numberFields) {
      const text = getPath(line, field.path);
      if (typeof text !== 'string') continue;
      const reading = parseLocaleNumber(text, locale);
      if (reading.ok) continue;
      const readings = reading.readings.map(show);
      const symbols = numberSymbols(locale);
      const message =
        reading.problem === 'ambiguous'
          ? words.ambiguous({
              text,
              readings,
              plain: reading.readings.map((value) => plainNumber(value, locale)),
            })
          : readings.length > 0
            ? words.unreadable({ text, readings, group: symbols.group, decimal: symbols.decimal })
            : words.notNumber;
      errors.set(`goods.${index}.${field.path}`, message);
    }
  });
  return errors;
};

/** A number without groups, with the locale's decimal separator: the one writing nobody misreads. */
const plainNumber = (value: number, locale: string): string =>
  String(value).replace('.', numberSymbols(locale).decimal);

/** What a field shows: numbers the way the page writes them (and reads them back), text as it is. */
export const fieldText = (value: unknown, locale: string): string =>
  typeof value === 'number'
    ? formatLocaleNumber(value, locale)
    : value === undefined || value === null
      ? ''
      : String(value);

/**
 * The core's field errors by the form's field names, in the reader's words: the core reports
 * `data.goods.1.hsCode`; the form's field is `goods.1.hsCode`.
 */
export const formErrors = (
  errors: readonly FieldError[] | undefined,
  m: PortalMessages,
): Map<string, string> => {
  const byField = new Map<string, string>();
  for (const error of errors ?? []) {
    const path = error.path.replace(/^data\.?/, '') || '(form)';
    if (!byField.has(path)) byField.set(path, fieldMessage(error, m, path));
  }
  return byField;
};

/** Lists shown with their own error line (e.g. "needs at least one goods line"). */
const GROUPS = ['goods', 'invoices', 'attachments'];

/** Field names a form renders, for sending an error on a group (e.g. `transport`) to its first field. */
export const attachErrorsToFields = (
  errors: Map<string, string>,
  fieldNames: readonly string[],
): Map<string, string> => {
  const placed = new Map<string, string>();
  for (const [path, message] of errors) {
    const target =
      fieldNames.includes(path) || GROUPS.includes(path)
        ? path
        : (fieldNames.find((name) => name.startsWith(`${path}.`)) ?? path);
    if (!placed.has(target)) placed.set(target, message);
  }
  return placed;
};

/** The field names a form for this data renders (top fields, every goods line, every invoice row). */
export const fieldNamesFor = (type: CertificateType, goodsLines: number, invoiceRows: number): string[] => [
  ...TOP_FIELDS[type].map((field) => field.path),
  ...Array.from({ length: goodsLines }, (_, index) =>
    GOODS_FIELDS[type].map((field) => `goods.${index}.${field.path}`),
  ).flat(),
  ...Array.from({ length: invoiceRows }, (_, index) =>
    INVOICE_FIELDS.map((field) => `invoices.${index}.${field.path}`),
  ).flat(),
];

/** The id of a field's input element: `goods.1.hsCode` → `f-goods-1-hsCode`. */
export const fieldId = (path: string): string => `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
