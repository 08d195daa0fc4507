// The fontkit the renderer gives pdf-lib: each font file is parsed once per process, and text maps to glyphs
// one character at a time through the font's cmap instead of through OpenType shaping. Parsing and shaping
// DejaVu Sans cost more than the rest of a page; the scripts certificates use (Latin with diacritics,
// Cyrillic) need no shaping once text is in composed form (NFC), and pdf-lib ignores the glyph positions
// that shaping would give anyway.
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type Font = ReturnType<Fontkit['create']>;

const parsed = new WeakMap<Uint8Array, Font>();

/** What pdf-lib reads of a laid-out glyph: its id, its advance, and the character it stands for. */
interface PlacedGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

// fontkit caches one glyph object per id, with the code points of whoever asked first: a glyph first
// reached as a component of another ("Z" inside "Ž") has none, and pdf-lib would map it to no text.
// Each character therefore gets its own record, with its own code point, for the ToUnicode map.
const withoutShaping = (font: Font): Font => {
  const placed = new Map<number, PlacedGlyph>();
  const glyphFor = (codePoint: number): PlacedGlyph => {
    let glyph = placed.get(codePoint);
    if (!glyph) {
      const found = font.glyphForCodePoint(codePoint);
      glyph = { id: found.id, advanceWidth: found.advanceWidth, codePoints: [codePoint] };
      placed.set(codePoint, glyph);
    }
    return glyph;
  };
  const layout = (text: string) => ({
    glyphs: Array.from(text.normalize('NFC').replace(VARIATION_SELECTORS, ''), (char) =>
      glyphFor(char.codePointAt(0) ?? 0),
    ),
  });
  return new Proxy(font, {
    get(target, property) {
      if (property === 'layout') return layout;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
};

const VARIATION_SELECTORS = /[\uFE00-\uFE0F]/g;

export const certificateFontkit: Fontkit = {
  create: (data: Uint8Array, postscriptName?: string) => {
    let font = parsed.get(data);
    if (!font) {
      font = withoutShaping(fontkit.create(data, postscriptName));
      parsed.set(data, font);
    }
    return font;
  },
};
