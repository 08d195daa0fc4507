// The portal's catalogues: every language has every key, no translation is an English string left behind
// (except the few words that are the same in that language), Albanian is chosen from Accept-Language or
// ?lang=, and the goods file's encoding problem reads in the reader's language.
import { describe, expect, it } from 'vitest';
import { ISSUE_CODES } from '../../functions/core/errors.ts';
import { fieldMessage, PORTAL_ISSUE_CODES } from '../../functions/portal/field-messages.ts';
import { formatters } from '../../functions/portal/formatters.ts';
import {
  ENCODING_PROBLEM,
  GOODS_FILE_ISSUES,
  SPREADSHEET_PROBLEM,
} from '../../functions/portal/goods-file.ts';
import {
  choosePortalLanguage,
  PORTAL_LANGUAGES,
  PORTAL_MESSAGES,
} from '../../functions/portal/messages/index.ts';

/** Every string of a catalogue by its dotted key. */
const flatten = (value: unknown, prefix = ''): Map<string, string> => {
  const entries = new Map<string, string>();
  if (typeof value === 'string') entries.set(prefix, value);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      for (const [path, text] of flatten(child, prefix ? `${prefix}.${key}` : key)) entries.set(path, text);
    }
  }
  return entries;
};

/** SI symbols are written the same in every language. */
const UNIT_SYMBOLS = ['units.kg', 'units.m3', 'units.m2', 'units.m'];

/** Words that are rightly the same as the English: names, loanwords, codes. */
const SAME_AS_ENGLISH: Record<string, string[]> = {
  mk: ['appName', 'typesShort.eur1', ...UNIT_SYMBOLS],
  sq: [
    'appName',
    'typesShort.eur1',
    ...UNIT_SYMBOLS,
    'login.email',
    'admin.email',
    'roles.admin',
    'form.modes.multimodal',
  ],
};

const english = flatten(PORTAL_MESSAGES.en);

describe('the portal’s catalogues', () => {
  it('offers English, Macedonian and Albanian', () => {
    expect(PORTAL_LANGUAGES).toEqual(['en', 'mk', 'sq']);
  });

  it.each(['mk', 'sq'] as const)(
    'has every English key in %s, and no other, each a non-empty string',
    (language) => {
      const catalogue = flatten(PORTAL_MESSAGES[language]);
      expect([...catalogue.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of catalogue) expect(text.trim(), key).not.toBe('');
    },
  );

  it.each(['mk', 'sq'] as const)('translates every string into %s except the allowed few', (language) => {
    const catalogue = flatten(PORTAL_MESSAGES[language]);
    const untranslated = [...catalogue]
      .filter(([key, text]) => english.get(key) === text)
      .map(([key]) => key);
    expect(untranslated.sort()).toEqual([...(SAME_AS_ENGLISH[language] ?? [])].sort());
  });

  it('keeps the box numbers of the English labels in every language', () => {
    for (const language of ['mk', 'sq'] as const) {
      const catalogue = flatten(PORTAL_MESSAGES[language]);
      for (const [key, text] of english) {
        const numbers = text.match(/^\d+\.|\d+\. /g);
        if (key.startsWith('form.box') && numbers) {
          for (const number of numbers)
            expect(catalogue.get(key), `${language} ${key}`).toContain(number.trim());
        }
      }
    }
  });

  it('chooses Albanian from Accept-Language and from ?lang=sq, and writes dates and regions in Albanian', () => {
    expect(choosePortalLanguage(undefined, undefined, 'sq-MK,sq;q=0.9,mk;q=0.8')).toBe('sq');
    expect(choosePortalLanguage(undefined, undefined, 'de-DE,sq;q=0.7,en;q=0.5')).toBe('sq');
    expect(choosePortalLanguage('sq', 'mk', 'en')).toBe('sq');
    const format = formatters('sq', 'Europe/Skopje');
    expect(format.country('MK')).toBe('Maqedonia e Veriut');
    expect(format.number(1234.5)).toMatch(/^1\D?234,5$/);
  });

  it('names the goods file’s encoding problem in each language', () => {
    const encoding = { code: GOODS_FILE_ISSUES[ENCODING_PROBLEM] ?? ('invalid' as const) };
    expect(fieldMessage(encoding, PORTAL_MESSAGES.en)).toMatch(/UTF-8, UTF-16 or Windows-1251/);
    expect(fieldMessage(encoding, PORTAL_MESSAGES.mk)).toMatch(/UTF-8, UTF-16 или Windows-1251/);
    expect(fieldMessage(encoding, PORTAL_MESSAGES.sq)).toMatch(/UTF-8, UTF-16 ose Windows-1251/);
    const spreadsheet = { code: GOODS_FILE_ISSUES[SPREADSHEET_PROBLEM] ?? ('invalid' as const) };
    expect(fieldMessage(spreadsheet, PORTAL_MESSAGES.sq)).toMatch(/^Fleta nuk mund/);
  });

  it.each(PORTAL_LANGUAGES)('words every issue code the core and the portal report in %s', (language) => {
    const issues = PORTAL_MESSAGES[language].fieldIssues as Record<string, string>;
    for (const code of [...ISSUE_CODES, ...PORTAL_ISSUE_CODES]) {
      expect(issues[code]?.trim(), code).toBeTruthy();
    }
  });

  it('keeps the params of each issue’s English wording in every language', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const language of ['mk', 'sq'] as const) {
      for (const [code, text] of Object.entries(PORTAL_MESSAGES.en.fieldIssues)) {
        const translated = (PORTAL_MESSAGES[language].fieldIssues as Record<string, string>)[code] ?? '';
        expect(placeholders(translated), `${language} ${code}`).toEqual(placeholders(text));
      }
    }
  });
});
