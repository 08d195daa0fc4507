// One Accept-Language reading for the portal and the verify page (functions/http/languages.ts). The two had
// drifted: the portal's copy missed a language whose tag carried another parameter before q, and sorted a
// malformed quality unpredictably.
import { describe, expect, it } from 'vitest';
import { chooseLanguage, preferredLanguages } from '../../functions/http/languages.ts';
import { choosePortalLanguage } from '../../functions/portal/messages/index.ts';
import { chooseLanguage as chooseVerifyLanguage } from '../../functions/verify/messages.ts';

const HEADERS = [
  'sq-MK,sq;q=0.9,mk;q=0.8',
  // languages both speak: the verify page also speaks German and the other languages of the region
  'fr-FR,mk;q=0.8,en;q=0.5',
  'mk;level=1;q=0.8, en;q=0.5',
  'sq;q=abc, mk;q=0.5',
  'fr, it;q=0.9',
  '',
  undefined,
];

describe('language negotiation', () => {
  it('orders Accept-Language by quality, ignoring regions and other parameters', () => {
    expect(preferredLanguages('de-DE,sq;q=0.7,en;q=0.5')).toEqual(['de', 'sq', 'en']);
    expect(preferredLanguages('mk;level=1;q=0.8, en;q=0.9')).toEqual(['en', 'mk']);
  });

  it('prefers an explicit choice, then the header, then the fallback', () => {
    const supported = ['en', 'mk', 'sq'] as const;
    expect(chooseLanguage(supported, ['xx', 'mk'], 'sq', 'en')).toBe('mk');
    expect(chooseLanguage(supported, [undefined], 'de, sq;q=0.1', 'en')).toBe('sq');
    expect(chooseLanguage(supported, [], 'de', 'en')).toBe('en');
  });

  it('maps the region’s tags to the BCP 47 languages of the pages', () => {
    const all = [
      'en',
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
      'de',
    ] as const;
    const cases: [string, string][] = [
      ['sr', 'sr-Cyrl'],
      ['sr-RS', 'sr-Cyrl'],
      ['sr-Cyrl-RS', 'sr-Cyrl'],
      ['sr-Latn-RS', 'sr-Latn'],
      ['sh', 'sr-Latn'],
      ['hr-HR', 'hr'],
      ['bs-BA', 'bs'],
      ['cnr', 'cnr'],
      ['sr-ME', 'cnr'],
      ['sr-Latn-ME', 'cnr'],
      ['el-GR', 'el'],
      ['tr-TR', 'tr'],
      ['de-DE', 'de'],
      ['de-AT', 'de'],
      ['ro-RO', 'ro'],
      ['ro-MD', 'ro'],
      ['mo', 'ro'],
      ['bg-BG', 'bg'],
      ['sl-SI', 'sl'],
      ['fr-FR, sr-Latn;q=0.5', 'sr-Latn'],
    ];
    for (const [header, language] of cases)
      expect(chooseLanguage(all, [], header, 'en'), header).toBe(language);
    expect(chooseLanguage(all, ['SR-LATN'], 'de', 'en')).toBe('sr-Latn');
    // a page without Serbian (the portal speaks en, mk, sq) answers a Serbian reader in the nearest language it has
    expect(chooseLanguage(['en', 'hr', 'bs', 'cnr'], [], 'sr-RS, en;q=0.5', 'en')).toBe('cnr');
    expect(chooseLanguage(['en', 'mk', 'sq'], [], 'sr-RS, mk;q=0.5', 'en')).toBe('mk');
    expect(choosePortalLanguage(undefined, undefined, 'sr-RS, mk;q=0.5')).toBe('mk');
  });

  it('answers every reader of the region on the verify page in their own language, Serbian by script', () => {
    const cases: [string, string][] = [
      ['sr', 'sr-Cyrl'],
      ['sr-RS', 'sr-Cyrl'],
      ['sr-Cyrl-RS', 'sr-Cyrl'],
      ['sr-Latn-RS', 'sr-Latn'],
      ['sr-Latn', 'sr-Latn'],
      ['sh', 'sr-Latn'],
      ['sr-ME', 'cnr'],
      ['sr-Cyrl-ME', 'sr-Cyrl'],
      ['sr-RS, hr;q=0.9', 'sr-Cyrl'],
      ['hr-HR, sr;q=0.9', 'hr'],
      ['bs-BA', 'bs'],
      ['bg-BG', 'bg'],
      ['el-GR', 'el'],
      ['el-CY', 'el'],
      ['ro-RO', 'ro'],
      ['mo', 'ro'],
      ['sl-SI', 'sl'],
      ['tr-TR', 'tr'],
      ['fr-FR, tr;q=0.5, en;q=0.4', 'tr'],
    ];
    for (const [header, language] of cases)
      expect(chooseVerifyLanguage(undefined, header), header).toBe(language);
    expect(chooseVerifyLanguage('sr-latn', 'sr-RS')).toBe('sr-Latn');
    expect(chooseVerifyLanguage('SR-CYRL', 'de')).toBe('sr-Cyrl');
  });

  it('reads every header the same way in the portal and on the verify page', () => {
    for (const header of HEADERS) {
      expect(choosePortalLanguage(undefined, undefined, header), String(header)).toBe(
        chooseVerifyLanguage(undefined, header),
      );
    }
    expect(choosePortalLanguage(undefined, undefined, 'mk;level=1;q=0.8, en;q=0.5')).toBe('mk');
    expect(choosePortalLanguage(undefined, undefined, 'sq;q=abc, mk;q=0.5')).toBe('mk');
    expect(choosePortalLanguage(undefined, undefined, 'de-DE,mk;q=0.8')).toBe('mk');
    expect(chooseVerifyLanguage(undefined, 'de-DE,mk;q=0.8')).toBe('de');
  });
});
