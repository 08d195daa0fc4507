// DER → JOSE conversion of ECDSA signatures: fixed-width r||s whatever the DER integers' lengths.
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derToJoseSignature, MalformedSignatureError } from '../../functions/adapters/kms/der-signature.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const repeat = (value: number, count: number) => new Array<number>(count).fill(value);
const der = (r: number[], s: number[]) =>
  bytes(0x30, 4 + r.length + s.length, 0x02, r.length, ...r, 0x02, s.length, ...s);

describe('derToJoseSignature', () => {
  it('drops the 0x00 that DER puts before an r whose top bit is set', () => {
    const r = [0x00, 0x80, ...repeat(0x11, 31)];
    const s = [0x7f, ...repeat(0x22, 31)];

    const raw = derToJoseSignature(der(r, s));

    expect(raw).toEqual(bytes(0x80, ...repeat(0x11, 31), 0x7f, ...repeat(0x22, 31)));
  });

  it('left-pads short integers with zeros to 32 bytes each', () => {
    const raw = derToJoseSignature(der([0x01], [0x00, 0xff, 0x02]));

    expect(raw).toEqual(bytes(...repeat(0, 31), 0x01, ...repeat(0, 30), 0xff, 0x02));
  });

  it('gives 64 bytes for both integers at full 33-byte DER length', () => {
    const raw = derToJoseSignature(der([0x00, ...repeat(0xff, 32)], [0x00, ...repeat(0xee, 32)]));

    expect(raw).toEqual(bytes(...repeat(0xff, 32), ...repeat(0xee, 32)));
  });

  it('reads the long form of the sequence length', () => {
    const r = [0x01];
    const s = [0x02];
    const longForm = bytes(0x30, 0x81, 6, 0x02, 1, ...r, 0x02, 1, ...s);

    expect(derToJoseSignature(longForm)).toEqual(derToJoseSignature(der(r, s)));
  });

  it.each([
    ['an empty input', bytes()],
    ['a tag that is not a SEQUENCE', bytes(0x31, 6, 0x02, 1, 1, 0x02, 1, 1)],
    ['a SEQUENCE length that does not match', bytes(0x30, 7, 0x02, 1, 1, 0x02, 1, 1)],
    ['a missing second INTEGER', bytes(0x30, 3, 0x02, 1, 1)],
    ['an INTEGER running past the end', bytes(0x30, 6, 0x02, 1, 1, 0x02, 5, 1)],
    ['a negative INTEGER', der([0x80], [0x01])],
    ['an INTEGER of zero length', bytes(0x30, 5, 0x02, 0, 0x02, 1, 1)],
    ['an INTEGER wider than 32 bytes', der([0x01, ...repeat(0x11, 32)], [0x01])],
    ['trailing bytes inside the SEQUENCE', bytes(0x30, 7, 0x02, 1, 1, 0x02, 1, 1, 0)],
  ])('rejects %s', (_case, input) => {
    expect(() => derToJoseSignature(input)).toThrow(MalformedSignatureError);
  });

  it('turns 300 real P-256 signatures into ones that verify in the IEEE P1363 form that JWS uses', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const lengths = new Set<number>();
    for (let index = 0; index < 300; index += 1) {
      const message = Buffer.from(`message ${index}`);
      const signature = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
      lengths.add(signature.length);

      const raw = derToJoseSignature(signature);

      expect(raw).toHaveLength(64);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    }
    // 70, 71 and 72 bytes: r and s both with and without the leading 0x00.
    expect([...lengths]).toEqual(expect.arrayContaining([70, 71, 72]));
  });
});
