// The Unicode font of every certificate: DejaVu Sans (Latin with diacritics, Cyrillic, Greek), from an npm
// package, with its TrueType hinting removed (see strip-hinting.ts) so that each embedded subset is small.
// Noto Sans was tried first: pdf-lib's fontkit subsetting drops most of its glyphs.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { stripHinting } from './strip-hinting.ts';

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
} as const;

export const readCertificateFonts = async (): Promise<{ regular: Uint8Array; bold: Uint8Array }> => {
  const [regular, bold] = await Promise.all([
    readFile(require.resolve(FONT_FILES.regular)),
    readFile(require.resolve(FONT_FILES.bold)),
  ]);
  return { regular: stripHinting(regular), bold: stripHinting(bold) };
};
