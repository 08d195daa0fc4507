// A verification code typed by hand from the paper (the form at GET /v): what is accepted as a code.
import { describe, expect, it } from 'vitest';
import { parseTypedCode } from '../../functions/verify/typed-code.ts';

describe('a verification code typed from paper', () => {
  it.each([
    ['as printed, in groups', '7K3M-9Q2X-W4HR-T8VB'],
    ['in lower case with spaces', ' 7k3m 9q2x w4hr t8vb '],
    ['with the dashes a phone keyboard makes', '7K3M–9Q2X—W4HR‑T8VB'],
    ['as the whole printed address', 'https://verify.chamber.example/v/7K3M9Q2XW4HRT8VB'],
    ['as the QR’s address with its seal', 'https://verify.chamber.example/v/7K3M9Q2XW4HRT8VB#eyJ.x.y'],
  ])('is read %s', (_how, typed) => {
    expect(parseTypedCode(typed)).toBe('7K3M9Q2XW4HRT8VB');
  });

  it('reads the look-alikes O, I and L as 0, 1 and 1', () => {
    expect(parseTypedCode('OIL0-AAAA-BBBB-CCCC')).toBe('0110AAAABBBBCCCC');
  });

  it.each([
    ['too short', '7K3M-9Q2X-W4HR'],
    ['too long', '7K3M-9Q2X-W4HR-T8VB-X'],
    ['with a letter outside the alphabet (U)', '7K3M-9Q2X-W4HR-T8VU'],
    ['empty', '   '],
    ['a serial number instead of the code', 'MK-CO-2026-000001'],
  ])('is refused when %s', (_why, typed) => {
    expect(parseTypedCode(typed)).toBeUndefined();
  });
});
