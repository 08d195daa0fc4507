// The seal carried in the QR code: a compact ES256 JWS over a few claims and the hash of the printed content.
// Offline verifiers need only this JWS and the issuer's published keys (docs/architecture.md §4).
import { compactVerify, createLocalJWKSet, errors, type JSONWebKeySet } from 'jose';
import { canonicalJson, sha256Base64Url } from '../canonical-json.ts';
import type { CertificateContent } from '../certificates/certificate.ts';
import { SEAL_TYP, typOf } from './token-types.ts';

/** Claim names are short because every byte enlarges the QR code; a later format adds a version claim. */
export interface SealClaims {
  iss: string;
  sn: string;
  t: string;
  /** issue date, YYYY-MM-DD */
  d: string;
  /** exporter name, shortened to 48 UTF-8 bytes to keep the QR small */
  ex: string;
  o: string;
  ds: string;
  /** SHA-256 (base64url) of the canonical certificate content */
  h: string;
}

/** In UTF-8 bytes: Cyrillic takes two per letter, and the QR must stay small (docs/architecture.md §4). */
const EXPORTER_CLAIM_MAX_BYTES = 48;

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

const shorten = (text: string, maxBytes: number): string => {
  if (utf8Length(text) <= maxBytes) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && utf8Length(`${chars.join('')}…`) > maxBytes) chars.pop();
  return `${chars.join('')}…`;
};

export const contentHash = (content: CertificateContent): string => sha256Base64Url(canonicalJson(content));

export const buildSealClaims = (content: CertificateContent): SealClaims => ({
  iss: content.issuer.id,
  sn: content.serial,
  t: content.type,
  d: content.issueDate,
  ex: shorten(content.exporter.name, EXPORTER_CLAIM_MAX_BYTES),
  o: content.data.originCountry,
  ds: content.data.destinationCountry,
  h: contentHash(content),
});

/** Do the signed claims describe exactly this certificate content? */
export const claimsMatchContent = (claims: SealClaims, content: CertificateContent): boolean =>
  canonicalJson(claims) === canonicalJson(buildSealClaims(content));

export type SealCheck =
  | { outcome: 'VALID'; kid: string; claims: SealClaims }
  | { outcome: 'UNKNOWN_KEY'; kid: string | undefined }
  | { outcome: 'TAMPERED'; reason: string };

const isSealClaims = (value: unknown): value is SealClaims => {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    claims.v === undefined &&
    ['iss', 'sn', 't', 'd', 'ex', 'o', 'ds', 'h'].every((key) => typeof claims[key] === 'string')
  );
};

/** Verify a QR seal against the issuer's published keys. Never throws for bad input: it reports an outcome. */
export const checkSeal = async (jws: string, jwks: JSONWebKeySet): Promise<SealCheck> => {
  let kid: string | undefined;
  try {
    const keys = createLocalJWKSet(jwks);
    // explicit typing, before any key is looked up: a seal is typed tc-seal+jwt, or untyped if printed before
    // typing; a credential or a revocation list signed by the same key is never a seal
    const typ = typOf(jws);
    if (typ !== undefined && typ !== SEAL_TYP)
      return { outcome: 'TAMPERED', reason: `typ ${typ} is not a seal's` };
    const result = await compactVerify(jws, keys, { algorithms: ['ES256'] });
    kid = result.protectedHeader.kid;
    if (result.protectedHeader.typ !== typ) return { outcome: 'TAMPERED', reason: 'unexpected seal header' };
    const claims: unknown = JSON.parse(new TextDecoder().decode(result.payload));
    if (!isSealClaims(claims) || kid === undefined)
      return { outcome: 'TAMPERED', reason: 'unexpected seal content' };
    return { outcome: 'VALID', kid, claims };
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey) {
      return { outcome: 'UNKNOWN_KEY', kid: readKid(jws) };
    }
    return { outcome: 'TAMPERED', reason: error instanceof errors.JOSEError ? error.code : 'malformed seal' };
  }
};

const readKid = (jws: string): string | undefined => {
  try {
    const header: unknown = JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8'));
    const kid = (header as { kid?: unknown }).kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
};
