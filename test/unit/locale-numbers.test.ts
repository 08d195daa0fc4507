// Numbers as each language of the portal writes them: read back exactly, and refused, with how they could
// be read, when they could mean two numbers (the 1000-times error on a certificate).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatters } from '../../functions/portal/formatters.ts';
import {
  formatLocaleNumber,
  numberSymbols,
  parseLocaleNumber,
} from '../../functions/portal/locale-numbers.ts';

/** The languages the portal speaks, as their page locales write numbers (sq: Albanian, being added). */
const LOCALES = ['en', 'en-GB', 'mk', 'mk-MK', 'sq', 'sq-AL'];

const amounts = fc.oneof(
  fc.integer({ min: 0, max: 1e9 }),
  fc.integer({ min: 0, max: 1e12 }).map((thousandths) => thousandths / 1000),
);

describe('reading numbers the page writes', () => {
  it.each(LOCALES)('gives back every number %s writes (whole and up to 3 decimals, up to 10^9)', (locale) => {
    const display = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
    fc.assert(
      fc.property(amounts, (value) => {
        expect(parseLocaleNumber(formatLocaleNumber(value, locale), locale)).toEqual({ ok: true, value });
        expect(parseLocaleNumber(display.format(value), locale)).toEqual({ ok: true, value });
      }),
      { numRuns: 2000 },
    );
  });

  it.each(['en', 'mk'] as const)('gives back what the %s pages display as numbers', (language) => {
    const format = formatters(language, 'Europe/Skopje');
    fc.assert(
      fc.property(amounts, (value) => {
        expect(parseLocaleNumber(format.number(value), format.locale)).toEqual({ ok: true, value });
      }),
    );
  });

  it('takes the separators from Intl, for any locale', () => {
    expect(numberSymbols('mk')).toEqual({ group: '.', decimal: ',' });
    expect(numberSymbols('en')).toEqual({ group: ',', decimal: '.' });
    const sq = new Intl.NumberFormat('sq', { useGrouping: 'always' }).formatToParts(1234.5);
    expect(numberSymbols('sq')).toEqual({
      group: sq.find((part) => part.type === 'group')?.value,
      decimal: sq.find((part) => part.type === 'decimal')?.value,
    });
    expect(parseLocaleNumber("1'234.5", 'de-CH')).toEqual({ ok: true, value: 1234.5 });
  });
});

describe('Macedonian numbers', () => {
  it('reads "1.200" as one thousand two hundred and "1.250,5" as 1250.5', () => {
    expect(parseLocaleNumber('1.200', 'mk')).toEqual({ ok: true, value: 1200 });
    expect(parseLocaleNumber('1.250,5', 'mk')).toEqual({ ok: true, value: 1250.5 });
    expect(parseLocaleNumber('1,2', 'mk')).toEqual({ ok: true, value: 1.2 });
    expect(parseLocaleNumber('1200', 'mk')).toEqual({ ok: true, value: 1200 });
    expect(parseLocaleNumber('1,234', 'mk')).toEqual({ ok: true, value: 1.234 });
    expect(parseLocaleNumber(' 12.345.678,9 ', 'mk')).toEqual({ ok: true, value: 12345678.9 });
  });

  it('refuses a group separator between groups other than three digits, with the reading it may mean', () => {
    expect(parseLocaleNumber('1.20', 'mk')).toEqual({ ok: false, problem: 'unreadable', readings: [1.2] });
    expect(parseLocaleNumber('12.5', 'mk')).toEqual({ ok: false, problem: 'unreadable', readings: [12.5] });
    expect(parseLocaleNumber('1.2000', 'mk')).toEqual({ ok: false, problem: 'unreadable', readings: [1.2] });
  });

  it('refuses "1,200": the page writes 1.2 as "1,2", and elsewhere it means 1200', () => {
    expect(parseLocaleNumber('1,200', 'mk')).toEqual({
      ok: false,
      problem: 'ambiguous',
      readings: [1.2, 1200],
    });
    expect(parseLocaleNumber('12,500', 'mk')).toEqual({
      ok: false,
      problem: 'ambiguous',
      readings: [12.5, 12500],
    });
    expect(parseLocaleNumber('0,500', 'mk')).toEqual({ ok: true, value: 0.5 });
    expect(parseLocaleNumber('1.200,500', 'mk')).toEqual({ ok: true, value: 1200.5 });
  });
});

describe('English numbers', () => {
  it('reads "1,200" as one thousand two hundred and "1,250.5" as 1250.5', () => {
    expect(parseLocaleNumber('1,200', 'en')).toEqual({ ok: true, value: 1200 });
    expect(parseLocaleNumber('1,250.5', 'en')).toEqual({ ok: true, value: 1250.5 });
    expect(parseLocaleNumber('1.234', 'en')).toEqual({ ok: true, value: 1.234 });
  });

  it('refuses "1.200" and "1.250,5", written the European way, with how they would be read', () => {
    expect(parseLocaleNumber('1.200', 'en')).toEqual({
      ok: false,
      problem: 'ambiguous',
      readings: [1.2, 1200],
    });
    expect(parseLocaleNumber('1.250,5', 'en')).toEqual({
      ok: false,
      problem: 'unreadable',
      readings: [1250.5],
    });
    expect(parseLocaleNumber('1,2', 'en')).toEqual({ ok: false, problem: 'unreadable', readings: [1.2] });
  });

  it('refuses what is not a number at all, with no reading', () => {
    expect(parseLocaleNumber('ten', 'en')).toEqual({ ok: false, problem: 'unreadable', readings: [] });
    expect(parseLocaleNumber('1,2,3', 'en')).toEqual({ ok: false, problem: 'unreadable', readings: [] });
  });
});

describe('Albanian numbers', () => {
  it('reads a space of any kind as the group separator, and "," as the decimal', () => {
    expect(parseLocaleNumber('12 345,5', 'sq')).toEqual({ ok: true, value: 12345.5 });
    expect(parseLocaleNumber('12\u00a0345,5', 'sq')).toEqual({ ok: true, value: 12345.5 });
    expect(parseLocaleNumber('12\u202f345,5', 'sq')).toEqual({ ok: true, value: 12345.5 });
    expect(parseLocaleNumber('1250,5', 'sq')).toEqual({ ok: true, value: 1250.5 });
  });

  it('refuses "1.200", which Albanian writers use both ways, showing both readings', () => {
    expect(parseLocaleNumber('1.200', 'sq')).toEqual({
      ok: false,
      problem: 'unreadable',
      readings: [1200, 1.2],
    });
    expect(parseLocaleNumber('1,200', 'sq')).toEqual({
      ok: false,
      problem: 'ambiguous',
      readings: [1.2, 1200],
    });
  });
});
