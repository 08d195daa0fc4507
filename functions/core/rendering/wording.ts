// The issuer's language pair applied to a template's labels: captions and phrases in each language, in
// order, and country names as the form prints them. Missing wording is found when the template is loaded.
import type { CertificateType } from '../applications/application.ts';
import { AppError } from '../errors.ts';
import { intlLocaleOf } from './caption-languages.ts';
import type { TemplateFieldStyle, TemplateManifest } from './template-manifest.ts';

/** A value per language (e.g. the issuer's name in the local language and in English), or one for all. */
export type PhraseValue = string | number | ((language: string) => string);

export interface Wording {
  readonly languages: readonly string[];
  /** Every language on one line: "Друмски / Road". */
  inline(key: string, values?: Record<string, PhraseValue>): string;
  /** One line per language. */
  lines(key: string, values?: Record<string, PhraseValue>): string;
  /** The caption a field prints, with its box number. */
  caption(style: TemplateFieldStyle): string;
  /** "Северна Македонија / North Macedonia (MK)"; groups of countries from the `area.*` labels. */
  country(code: string): string;
}

/** The groups of countries EUR.1 boxes 2, 4 and 5 may name; their wording is in the `area.*` labels. */
export const COUNTRY_GROUPS = ['EU', 'EFTA', 'CEFTA'];

const regionNames = new Map<string, Intl.DisplayNames>();
const regionName = (language: string, code: string): string => {
  let names = regionNames.get(language);
  if (!names) {
    names = new Intl.DisplayNames([intlLocaleOf(language)], { type: 'region', fallback: 'code' });
    regionNames.set(language, names);
  }
  return names.of(code) ?? code;
};

const distinct = (texts: string[]) => texts.filter((text, index) => texts.indexOf(text) === index);

export const createWording = (labels: TemplateManifest['labels'], languages: readonly string[]): Wording => {
  const say = (language: string, key: string, values: Record<string, PhraseValue>): string => {
    const text = labels[language]?.[key];
    if (text === undefined) {
      throw new AppError('INTERNAL', `The certificate template has no "${language}" wording for "${key}".`);
    }
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) return whole;
      return typeof value === 'function' ? value(language) : String(value);
    });
  };
  const each = (key: string, values: Record<string, PhraseValue> = {}) =>
    distinct(languages.map((language) => say(language, key, values)));
  const inline = (key: string, values?: Record<string, PhraseValue>) => each(key, values).join(' / ');
  const lines = (key: string, values?: Record<string, PhraseValue>) => each(key, values).join('\n');
  return {
    languages,
    inline,
    lines,
    caption: (style) => {
      if (!style.label) return '';
      const text = style.stacked ? lines(style.label) : inline(style.label);
      return style.number ? `${style.number} ${text}` : text;
    },
    country: (code) => {
      if (COUNTRY_GROUPS.includes(code)) return `${inline(`area.${code}`)} (${code})`;
      return `${distinct(languages.map((language) => regionName(language, code))).join(' / ')} (${code})`;
    },
  };
};

/** Label keys the renderer's text functions use, per certificate type, besides the captions of the fields. */
const COMMON_PHRASES = [
  'taxId',
  'transport.road',
  'transport.rail',
  'transport.sea',
  'transport.air',
  'transport.multimodal',
  'replaces',
  'page',
  'total',
  'issuedBy',
  'verifyAt',
  'preview.notIssued',
  'preview.noCode',
  'declaredElectronically',
];

export const PHRASES: Record<CertificateType, readonly string[]> = {
  co: COMMON_PHRASES,
  eur1: [...COMMON_PHRASES, 'endorsement.electronic', ...COUNTRY_GROUPS.map((group) => `area.${group}`)],
};

/** Wording the template lacks for the issuer's languages, as "language:key"; empty when complete. */
export const missingWording = (manifest: TemplateManifest, languages: readonly string[]): string[] => {
  const keys = new Set(PHRASES[manifest.type]);
  for (const style of Object.values(manifest.fields)) {
    if (style.label) keys.add(style.label);
    if (style.earlierSheets) keys.add(style.earlierSheets);
  }
  return languages.flatMap((language) =>
    [...keys]
      .filter((key) => manifest.labels[language]?.[key] === undefined)
      .map((key) => `${language}:${key}`),
  );
};
