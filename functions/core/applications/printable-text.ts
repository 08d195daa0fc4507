// Text an exporter may put on a certificate: what the certificate fonts can print (font-coverage.ts, made
// from the fonts' own cmaps). The renderer composes text (NFC), drops variation selectors and breaks lines
// at LF, so those pass; a control character would vanish and a character without a glyph would print as an
// empty box while the verification page shows the real text, so both are refused when the data is saved.
import * as z from 'zod';
import { issueParams } from '../field-issues.ts';
import { FONT_COVERAGE } from '../rendering/font-coverage.ts';

const LINE_FEED = 0x0a;
const isVariationSelector = (codePoint: number) => codePoint >= 0xfe00 && codePoint <= 0xfe0f;

const covered = (codePoint: number): boolean => {
  let low = 0;
  let high = FONT_COVERAGE.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [first, last] = FONT_COVERAGE[middle] ?? [0, -1];
    if (codePoint < first) high = middle - 1;
    else if (codePoint > last) low = middle + 1;
    else return true;
  }
  return false;
};

const isControl = (codePoint: number) => codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0);

/** "U+4E2D “中”" for a character the reader can see, "U+0007" for a control character. */
const describe = (codePoint: number): string => {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return isControl(codePoint) ? hex : `${hex} “${String.fromCodePoint(codePoint)}”`;
};

/** The first character of `text` the certificate cannot print, described; undefined when all can be. */
export const firstUnprintable = (text: string): string | undefined => {
  for (const character of text.normalize('NFC')) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint === LINE_FEED || isVariationSelector(codePoint)) continue;
    if (!covered(codePoint)) return describe(codePoint);
  }
  return undefined;
};

/** The field error's English message; clients word it from the code `unprintable` and `params.character`. */
export const unprintableMessage = (description: string) =>
  `contains ${description}, which the certificate cannot print`;

/** A text schema that refuses what the certificate cannot print. */
export const printable = <T extends z.ZodType<string>>(schema: T) =>
  schema.superRefine((value, context) => {
    const found = firstUnprintable(value);
    if (found)
      context.addIssue({
        code: 'custom',
        message: unprintableMessage(found),
        params: issueParams('unprintable', { character: found }),
      });
  });

/** Text with its line breaks as LF (CRLF and CR, as browsers and Windows send them, are line breaks too). */
const text = () =>
  z
    .string()
    .overwrite((value) => value.replace(/\r\n?/g, '\n'))
    .trim();

/** A required text box of at most `max` characters, printable. */
export const requiredText = (max: number) =>
  printable(text().min(1, 'is required').max(max, `must be at most ${max} characters`));

/** An optional (or blank) text box of at most `max` characters, printable. */
export const optionalText = (max: number) => printable(text().max(max, `must be at most ${max} characters`));
