// The core's validation messages in the reader's language.
import type { PortalMessages } from './messages/index.ts';

/** The core's message for text the certificate cannot print (printable-text.ts), with the character. */
const UNPRINTABLE = /^contains (U\+[0-9A-F]{4,6}(?: “.*”)?), which the certificate cannot print$/su;

/** The core's validation messages are English; known ones are shown in the reader's language. */
export const translateFieldMessage = (message: string, m: PortalMessages): string => {
  const f = m.fieldMessages;
  const unprintable = UNPRINTABLE.exec(message);
  if (unprintable) return f.unprintable(unprintable[1] ?? '');
  const rules: [RegExp, string][] = [
    [/^the file is not text in UTF-8/, f.encoding],
    [/^the spreadsheet could not be read/, f.spreadsheet],
    [/^is required$|received undefined|^Required$/i, f.required],
    [/expected number|received NaN|^must be a number$/i, f.number],
    [/expected int|^must be a whole number$/i, f.wholeNumber],
    [/Too small: expected number to be >0|^must be more than 0$/i, f.positive],
    [/ISO 3166-1|country code/, f.country],
    [/HS code/, f.hsCode],
    [/YYYY-MM-DD/, f.date],
    [/at most \d+ characters|Too big/i, f.tooLong],
    [/at least one goods line/, f.goodsMin],
    [/at least one invoice$/, f.invoicesMin],
    [/needs at least one invoice/, f.invoicesMin],
    [/gross mass or another measure/, f.eurMeasure],
    [/two different parties/, f.parties],
    [/one of the parties named in box 2/, f.originParty],
    [/other party named in box 2/, f.destinationParty],
    [/Invalid option|expected one of/i, f.choose],
    [/email address/, f.email],
    [/https|public address|URL/i, f.url],
  ];
  return rules.find(([pattern]) => pattern.test(message))?.[1] ?? message;
};
