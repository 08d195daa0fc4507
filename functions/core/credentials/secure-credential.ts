// Securing and checking credentials as VC-JOSE-COSE enveloping proofs: a compact JWS whose payload is the
// credential, typ vc+jwt (vc-ld+jwt accepted), cty vc, kid the DID URL of the chamber's verification method.
// The checks, in order: typ and alg, the key named by kid in the issuer's DID document, the signature, the issuer
// of the credential being the DID that holds that key, its type, and its validity period. Never throws for bad
// input: it reports an outcome, as checkSeal does.
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import type { JwsSigner } from '../ports.ts';
import { ACCEPTED_CREDENTIAL_TYPS, CREDENTIAL_CTY, CREDENTIAL_TYP } from '../sealing/token-types.ts';
import { VC_V2_CONTEXT } from './context.ts';
import type { DidDocument } from './did-web.ts';
import { keyOfMethod } from './did-web.ts';

export const signCredential = (signer: JwsSigner, credential: { issuer: unknown }, did: string) =>
  signer.sign(new TextEncoder().encode(JSON.stringify(credential)), {
    typ: CREDENTIAL_TYP,
    cty: CREDENTIAL_CTY,
    kidPrefix: `${did}#`,
  });

export interface CheckedCredential {
  '@context': unknown[];
  type: string[];
  issuer: string | { id: string };
  validFrom?: string;
  validUntil?: string;
  credentialSubject: Record<string, unknown>;
  credentialStatus?: { statusListIndex?: string; statusListCredential?: string; statusPurpose?: string };
  [member: string]: unknown;
}

export type CredentialCheck =
  | { outcome: 'VALID'; kid: string; did: string; credential: CheckedCredential }
  | { outcome: 'UNKNOWN_KEY'; kid: string | undefined }
  | { outcome: 'TAMPERED'; reason: string };

/** Clocks differ: a credential issued a little "in the future" of the verifier's clock is still valid. */
const CLOCK_SKEW_MS = 5 * 60_000;

export const issuerIdOf = (credential: { issuer?: unknown }): string | undefined => {
  const { issuer } = credential;
  if (typeof issuer === 'string') return issuer;
  if (typeof issuer === 'object' && issuer !== null && typeof (issuer as { id?: unknown }).id === 'string')
    return (issuer as { id: string }).id;
  return undefined;
};

const readHeader = (jwt: string) => {
  try {
    return decodeProtectedHeader(jwt);
  } catch {
    return undefined;
  }
};

export const checkCredential = async (input: {
  jwt: string;
  /** The DID documents the verifier trusts (the service's own, or cached ones offline). */
  resolve: (did: string) => Promise<DidDocument | undefined> | DidDocument | undefined;
  /** The credential types this verifier accepts, e.g. the certificate types or BitstringStatusListCredential. */
  acceptedTypes: readonly string[];
  now: Date;
}): Promise<CredentialCheck> => {
  const jwt = input.jwt.trim();
  const header = readHeader(jwt);
  if (!header) return { outcome: 'TAMPERED', reason: 'not a compact JWS' };
  if (typeof header.typ !== 'string' || !ACCEPTED_CREDENTIAL_TYPS.includes(header.typ))
    return { outcome: 'TAMPERED', reason: `typ ${String(header.typ)} is not a credential's (vc+jwt)` };
  if (header.alg !== 'ES256')
    return { outcome: 'TAMPERED', reason: `alg ${String(header.alg)} is not ES256` };
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const did = kid?.includes('#') ? kid.slice(0, kid.indexOf('#')) : undefined;
  if (!kid || !did?.startsWith('did:web:')) return { outcome: 'UNKNOWN_KEY', kid };
  const document = await input.resolve(did);
  const jwk = document && keyOfMethod(document, kid);
  if (!jwk) return { outcome: 'UNKNOWN_KEY', kid };
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jwt, await importJWK({ ...jwk, alg: 'ES256' }, 'ES256'), {
      algorithms: ['ES256'],
    }));
  } catch {
    return { outcome: 'TAMPERED', reason: 'the signature does not verify' };
  }
  let credential: CheckedCredential;
  try {
    credential = JSON.parse(new TextDecoder().decode(payload)) as CheckedCredential;
  } catch {
    return { outcome: 'TAMPERED', reason: 'the payload is not JSON' };
  }
  if (!Array.isArray(credential['@context']) || credential['@context'][0] !== VC_V2_CONTEXT)
    return { outcome: 'TAMPERED', reason: 'not a VC 2.0 credential' };
  const types = Array.isArray(credential.type) ? credential.type : [];
  if (!types.includes('VerifiableCredential') || !types.some((type) => input.acceptedTypes.includes(type)))
    return { outcome: 'TAMPERED', reason: `credential type ${types.join(', ')} is not accepted here` };
  if (issuerIdOf(credential) !== did)
    return { outcome: 'TAMPERED', reason: 'the credential names another issuer than the key’s DID' };
  const now = input.now.getTime();
  if (credential.validFrom && Date.parse(credential.validFrom) > now + CLOCK_SKEW_MS)
    return { outcome: 'TAMPERED', reason: `not valid before ${credential.validFrom}` };
  if (credential.validUntil && Date.parse(credential.validUntil) < now - CLOCK_SKEW_MS)
    return { outcome: 'TAMPERED', reason: `expired at ${credential.validUntil}` };
  return { outcome: 'VALID', kid, did, credential };
};

/** The payload of a compact JWS, unverified: for showing a stored credential, never for trusting one. */
export const payloadOf = (jws: string): unknown =>
  JSON.parse(new TextDecoder().decode(base64UrlBytes(jws.split('.')[1] ?? '')));

const base64UrlBytes = (text: string): Uint8Array => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '==='.slice((base64.length + 3) % 4)), (char) => char.charCodeAt(0));
};
