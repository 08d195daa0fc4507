// A small vocabulary for describing a form: framed boxes, rules, and named fields with their styles.
// Coordinates are measured from the top-left corner of an A4 page, in points, as one reads a form.
import type { CertificateType } from '../functions/core/applications/application.ts';
import type {
  GoodsColumn,
  TemplateFieldStyle,
  TemplateManifest,
} from '../functions/core/rendering/template-manifest.ts';

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = 28;
export const INNER = A4.width - 2 * MARGIN;
export const PAD = 4;
/** Both forms: boxes on the left (exporter, consignee, …) and on the right (title, countries, …). */
export const LEFT_WIDTH = 300;
export const RIGHT_X = MARGIN + LEFT_WIDTH;
export const RIGHT_WIDTH = INNER - LEFT_WIDTH;
/** The QR's side on every form: 35 mm, which decodes from a 200 dpi scan. */
export const QR_SIDE = 99.2;
/** Height of a one-line box caption at 6.5 pt. */
export const CAPTION_HEIGHT = 9;

export interface Box {
  x: number;
  top: number;
  width: number;
  height: number;
}

export interface Rule {
  from: [x: number, top: number];
  to: [x: number, top: number];
  width?: number;
}

export interface FieldDefinition {
  name: string;
  box: Box;
  style: TemplateFieldStyle;
}

export interface TemplateDefinition {
  type: CertificateType;
  title: string;
  frames: Box[];
  rules: Rule[];
  fields: FieldDefinition[];
  goodsColumns: GoodsColumn[];
  labels: TemplateManifest['labels'];
}

/** The preset styles: a box caption, and text that shrinks from `fontSize` to `minFontSize`. */
export const caption = (label: string, extra: Partial<TemplateFieldStyle> = {}): TemplateFieldStyle => ({
  label,
  fontSize: 6.5,
  minFontSize: 4.5,
  multiline: false,
  ...extra,
});

export const text = (
  fontSize: number,
  minFontSize: number,
  extra: Partial<TemplateFieldStyle> = {},
): TemplateFieldStyle => ({ fontSize, minFontSize, multiline: true, ...extra });

export const area = (): TemplateFieldStyle => ({ fontSize: 0, minFontSize: 0, multiline: false });

/** The part of `box` left after taking `edges` off its sides. */
export const inset = (
  box: Box,
  edges: { left?: number; top?: number; right?: number; bottom?: number },
): Box => {
  const { left = 0, top = 0, right = 0, bottom = 0 } = edges;
  return {
    x: box.x + left,
    top: box.top + top,
    width: box.width - left - right,
    height: box.height - top - bottom,
  };
};

/** Collects the parts of a form in drawing order. */
export class FormSheet {
  readonly frames: Box[] = [];
  readonly rules: Rule[] = [];
  readonly fields: FieldDefinition[] = [];

  frame(box: Box): Box {
    this.frames.push(box);
    return box;
  }

  rule(from: [number, number], to: [number, number], width = 0.4): void {
    this.rules.push({ from, to, width });
  }

  field(name: string, box: Box, style: TemplateFieldStyle): Box {
    if (this.fields.some((field) => field.name === name)) throw new Error(`field "${name}" is defined twice`);
    this.fields.push({ name, box, style });
    return box;
  }

  /** A caption field, named after its label. */
  caption(box: Box, style: TemplateFieldStyle): Box {
    return this.field(`caption-${(style.label ?? '').replaceAll('.', '-')}`, box, style);
  }

  /**
   * A framed box with its caption along the top and one data field filling the rest: the usual box of a form.
   */
  captionedBox(
    box: Box,
    label: { label: string; number?: string },
    name: string,
    style: TemplateFieldStyle,
  ): Box {
    this.frame(box);
    this.caption(
      { x: box.x + PAD, top: box.top + 3, width: box.width - 2 * PAD, height: CAPTION_HEIGHT },
      caption(label.label, label.number ? { number: label.number } : {}),
    );
    return this.field(
      name,
      inset(box, { left: PAD, right: PAD, top: CAPTION_HEIGHT + 5, bottom: PAD }),
      style,
    );
  }

  /**
   * The header's serial line, the same on every template: the "No." caption, and the serial field beside it
   * to the frame's right edge.
   */
  serialLine(frame: Box, at: { top: number; labelWidth: number; labelHeight: number }): void {
    this.caption(
      { x: frame.x + PAD, top: frame.top + at.top, width: at.labelWidth, height: at.labelHeight },
      caption('number', { multiline: true, stacked: true, fontSize: 6 }),
    );
    const serialX = PAD + at.labelWidth + 2;
    this.field(
      'serial',
      { x: frame.x + serialX, top: frame.top + at.top, width: frame.width - serialX - 4, height: 16 },
      text(12, 8, { multiline: false, bold: true }),
    );
  }

  /**
   * The goods table's column headers, the same on every template: a rule before each column but the first,
   * from the header row down to the table's bottom, and each column's caption in the header row.
   */
  columnHeaders(
    columns: readonly { key: string; width: number }[],
    at: { x: number; top: number; captionHeight: number; bottom: number },
    style: (column: { key: string }) => Partial<TemplateFieldStyle>,
  ): void {
    let columnX = at.x;
    for (const column of columns) {
      if (columnX > at.x) this.rule([columnX, at.top], [columnX, at.bottom]);
      this.caption(
        { x: columnX + 2, top: at.top + 2, width: column.width - 4, height: at.captionHeight },
        caption(`goods.${column.key}`, style(column)),
      );
      columnX += column.width;
    }
  }

  /** Adds the "page n of m" line under the form, the same on every template, and gives the definition. */
  finish(template: Omit<TemplateDefinition, 'frames' | 'rules' | 'fields'>): TemplateDefinition {
    this.field(
      'pageInfo',
      { x: MARGIN, top: A4.height - MARGIN - 11, width: INNER, height: 10 },
      text(7.5, 6, { multiline: false, align: 'right' }),
    );
    return { ...template, frames: this.frames, rules: this.rules, fields: this.fields };
  }
}
