// Which of an app's languages to answer in: an explicit choice (?lang=, a remembered cookie) first, then the
// reader's Accept-Language by quality (RFC 9110 §12.5.4; region subtags ignored: sq-MK is sq, except that Serbian's
// script and region choose among sr-Cyrl, sr-Latn and cnr), then the fallback.
// One parser for the portal and the verify page, so that the two read the same header the same way.

interface Preference {
  language: string;
  q: number;
}

/** Accept-Language's languages, best first; a malformed quality counts as 0. */
export const preferredLanguages = (acceptLanguage: string | undefined): string[] =>
  (acceptLanguage ?? '')
    .split(',')
    .map((part): Preference => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((param) => param.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { language: tag.toLowerCase().split('-')[0] ?? '', q: Number.isNaN(q) ? 0 : q };
    })
    .sort((a, b) => b.q - a.q)
    .map((preference) => preference.language);

/** Accept-Language's tags as sent (lower-cased), best first: for the script and region of Serbian. */
const preferredTags = (acceptLanguage: string | undefined): string[] =>
  (acceptLanguage ?? '')
    .split(',')
    .map((part): Preference => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((param) => param.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { language: tag.trim().toLowerCase(), q: Number.isNaN(q) ? 0 : q };
    })
    .sort((a, b) => b.q - a.q)
    .map((preference) => preference.language);

/**
 * The page languages a reader's tag may mean, best first (docs/network.md §5): Serbian by script (Cyrillic
 * unless Latin is named), Serbian in Montenegro as Montenegrin, Serbo-Croatian (sh) as Serbian Latin, then
 * Croatian or Bosnian (and Serbian, where a page has none, as its nearest neighbours), Moldavian (mo) as Romanian; otherwise the language subtag alone (sq-MK is sq).
 */
export const candidatesOf = (tag: string): string[] => {
  const [language = '', ...rest] = tag.toLowerCase().split('-');
  const script = rest.find((part) => part.length === 4);
  const region = rest.find((part) => part.length === 2 || /^\d{3}$/.test(part));
  if (language === 'sr') {
    // where a page has no Serbian (the portal), the closest languages it does speak
    const near = ['cnr', 'bs', 'hr'];
    if (region === 'me' && script !== 'cyrl') return ['cnr', 'sr-latn', 'sr-cyrl', 'sr', 'bs', 'hr'];
    return script === 'latn' ? ['sr-latn', 'sr-cyrl', 'sr', ...near] : ['sr-cyrl', 'sr-latn', 'sr', ...near];
  }
  if (language === 'cnr') return ['cnr', 'sr-latn', 'bs', 'hr'];
  if (language === 'sh') return ['sr-latn', 'hr', 'bs', 'cnr'];
  if (language === 'mo') return ['ro'];
  return [language];
};

export const chooseLanguage = <Language extends string>(
  supported: readonly Language[],
  explicit: readonly (string | undefined)[],
  acceptLanguage: string | undefined,
  fallback: Language,
): Language => {
  const byTag = new Map(supported.map((language) => [language.toLowerCase(), language]));
  const exact = (value: string | undefined) => byTag.get((value ?? '').toLowerCase());
  for (const value of explicit) {
    const language = exact(value);
    if (language) return language;
  }
  for (const tag of preferredTags(acceptLanguage)) {
    for (const candidate of candidatesOf(tag)) {
      const language = byTag.get(candidate);
      if (language) return language;
    }
  }
  return fallback;
};
