// ECDSA signatures from the raw r || s form (IEEE P1363, what some remote signing services answer) to the DER
// SEQUENCE { INTEGER r, INTEGER s } that CMS carries (RFC 5753 §7.2): the inverse of kms/der-signature.ts.

const derInteger = (magnitude: Uint8Array): Uint8Array => {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start += 1;
  const trimmed = magnitude.subarray(start);
  // a set top bit would read as a negative number: DER puts a zero byte before it
  const body = (trimmed[0] ?? 0) & 0x80 ? Uint8Array.of(0, ...trimmed) : trimmed;
  return Uint8Array.of(0x02, body.length, ...body);
};

/** `raw` is r and s side by side, each half of it (32 bytes each for P-256). */
export const joseToDerSignature = (raw: Uint8Array): Uint8Array => {
  if (raw.length === 0 || raw.length % 2 !== 0 || raw.length > 132) {
    throw new Error(`A raw ECDSA signature of ${raw.length} bytes has no equal halves r and s.`);
  }
  const half = raw.length / 2;
  const r = derInteger(raw.subarray(0, half));
  const s = derInteger(raw.subarray(half));
  const length = r.length + s.length;
  // P-521 needs the long form of the length; P-256 and P-384 never do
  const header = length < 0x80 ? Uint8Array.of(0x30, length) : Uint8Array.of(0x30, 0x81, length);
  return Uint8Array.of(...header, ...r, ...s);
};
