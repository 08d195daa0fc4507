// Serials, verification codes and where an issued certificate lives.
import { describe, expect, it } from 'vitest';
import {
  certificateObjectKey,
  encodeVerificationCode,
  formatSerial,
  VERIFICATION_CODE_BYTES,
  VERIFICATION_CODE_PATTERN,
  verifyUrl,
} from '../../functions/core/certificates/certificate.ts';

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.replace(/\s/g, ''), 'hex'));

describe('verification code (Crockford base32)', () => {
  it('encodes ten zero bytes as sixteen zeros', () => {
    expect(encodeVerificationCode(new Uint8Array(10))).toBe('0000000000000000');
  });

  it('encodes ten 0xff bytes as sixteen Zs', () => {
    expect(encodeVerificationCode(new Uint8Array(10).fill(0xff))).toBe('ZZZZZZZZZZZZZZZZ');
  });

  it('maps each 5-bit group to the Crockford alphabet, without I, L, O and U', () => {
    const everySymbolOnce = bytes('00 44 32 14 c7  42 54 b6 35 cf  84 65 3a 56 d7  c6 75 be 77 df');

    expect(encodeVerificationCode(everySymbolOnce)).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
  });

  it('pads a trailing partial group with zero bits', () => {
    expect(encodeVerificationCode(bytes('ff'))).toBe('ZW');
    expect(encodeVerificationCode(bytes('00 01'))).toBe('000G');
  });

  it('gives sixteen characters matching VERIFICATION_CODE_PATTERN for ten random bytes', () => {
    const random = Uint8Array.from(
      { length: VERIFICATION_CODE_BYTES },
      (_, index) => (index * 73 + 41) % 256,
    );

    const code = encodeVerificationCode(random);

    expect(VERIFICATION_CODE_BYTES).toBe(10);
    expect(code).toHaveLength(16);
    expect(code).toMatch(VERIFICATION_CODE_PATTERN);
  });

  it('gives different codes for inputs that differ in the last bit', () => {
    const a = new Uint8Array(10);
    const b = new Uint8Array(10);
    b[9] = 1;

    expect(encodeVerificationCode(a)).not.toBe(encodeVerificationCode(b));
  });
});

describe('VERIFICATION_CODE_PATTERN', () => {
  it('rejects look-alike letters, lower case and wrong lengths', () => {
    expect('ABCDEFGHJKMNPQRS').toMatch(VERIFICATION_CODE_PATTERN);
    for (const code of ['ABCDEFGHJKMNPQRI', 'ABCDEFGHJKMNPQRL', 'ABCDEFGHJKMNPQRO', 'ABCDEFGHJKMNPQRU']) {
      expect(code).not.toMatch(VERIFICATION_CODE_PATTERN);
    }
    expect('abcdefghjkmnpqrs').not.toMatch(VERIFICATION_CODE_PATTERN);
    expect('ABCDEFGHJKMNPQR').not.toMatch(VERIFICATION_CODE_PATTERN);
    expect('ABCDEFGHJKMNPQRST').not.toMatch(VERIFICATION_CODE_PATTERN);
  });
});

describe('serial', () => {
  it('joins prefix, upper-case type, year and a six-digit number', () => {
    expect(formatSerial('MK', { issuerId: 'demo-chamber', type: 'co', year: 2026 }, 1)).toBe(
      'MK-CO-2026-000001',
    );
  });

  it('keeps numbers beyond six digits whole', () => {
    expect(formatSerial('MK', { issuerId: 'demo-chamber', type: 'co', year: 2027 }, 1_234_567)).toBe(
      'MK-CO-2027-1234567',
    );
  });
});

describe('certificate object key', () => {
  it('files the PDF under the issuer and the serial', () => {
    expect(certificateObjectKey('demo-chamber', 'MK-CO-2026-000001')).toBe(
      'certificates/demo-chamber/MK-CO-2026-000001.pdf',
    );
  });
});

describe('verify URL', () => {
  it('appends /v/{code} to the public base URL', () => {
    expect(verifyUrl('https://verify.chamber.example.mk', '7K3M9Q2XW4HRT8VB')).toBe(
      'https://verify.chamber.example.mk/v/7K3M9Q2XW4HRT8VB',
    );
  });

  it('does not double the slash when the base URL ends with one', () => {
    expect(verifyUrl('https://verify.chamber.example.mk/', '7K3M9Q2XW4HRT8VB')).toBe(
      'https://verify.chamber.example.mk/v/7K3M9Q2XW4HRT8VB',
    );
  });

  it('keeps a base path', () => {
    expect(verifyUrl('https://chamber.example.mk/certificates/', 'ABC')).toBe(
      'https://chamber.example.mk/certificates/v/ABC',
    );
  });
});
