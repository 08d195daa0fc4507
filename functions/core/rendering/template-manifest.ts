// What a certificate template says besides its PDF: how each named AcroForm field is filled, the goods
// table's columns, and the wording of captions and phrases in every language the template speaks.
// A chamber that brings its own template supplies a PDF with the same field names and a manifest of this shape.
import type { CertificateType } from '../applications/application.ts';

export interface TemplateFieldStyle {
  /** Preferred size in points; text shrinks in half-point steps down to `minFontSize` before it is cut. */
  fontSize: number;
  minFontSize: number;
  multiline: boolean;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  /**
   * A caption: the field prints `labels[language][label]` in each of the issuer's languages instead of
   * certificate data.
   */
  label?: string;
  /** Printed once before a caption, e.g. "1." */
  number?: string;
  /** A caption with one line per language rather than all on one line joined with " / ". */
  stacked?: boolean;
  /** Captions print grey unless bold; 'ink' prints a caption black (a statement rather than a box name). */
  tone?: 'caption' | 'ink';
  /** 'last': printed on the last sheet only; earlier sheets print the `earlierSheets` label, if any. */
  sheets?: 'all' | 'last';
  earlierSheets?: string;
  /** 'continue': text that does not fit at the minimum size goes on in the same box of the next sheet. */
  overflow?: 'cut' | 'continue';
}

export interface GoodsColumn {
  key: string;
  width: number;
  align?: 'left' | 'right';
}

export interface TemplateManifest {
  type: CertificateType;
  /** Field name (of the template's AcroForm) → how it is filled. `goods`, `qr` and `logo` are areas, not text. */
  fields: Record<string, TemplateFieldStyle>;
  /** The columns of the goods table drawn in the `goods` area, left to right; widths add up to its width. */
  goodsColumns: GoodsColumn[];
  /** Language (ISO 639-1) → label key → text; `{name}` placeholders are filled by the renderer. */
  labels: Record<string, Record<string, string>>;
}

/** Areas that hold no text of their own. */
export const AREA_FIELDS = ['goods', 'qr', 'logo'] as const;
