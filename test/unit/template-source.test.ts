// Templates read from disk for the issuer's label languages (ISSUER_LABEL_LANGUAGES): both types load,
// a pair without wording stops approval before a serial is taken, a missing template is an unsupported type.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFileTemplateSource } from '../../functions/adapters/local/file-template-source.ts';
import { ConfigError, loadConfig } from '../../functions/config/config.ts';
import { isAppError } from '../../functions/core/errors.ts';
import { CAPTION_LANGUAGES, LabelLanguagePair } from '../../functions/core/rendering/caption-languages.ts';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

const errorOf = async (act: () => Promise<unknown>): Promise<unknown> => {
  try {
    await act();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
};

describe('the label languages', () => {
  it('are Macedonian and English unless configured', () => {
    expect(loadConfig({}).labelLanguages).toEqual(['mk', 'en']);
    expect(loadConfig({ ISSUER_LABEL_LANGUAGES: 'sq,en' }).labelLanguages).toEqual(['sq', 'en']);
    expect(loadConfig({ ISSUER_LABEL_LANGUAGES: 'en' }).labelLanguages).toEqual(['en']);
  });

  it('are any caption language of the region, by BCP 47 tag', () => {
    for (const language of CAPTION_LANGUAGES) {
      const other = language === 'en' ? 'de' : 'en';
      expect(loadConfig({ ISSUER_LABEL_LANGUAGES: `${language},${other}` }).labelLanguages).toEqual([
        language,
        other,
      ]);
    }
    expect(loadConfig({ ISSUER_LABEL_LANGUAGES: 'sr-Latn' }).labelLanguages).toEqual(['sr-Latn']);
    expect(LabelLanguagePair.safeParse('cnr,de').success).toBe(true);
  });

  it('stop start-up, naming the variable, when they are not one or two language codes', () => {
    for (const value of ['mk,en,sq', 'MK,EN', 'mk;en', 'macedonian', 'sr', 'sr-latn,en', 'fr,en', 'en,en']) {
      expect(() => loadConfig({ ISSUER_LABEL_LANGUAGES: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ISSUER_LABEL_LANGUAGES: value })).toThrow(/ISSUER_LABEL_LANGUAGES/);
    }
  });
});

describe('the file template source', () => {
  it('loads both certificate types with the issuer’s languages', async () => {
    const source = createFileTemplateSource(TEMPLATES, ['sq', 'en']);

    for (const type of ['co', 'eur1'] as const) {
      const template = await source.load(type);
      expect(template).toMatchObject({ type, languages: ['sq', 'en'], manifest: { type } });
      expect(Buffer.from(template.pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    }
  });

  it('gives every template the sRGB ICC profile of the PDF/A output intent, read once', async () => {
    const source = createFileTemplateSource(TEMPLATES);

    const [co, eur1] = await Promise.all([source.load('co'), source.load('eur1')]);

    const profile = Buffer.from(co.colourProfile);
    expect(profile.readUInt32BE(0)).toBe(profile.length);
    expect(profile.toString('latin1', 12, 20)).toBe('mntrRGB ');
    expect(profile.toString('latin1')).toContain('IEC 61966-2-1 Default RGB Colour Space - sRGB');
    expect(eur1.colourProfile).toBe(co.colourProfile);
  });

  it('refuses, with INTERNAL, languages the templates have no wording for', async () => {
    const source = createFileTemplateSource(TEMPLATES, ['fr', 'en']);

    const error = await errorOf(() => source.load('eur1'));

    expect(isAppError(error, 'INTERNAL')).toBe(true);
    expect((error as Error).message).toContain('fr:');
  });

  it('gives the templates the chamber’s logo.png when it lies beside them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tradecert-templates-'));
    await cp(join(TEMPLATES, 'co.pdf'), join(dir, 'co.pdf'));
    await cp(join(TEMPLATES, 'co.manifest.json'), join(dir, 'co.manifest.json'));
    try {
      expect((await createFileTemplateSource(dir).load('co')).logo).toBeUndefined();
      const logo = Buffer.from('\x89PNG fake bytes');
      await writeFile(join(dir, 'logo.png'), logo);
      expect(Buffer.from((await createFileTemplateSource(dir).load('co')).logo ?? []).equals(logo)).toBe(
        true,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses, with UNSUPPORTED_CERTIFICATE_TYPE, a type whose template is not there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tradecert-templates-'));
    await cp(join(TEMPLATES, 'co.pdf'), join(dir, 'co.pdf'));
    await cp(join(TEMPLATES, 'co.manifest.json'), join(dir, 'co.manifest.json'));
    const source = createFileTemplateSource(dir);

    try {
      expect((await source.load('co')).type).toBe('co');
      expect(isAppError(await errorOf(() => source.load('eur1')), 'UNSUPPORTED_CERTIFICATE_TYPE')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
