// Reading a verification code off paper: what a person may type and what the lookup receives.
import { describe, expect, it } from 'vitest';
import { VERIFICATION_CODE_PATTERN } from '../../functions/core/certificates/certificate.ts';
import { normaliseCode } from '../../functions/core/verification/verify-certificate.ts';

describe('normalising a typed verification code', () => {
  it('leaves a well-formed code unchanged', () => {
    expect(normaliseCode('7K3M9Q2XW4HRT8VB')).toBe('7K3M9Q2XW4HRT8VB');
  });

  it('accepts lower case', () => {
    expect(normaliseCode('7k3m9q2xw4hrt8vb')).toBe('7K3M9Q2XW4HRT8VB');
  });

  it('drops the hyphens printed between groups', () => {
    expect(normaliseCode('7K3M-9Q2X-W4HR-T8VB')).toBe('7K3M9Q2XW4HRT8VB');
  });

  it('drops spaces, tabs and surrounding whitespace', () => {
    expect(normaliseCode('  7K3M 9Q2X\tW4HR  T8VB \n')).toBe('7K3M9Q2XW4HRT8VB');
  });

  it('reads the letter O as zero', () => {
    expect(normaliseCode('O0oO-AAAA-AAAA-AAAA')).toBe('0000AAAAAAAAAAAA');
  });

  it('reads the letters I and L as one', () => {
    expect(normaliseCode('IiLl-AAAA-AAAA-AAAA')).toBe('1111AAAAAAAAAAAA');
  });

  it('turns a carelessly typed code into one that matches the pattern', () => {
    expect(normaliseCode('7k3m-9q2x-w4hr-t8vb')).toMatch(VERIFICATION_CODE_PATTERN);
  });
});
