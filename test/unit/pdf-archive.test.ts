// The PDF/A parts the renderer uses, on their own: associated files (more than one, as a verifiable credential
// would be added beside the certificate's data) and subset tags that follow the glyphs. The whole rendered file
// is checked rule by rule in test/e2e/pdfa.test.ts.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { certificateFontkit } from '../../functions/core/rendering/certificate-fontkit.ts';
import { attachAssociatedFile, tagFontSubsets } from '../../functions/core/rendering/pdf-archive.ts';
import { readCertificateFonts } from '../../templates/fonts.ts';

const text = (value: unknown): string =>
  value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : String(value);

const file = (name: string, description: string) => ({
  name,
  bytes: new TextEncoder().encode(`{"name":"${name}"}`),
  mimeType: 'application/json',
  description,
  modified: new Date('2026-11-23T09:30:00Z'),
  relationship: 'Data' as const,
});

describe('associated files', () => {
  it('keep the EmbeddedFiles name tree in key order and list every file in the catalog’s /AF', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });

    const second = attachAssociatedFile(doc, file('credential-MK-CO-2026-000001.jwt', 'The credential'));
    const first = attachAssociatedFile(doc, file('certificate-MK-CO-2026-000001.json', 'Data (ü) \\ back'));

    const names = doc.catalog
      .lookup(PDFName.of('Names'), PDFDict)
      .lookup(PDFName.of('EmbeddedFiles'), PDFDict)
      .lookup(PDFName.of('Names'), PDFArray)
      .asArray();
    expect(names.map((item, index) => (index % 2 === 0 ? text(item) : item))).toEqual([
      'certificate-MK-CO-2026-000001.json',
      first,
      'credential-MK-CO-2026-000001.jwt',
      second,
    ]);
    expect(doc.catalog.lookup(PDFName.of('AF'), PDFArray).asArray()).toEqual([second, first]);
    const reloaded = await PDFDocument.load(await doc.save(), { updateMetadata: false });
    const spec = reloaded.context.lookup(first, PDFDict);
    expect(text(spec.get(PDFName.of('Desc')))).toBe('Data (ü) \\ back');
    expect(text(spec.get(PDFName.of('F')))).toBe('certificate-MK-CO-2026-000001.json');
  });
});

describe('subset tags', () => {
  const tagsOf = async (words: string[]): Promise<string[]> => {
    const fonts = await readCertificateFonts();
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(certificateFontkit);
    const embedded = await Promise.all(
      words.map(() => doc.embedFont(fonts.regular, { subset: true, customName: 'DejaVuSans' })),
    );
    for (const [index, word] of words.entries()) embedded[index]?.encodeText(word);
    await doc.flush();
    tagFontSubsets(doc, embedded);
    return embedded.map((font) => String(doc.context.lookup(font.ref, PDFDict).get(PDFName.of('BaseFont'))));
  };

  it('are six capital letters and a plus, the same for the same glyphs and another for others', async () => {
    const [same, again, other] = await tagsOf(['Skopje', 'Skopje', 'Скопје']);

    expect(same).toMatch(/^\/[A-Z]{6}\+DejaVuSans$/);
    expect(again).toBe(same);
    expect(other).toMatch(/^\/[A-Z]{6}\+DejaVuSans$/);
    expect(other).not.toBe(same);
  });
});
