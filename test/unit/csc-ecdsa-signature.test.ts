// Raw r || s ECDSA signatures (as some CSC services answer) to the DER that CMS carries: the inverse of the KMS
// adapter's DER → JOSE conversion, with the edge cases DER has (a set top bit needs a zero byte, leading zeros go).
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { joseToDerSignature } from '../../functions/adapters/csc/ecdsa-signature.ts';
import { derToJoseSignature } from '../../functions/adapters/kms/der-signature.ts';

const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');

describe('joseToDerSignature', () => {
  it('gives back the DER of 200 real P-256 signatures, which node:crypto verifies', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    for (let index = 0; index < 200; index += 1) {
      const data = Buffer.from(`signed attributes ${index}`);
      const der = sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
      const raw = derToJoseSignature(der);

      expect(hex(joseToDerSignature(raw))).toBe(hex(der));
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, joseToDerSignature(raw))).toBe(
        true,
      );
    }
  });

  it('puts a zero byte before a set top bit and drops leading zero bytes', () => {
    const raw = new Uint8Array(64);
    raw[0] = 0x80; // r = 0x80 followed by 31 zero bytes
    raw[63] = 0x01; // s = 1
    expect(hex(joseToDerSignature(raw))).toBe(`3026022100${'80'.padEnd(64, '0')}020101`);
  });

  it('refuses a length without two equal halves', () => {
    expect(() => joseToDerSignature(new Uint8Array(63))).toThrow(/no equal halves/);
    expect(() => joseToDerSignature(new Uint8Array(0))).toThrow(/no equal halves/);
  });
});
