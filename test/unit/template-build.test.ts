// The certificate templates: built reproducibly from their source definition, the committed files are what
// that definition builds, and each manifest, PDF and wording agree with one another.
import { readFile } from 'node:fs/promises';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFTextField,
} from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { CAPTION_LANGUAGES } from '../../functions/core/rendering/caption-languages.ts';
import { missingWording } from '../../functions/core/rendering/wording.ts';
import { buildTemplatePdf, manifestOf } from '../../templates/build-templates.ts';
import { certificateOfOrigin } from '../../templates/certificate-of-origin.layout.ts';
import { movementCertificate } from '../../templates/movement-certificate.layout.ts';
import { LANGUAGES } from '../../templates/wording.ts';

const TEMPLATES = new URL('../../templates/', import.meta.url);

describe.each([
  ['co', certificateOfOrigin],
  ['eur1', movementCertificate],
] as const)('the %s template', (type, definition) => {
  it('builds to the same bytes every time, and the committed files are those bytes', async () => {
    const first = await buildTemplatePdf(definition());
    const second = await buildTemplatePdf(definition());
    const committed = await readFile(new URL(`${type}.pdf`, TEMPLATES));
    const committedManifest = JSON.parse(await readFile(new URL(`${type}.manifest.json`, TEMPLATES), 'utf8'));

    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(committed).equals(Buffer.from(first))).toBe(true);
    expect(committedManifest).toEqual(JSON.parse(JSON.stringify(manifestOf(definition()))));
  });

  it('has one named text field for every field of its manifest, and no other', async () => {
    const doc = await PDFDocument.load(await buildTemplatePdf(definition()));
    const fields = doc.getForm().getFields();

    expect(fields.every((field) => field instanceof PDFTextField)).toBe(true);
    expect(fields.map((field) => field.getName()).sort()).toEqual(
      Object.keys(manifestOf(definition()).fields).sort(),
    );
  });

  it('keeps every field on the A4 page and the goods columns exactly as wide as the goods area', async () => {
    const doc = await PDFDocument.load(await buildTemplatePdf(definition()));
    const { width, height } = doc.getPage(0).getSize();
    const manifest = manifestOf(definition());

    for (const field of doc.getForm().getFields()) {
      const rect = field.acroField.getWidgets()[0]?.getRectangle();
      expect(rect, field.getName()).toBeDefined();
      if (!rect) continue;
      expect(rect.x).toBeGreaterThanOrEqual(0);
      expect(rect.y).toBeGreaterThanOrEqual(0);
      expect(rect.x + rect.width).toBeLessThanOrEqual(width);
      expect(rect.y + rect.height).toBeLessThanOrEqual(height);
    }
    const goods = doc.getForm().getField('goods').acroField.getWidgets()[0]?.getRectangle();
    const columns = manifest.goodsColumns.reduce((sum, column) => sum + column.width, 0);
    expect(columns).toBeCloseTo(goods?.width ?? 0, 6);
  });

  it('has wording for every caption and phrase in every language it offers', () => {
    const manifest = manifestOf(definition());

    expect(Object.keys(manifest.labels).sort()).toEqual([...LANGUAGES].sort());
    expect(missingWording(manifest, LANGUAGES)).toEqual([]);
  });

  it('offers every caption language of the core, each with exactly the English keys and no empty text', () => {
    const { labels } = manifestOf(definition());
    const english = Object.keys(labels.en ?? {}).sort();

    expect([...LANGUAGES]).toEqual([...CAPTION_LANGUAGES]);
    for (const language of CAPTION_LANGUAGES) {
      expect(Object.keys(labels[language] ?? {}).sort(), language).toEqual(english);
      const empty = Object.entries(labels[language] ?? {}).filter(([, text]) => text.trim() === '');
      expect(empty, language).toEqual([]);
    }
  });

  it('carries no text and no font of its own: captions print in the issuer’s languages at rendering', async () => {
    const doc = await PDFDocument.load(await buildTemplatePdf(definition()));
    const fonts = doc.getPage(0).node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    const content = doc.getPage(0).node.Contents();
    const stream = content instanceof PDFArray ? doc.context.lookup(content.get(0)) : content;
    const drawing =
      stream instanceof PDFRawStream
        ? Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')
        : '';

    expect(fonts?.keys() ?? []).toEqual([]);
    expect(drawing).toMatch(/ re\b|\bl\b/);
    expect(drawing).not.toMatch(/\bBT\b/);
  });

  it('prints its numbered boxes with their numbers', () => {
    const numbers = Object.values(manifestOf(definition()).fields)
      .map((style) => style.number)
      .filter((number): number is string => number !== undefined)
      .map((number) => Number.parseInt(number, 10))
      .sort((a, b) => a - b);

    expect(numbers).toEqual(Array.from({ length: type === 'co' ? 8 : 12 }, (_, index) => index + 1));
  });
});
