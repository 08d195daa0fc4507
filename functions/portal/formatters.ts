// Dates, numbers, sizes and country names as the reader's language writes them.
import type { PortalLanguage } from './messages/index.ts';

/** Dates and numbers as the reader's locale writes them, dates in the chamber's time zone. */
export const formatters = (language: PortalLanguage, timeZone: string) => {
  const locale = { en: 'en-GB', mk: 'mk-MK', sq: 'sq-MK' }[language];
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  // a calendar date (an invoice's, a declaration's) names a day, not an instant: no time zone shifts it
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const regions = new Intl.DisplayNames([locale], { type: 'region' });
  return {
    locale,
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
    date: (iso: string) => date.format(new Date(iso)),
    /** YYYY-MM-DD as the reader writes a day; anything else as it is. */
    day: (isoDate: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(isoDate) && !Number.isNaN(Date.parse(`${isoDate}T00:00:00Z`))
        ? day.format(new Date(`${isoDate}T00:00:00Z`))
        : isoDate,
    number: (value: number) => number.format(value),
    bytes: (size: number) =>
      size < 1024 * 1024
        ? `${number.format(Math.ceil(size / 1024))} KB`
        : `${number.format(size / 1048576)} MB`,
    country: (code: string) => {
      try {
        return regions.of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
};

export type Formatters = ReturnType<typeof formatters>;
