// The chamber as a did:web DID (W3C did:web method): derived from its public base URL, so that one chamber per
// host is did:web:{host} (document at /.well-known/did.json) and a chamber on a path of a shared host
// (docs/network.md §3, /c/{id}) is did:web:{host}:c:{id} (document at /c/{id}/did.json).
import type { JSONWebKeySet, JWK } from 'jose';

export const didWebOf = (publicBaseUrl: string): string => {
  const url = new URL(publicBaseUrl);
  // the method encodes a port's colon as %3A, and each path segment becomes a colon-separated part
  const host = encodeURIComponent(url.host);
  const path = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...path].join(':');
};

/** Where a did:web DID's document lives (http only for localhost: the method asks for https elsewhere). */
export const didDocumentUrl = (did: string): string => {
  const parts = did.split(':');
  if (parts[0] !== 'did' || parts[1] !== 'web' || !parts[2]) throw new Error(`${did} is not a did:web DID`);
  const host = decodeURIComponent(parts[2]);
  const path = parts.slice(3).map(decodeURIComponent);
  const scheme = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host) ? 'http' : 'https';
  return path.length === 0
    ? `${scheme}://${host}/.well-known/did.json`
    : `${scheme}://${host}/${path.join('/')}/did.json`;
};

/** The path of the DID document relative to the chamber's base URL: the .well-known one only at a host's root. */
export const didDocumentPath = (publicBaseUrl: string): string =>
  new URL(publicBaseUrl).pathname.replace(/\/$/, '') === '' ? '/.well-known/did.json' : '/did.json';

export const verificationMethodId = (did: string, kid: string): string => `${did}#${kid}`;

export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: {
    id: string;
    type: 'JsonWebKey';
    controller: string;
    publicKeyJwk: JWK;
  }[];
  assertionMethod: string[];
}

/**
 * The chamber's current and retired keys as JsonWebKey verification methods. Retired keys stay assertion
 * methods: a retired key still verifies what it signed, as in the JWKS (docs/architecture.md §4).
 */
export const didDocumentOf = (did: string, jwks: JSONWebKeySet): DidDocument => {
  const methods = jwks.keys
    .filter((key) => typeof key.kid === 'string')
    .map((key) => ({
      id: verificationMethodId(did, String(key.kid)),
      type: 'JsonWebKey' as const,
      controller: did,
      publicKeyJwk: {
        kty: key.kty,
        crv: key.crv,
        x: key.x,
        y: key.y,
        alg: 'ES256',
        kid: key.kid,
      } as JWK,
    }));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((method) => method.id),
  };
};

/** The public key a DID URL (did#fragment) names in a DID document, if the document lists it. */
export const keyOfMethod = (document: DidDocument, methodId: string): JWK | undefined =>
  document.verificationMethod.find(
    (method) => method.id === methodId && document.assertionMethod.includes(method.id),
  )?.publicKeyJwk;
