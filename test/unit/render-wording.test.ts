// The issuer's language pair applied to a template's wording: captions, phrases and country names.
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../functions/core/errors.ts';
import { createWording } from '../../functions/core/rendering/wording.ts';

const LABELS = {
  mk: {
    exporter: 'Извозник',
    page: 'Страна {page} од {pages}',
    issuedBy: 'Издадено од {issuer}.',
    'area.EU': 'Европска унија',
    same: 'EUR.1',
  },
  en: {
    exporter: 'Exporter',
    page: 'Page {page} of {pages}',
    issuedBy: 'Issued by {issuer}.',
    'area.EU': 'European Union',
    same: 'EUR.1',
  },
  sq: {
    exporter: 'Eksportuesi',
    page: 'Faqja {page} nga {pages}',
    issuedBy: 'Lëshuar nga {issuer}.',
    'area.EU': 'Bashkimi Evropian',
    same: 'EUR.1',
  },
};

describe('wording in the issuer’s languages', () => {
  it('puts every language on one line, local first, or one line each', () => {
    const wording = createWording(LABELS, ['mk', 'en']);

    expect(wording.inline('exporter')).toBe('Извозник / Exporter');
    expect(wording.lines('exporter')).toBe('Извозник\nExporter');
  });

  it('follows the configured pair and its order', () => {
    expect(createWording(LABELS, ['sq', 'en']).inline('exporter')).toBe('Eksportuesi / Exporter');
    expect(createWording(LABELS, ['en', 'mk']).inline('exporter')).toBe('Exporter / Извозник');
    expect(createWording(LABELS, ['en']).inline('exporter')).toBe('Exporter');
  });

  it('fills placeholders, with a value per language where one is given', () => {
    const wording = createWording(LABELS, ['mk', 'en']);
    const issuer = (language: string) => (language === 'en' ? 'Demo Chamber' : 'Демо комора');

    expect(wording.inline('page', { page: 2, pages: 5 })).toBe('Страна 2 од 5 / Page 2 of 5');
    expect(wording.lines('issuedBy', { issuer })).toBe('Издадено од Демо комора.\nIssued by Demo Chamber.');
  });

  it('prints a text that is the same in both languages once', () => {
    expect(createWording(LABELS, ['mk', 'en']).inline('same')).toBe('EUR.1');
  });

  it('numbers captions and stacks them when asked', () => {
    const wording = createWording(LABELS, ['mk', 'en']);
    const style = { fontSize: 6.5, minFontSize: 5, multiline: true, label: 'exporter', number: '1.' };

    expect(wording.caption(style)).toBe('1. Извозник / Exporter');
    expect(wording.caption({ ...style, stacked: true })).toBe('1. Извозник\nExporter');
  });

  it('names countries in each language with their code, and groups of countries from the labels', () => {
    const wording = createWording(LABELS, ['mk', 'en']);

    expect(wording.country('MK')).toBe('Северна Македонија / North Macedonia (MK)');
    expect(wording.country('EU')).toBe('Европска унија / European Union (EU)');
    expect(createWording(LABELS, ['sq', 'en']).country('DE')).toBe('Gjermani / Germany (DE)');
  });

  it('refuses, with INTERNAL, wording the template does not have', () => {
    const wording = createWording(LABELS, ['de', 'en']);

    let error: unknown;
    try {
      wording.inline('exporter');
    } catch (caught) {
      error = caught;
    }

    expect(isAppError(error, 'INTERNAL')).toBe(true);
  });
});
