// ECDSA signatures from DER to JOSE: KMS returns an ASN.1 SEQUENCE { INTEGER r, INTEGER s }, while a JWS
// carries r and s as fixed-size unsigned big-endian numbers side by side (RFC 7518 §3.4).

export class MalformedSignatureError extends Error {
  override readonly name = 'MalformedSignatureError';
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;

/**
 * Converts a DER ECDSA signature to the raw `r || s` form of JWS. `size` is the byte length of the
 * curve order: 32 for P-256 (ES256), so the result is 64 bytes. Throws MalformedSignatureError for
 * anything that is not exactly one SEQUENCE of two non-negative INTEGERs that fit in `size` bytes.
 */
export const derToJoseSignature = (der: Uint8Array, size = 32): Uint8Array => {
  let offset = 0;
  const fail = (why: string): never => {
    throw new MalformedSignatureError(`Malformed DER ECDSA signature: ${why}`);
  };
  const readByte = (): number => {
    const value = der[offset];
    if (value === undefined) return fail('truncated');
    offset += 1;
    return value;
  };
  // Short form below 128; long form (0x81 nn) for completeness, though P-256 signatures never need it.
  const readLength = (): number => {
    const first = readByte();
    if (first < 0x80) return first;
    const octets = first & 0x7f;
    if (octets === 0 || octets > 2) return fail('unsupported length encoding');
    let length = 0;
    for (let index = 0; index < octets; index += 1) length = length * 256 + readByte();
    return length;
  };
  const readInteger = (): Uint8Array => {
    if (readByte() !== INTEGER) return fail('expected an INTEGER');
    const length = readLength();
    if (length === 0 || offset + length > der.length) return fail('bad INTEGER length');
    const value = der.subarray(offset, offset + length);
    offset += length;
    if ((value[0] ?? 0) & 0x80) return fail('negative INTEGER');
    // DER adds a 0x00 byte when the top bit is set; a JWS has fixed-width numbers instead.
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start += 1;
    const magnitude = value.subarray(start);
    if (magnitude.length > size) return fail(`INTEGER longer than ${size} bytes`);
    const padded = new Uint8Array(size);
    padded.set(magnitude, size - magnitude.length);
    return padded;
  };

  if (readByte() !== SEQUENCE) return fail('expected a SEQUENCE');
  if (readLength() !== der.length - offset) return fail('SEQUENCE length does not match');
  const r = readInteger();
  const s = readInteger();
  if (offset !== der.length) return fail('trailing bytes');
  const raw = new Uint8Array(size * 2);
  raw.set(r, 0);
  raw.set(s, size);
  return raw;
};
