// Numbers as people of a locale write them, read back exactly, and refused when they could be read two
// ways. The locale's own group and decimal separators come from Intl (any BCP 47 tag), so a page reads
// what it writes itself: mk "1.250,5" is 1250.5 and "1.200" is 1200; en "1,200" is 1200. A quantity must
// never come out 1000 times off silently, so these are refused with the reading(s) they could have:
// - a group separator that does not sit between groups of exactly three digits ("1.20" in mk);
// - a separator the locale does not use at all ("1.5" in sq, "1.250,5" in en);
// - a decimal part of three digits ending in 0 after one to three digits ("1,200" in mk, "1.500" in en):
//   the page never writes that itself (it writes "1,2"), and where the other convention is used it means
//   1200. "1,234" in mk stays 1.234, the way the page writes that number.
// The rules and their reasons are in the README ("Numbers and dates").

export interface NumberSymbols {
  group: string;
  decimal: string;
}

export type NumberReading =
  | { ok: true; value: number }
  /** `readings`: what the text could mean (the other convention, or both), for the error to show. */
  | { ok: false; problem: 'ambiguous' | 'unreadable'; readings: number[] };

const SPACES = [' ', '\u00a0', '\u202f', '\u2009'];
const MINUS = /^[-\u2212]/;

const symbolsCache = new Map<string, NumberSymbols>();

/** The locale's group and decimal separators, as Intl.NumberFormat writes them. */
export const numberSymbols = (locale: string): NumberSymbols => {
  let symbols = symbolsCache.get(locale);
  if (!symbols) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: 'always' }).formatToParts(1234567.5);
    symbols = {
      group: parts.find((part) => part.type === 'group')?.value ?? ',',
      decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
    };
    symbolsCache.set(locale, symbols);
  }
  return symbols;
};

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where the locale groups with a space of any kind, any of them is accepted (people type a plain one). */
const groupChars = (group: string): string[] => (SPACES.includes(group) ? SPACES : [group]);

/** Reads `text` written with these separators; undefined when it is not a number written that way. */
const readWith = (text: string, group: string[], decimal: string): number | undefined => {
  const groupClass = `[${group.map(literal).join('')}]`;
  const pattern = new RegExp(`^(\\d+|\\d{1,3}(?:${groupClass}\\d{3})+)(?:${literal(decimal)}(\\d+))?$`, 'u');
  const match = pattern.exec(text);
  if (!match) return undefined;
  const integer = (match[1] ?? '').replace(new RegExp(groupClass, 'gu'), '');
  return Number(match[2] === undefined ? integer : `${integer}.${match[2]}`);
};

/** A decimal part that the page would not write and that the other convention reads as thousands. */
const looksLikeThousands = (text: string, decimal: string): boolean =>
  (decimal === '.' || decimal === ',') && new RegExp(`^[1-9]\\d{0,2}${literal(decimal)}\\d{2}0$`).test(text);

/** The two conventions people mix up: "." groups and "," is the decimal, or the other way round. */
const CONVENTIONS = [
  { group: ['.', ...SPACES], decimal: ',' },
  { group: [',', ...SPACES], decimal: '.' },
];

/** What text the locale cannot read would mean in either convention, for the error to show. */
const otherReadings = (text: string): number[] => {
  const values = CONVENTIONS.map((convention) => readWith(text, convention.group, convention.decimal)).filter(
    (value): value is number => value !== undefined,
  );
  return [...new Set(values)];
};

/** Reads a number typed on a page in `locale` (see the header for what is refused and why). */
export const parseLocaleNumber = (raw: string, locale: string): NumberReading => {
  const trimmed = raw.trim();
  const negative = MINUS.test(trimmed);
  const text = trimmed.replace(MINUS, '');
  const sign = (value: number) => (negative ? -value : value);
  const symbols = numberSymbols(locale);
  const value = readWith(text, groupChars(symbols.group), symbols.decimal);
  if (value !== undefined && looksLikeThousands(text, symbols.decimal)) {
    const thousands = Number(text.replace(symbols.decimal, ''));
    return { ok: false, problem: 'ambiguous', readings: [sign(value), sign(thousands)] };
  }
  if (value !== undefined) return { ok: true, value: sign(value) };
  return { ok: false, problem: 'unreadable', readings: otherReadings(text).map(sign) };
};

const formatCache = new Map<string, Intl.NumberFormat>();

/** A number the way the page writes it, every decimal kept (what parseLocaleNumber reads back). */
export const formatLocaleNumber = (value: number, locale: string): string => {
  let format = formatCache.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 20 });
    formatCache.set(locale, format);
  }
  return format.format(value);
};
