// Which of an app's languages to answer in: an explicit choice (?lang=, a remembered cookie) first, then the
// reader's Accept-Language by quality (RFC 9110 §12.5.4; region subtags ignored: sq-MK is sq), then the fallback.
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

export const chooseLanguage = <Language extends string>(
  supported: readonly Language[],
  explicit: readonly (string | undefined)[],
  acceptLanguage: string | undefined,
  fallback: Language,
): Language => {
  const isSupported = (value: string | undefined): value is Language =>
    (supported as readonly string[]).includes(value ?? '');
  return explicit.find(isSupported) ?? preferredLanguages(acceptLanguage).find(isSupported) ?? fallback;
};
