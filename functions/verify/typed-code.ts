// A verification code as a reader types it from paper: printed in groups of four (7K2M-9QXD-4TNB-E8WH, see
// functions/core/rendering/printed-text.ts), in Crockford base32 (docs: https://www.crockford.com/base32.html),
// so case, spaces, dashes and the look-alikes O/I/L do not matter. The printed verification URL is accepted too.
import { VERIFICATION_CODE_PATTERN } from '../core/certificates/certificate.ts';
import { normaliseCode } from '../core/verification/verify-certificate.ts';

/** Dashes a phone keyboard or a word processor may put in place of the hyphen. */
const DASHES = /[\u2010-\u2015\u2212_.]/g;

/** The code in its canonical form, or undefined when what was typed cannot be a verification code. */
export const parseTypedCode = (typed: string): string | undefined => {
  const afterPath = typed.trim().split('/v/').pop() ?? '';
  const code = normaliseCode(afterPath.split(/[?#]/)[0]?.replace(DASHES, '') ?? '');
  return VERIFICATION_CODE_PATTERN.test(code) ? code : undefined;
};
