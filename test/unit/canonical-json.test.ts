// Canonical JSON and the SHA-256 helpers that content hashes and the audit chain rely on.
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Base64Url, sha256Hex } from '../../functions/core/canonical-json.ts';

describe('canonical JSON', () => {
  it('gives the same text whatever the order of keys', () => {
    expect(canonicalJson({ b: 1, a: 2, c: 3 })).toBe(canonicalJson({ c: 3, a: 2, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('sorts the keys of nested objects, including objects inside arrays', () => {
    const value = { z: { y: 1, x: [{ q: true, p: null }] }, a: 'first' };

    expect(canonicalJson(value)).toBe('{"a":"first","z":{"x":[{"p":null,"q":true}],"y":1}}');
  });

  it('keeps the order of array items', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
  });

  it('drops object members whose value is undefined', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('has no whitespace and escapes strings as JSON does', () => {
    expect(canonicalJson({ text: 'Müller "&" Söhne\n', n: 1.5 })).toBe(
      '{"n":1.5,"text":"Müller \\"&\\" Söhne\\n"}',
    );
  });

  it('orders keys by UTF-16 code units, upper case before lower case', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, é: 4 })).toBe('{"B":2,"a":3,"b":1,"é":4}');
  });

  it('serialises primitives as JSON does', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(42)).toBe('42');
    expect(canonicalJson('x')).toBe('"x"');
  });

  it('can be parsed back to equal data', () => {
    const value = { goods: [{ hsCode: '6109.10', quantity: { value: 1200, unit: 'pcs' } }], remarks: 'ok' };

    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});

describe('SHA-256 helpers', () => {
  it('hash "abc" to the FIPS 180-2 test vector, in hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hash "abc" to the same digest in base64url, without padding', () => {
    expect(sha256Base64Url('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });

  it('hash the empty string to the known vector', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Base64Url('')).toBe('47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU');
  });

  it('hash bytes and the equal UTF-8 string alike', () => {
    expect(sha256Hex(new TextEncoder().encode('Скопје'))).toBe(sha256Hex('Скопје'));
  });
});
