// The certificate font without its TrueType hinting: the same outlines and advances, about half the bytes.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { FONT_FILES, readCertificateFonts } from '../../templates/fonts.ts';
import { stripHinting } from '../../templates/strip-hinting.ts';

const require = createRequire(import.meta.url);
/** The table tags of a TrueType file, from its directory. */
const tablesOf = (ttf: Uint8Array): string[] => {
  const view = new DataView(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  return Array.from({ length: view.getUint16(4) }, (_, index) =>
    Buffer.from(ttf.subarray(12 + index * 16, 16 + index * 16)).toString('latin1'),
  );
};

const SAMPLE = 'Ђорђе Šćepan Žužić — Çeliku i Shqipërisë, Tetovë; Македонски Текстил ДООЕЛ 0123456789 ×→…';

describe.each(Object.entries(FONT_FILES))('DejaVu Sans %s without hinting', (_, file) => {
  it('keeps every glyph outline and advance, and drops the instructions and hinting tables', async () => {
    const original = await readFile(require.resolve(file));
    const stripped = stripHinting(original);
    const before = fontkit.create(original);
    const after = fontkit.create(stripped);

    expect(after.numGlyphs).toBe(before.numGlyphs);
    for (const codePoint of Array.from(SAMPLE, (char) => char.codePointAt(0) ?? 0)) {
      const a = before.glyphForCodePoint(codePoint);
      const b = after.glyphForCodePoint(codePoint);
      expect(b.id).toBe(a.id);
      expect(b.advanceWidth).toBe(a.advanceWidth);
      expect(b.path.toSVG()).toBe(a.path.toSVG());
    }
    expect(tablesOf(original)).toEqual(expect.arrayContaining(['fpgm', 'prep', 'cvt ']));
    expect(tablesOf(stripped).filter((tag) => ['fpgm', 'prep', 'cvt '].includes(tag))).toEqual([]);
    expect(stripped.length).toBeLessThan(original.length);
  });

  it('is what the renderer reads, the same bytes every time', async () => {
    const [first, second] = await Promise.all([readCertificateFonts(), readCertificateFonts()]);

    expect(Buffer.from(first.regular).equals(Buffer.from(second.regular))).toBe(true);
    expect(Buffer.from(first.bold).equals(Buffer.from(second.bold))).toBe(true);
  });
});
