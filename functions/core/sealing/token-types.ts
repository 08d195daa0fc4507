// Explicit typing of every JWS the service signs (RFC 8725 §3.11): each kind has its own `typ`, and each verifier
// accepts only its own, so that no token of one kind ever verifies as another (docs/credentials.md, "Typing").

/** The QR seal. Seals printed before typing carry no `typ`; the seal verifier alone accepts that (legacy paper). */
export const SEAL_TYP = 'tc-seal+jwt';
/** The signed revocation list at /status/revocations. */
export const REVOCATION_LIST_TYP = 'tradecert-revocations+jwt';
/** The region's trust list, signed by the network operator (docs/network.md §6). */
export const TRUST_LIST_TYP = 'tradecert-trust-list+jwt';
/** VC-JOSE-COSE: a credential secured with JOSE (media type application/vc+jwt) and its content type. */
export const CREDENTIAL_TYP = 'vc+jwt';
export const CREDENTIAL_CTY = 'vc';
/** Verifiers also accept the earlier drafts' names (application/vc-ld+jwt, content vc-ld+json). */
export const ACCEPTED_CREDENTIAL_TYPS: readonly string[] = [CREDENTIAL_TYP, 'vc-ld+jwt'];

/** What a signer puts in the protected header besides `alg`. */
export interface JwsTyping {
  typ: string;
  cty?: string;
  /** Prepended to the key's thumbprint in `kid`: a credential names its key as a DID URL (`did:web:…#`). */
  kidPrefix?: string;
}

/** The protected header every key ring writes, in one place so that KMS, files and tests agree. */
export const protectedHeader = (kid: string, typing?: JwsTyping) => ({
  alg: 'ES256' as const,
  kid: `${typing?.kidPrefix ?? ''}${kid}`,
  ...(typing ? { typ: typing.typ } : {}),
  ...(typing?.cty ? { cty: typing.cty } : {}),
});

/** Three base64url parts joined by dots: the shape of a compact JWS, before anything is decoded. */
export const isCompactJws = (text: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(text);

/** The `typ` of a compact JWS's protected header, without verifying it; undefined when absent or unreadable. */
export const typOf = (jws: string): string | undefined => {
  try {
    const header: unknown = JSON.parse(new TextDecoder().decode(base64UrlDecode(jws.split('.')[0] ?? '')));
    const typ = (header as { typ?: unknown }).typ;
    return typeof typ === 'string' ? typ : undefined;
  } catch {
    return undefined;
  }
};

const base64UrlDecode = (text: string): Uint8Array => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '==='.slice((base64.length + 3) % 4)), (char) => char.charCodeAt(0));
};
