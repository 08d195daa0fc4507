// The languages certificate captions exist in (docs/network.md §5, docs/captions.md): BCP 47 tags, so that
// Serbian says which script it is written in and Montenegrin has its own code. A chamber picks its
// label-language pair (local language first) from these; templates/wording.ts holds a complete set for each.
import * as z from 'zod';

export const CAPTION_LANGUAGES = [
  'mk',
  'sq',
  'sr-Cyrl',
  'sr-Latn',
  'hr',
  'bs',
  'cnr',
  'bg',
  'el',
  'ro',
  'sl',
  'tr',
  'en',
  'de',
] as const;
export type CaptionLanguage = (typeof CAPTION_LANGUAGES)[number];

export const isCaptionLanguage = (value: string): value is CaptionLanguage =>
  (CAPTION_LANGUAGES as readonly string[]).includes(value);

/**
 * The locale Intl formats a caption language's country names with: Montenegrin has no CLDR data of its
 * own, and Serbian Latin in Montenegro is the nearest.
 */
export const intlLocaleOf = (language: string): string => (language === 'cnr' ? 'sr-Latn-ME' : language);

/**
 * A chamber's label languages as configured, "mk,en" or "sr-Latn": one or two distinct caption languages,
 * local first. Parses to the list of languages.
 */
export const LabelLanguagePair = z
  .string()
  .transform((list) => list.split(','))
  .refine(
    (list) =>
      list.length >= 1 &&
      list.length <= 2 &&
      list.every(isCaptionLanguage) &&
      new Set(list).size === list.length,
    `must be one or two distinct caption languages, local first, such as mk,en; one of ${CAPTION_LANGUAGES.join(', ')}`,
  )
  .transform((list) => list as CaptionLanguage[]);
