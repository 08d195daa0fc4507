// The network operator's key (docs/network.md §6): the public JWK a deployment verifies the trust list with
// (configured as JSON or a file path, never fetched), and, for `tradecert network sign`, a JwsSigner over a
// private JWK file. On AWS the operator may sign with KMS instead: createKmsKeyRing(kms, [keyId]).activeSigner()
// is a JwsSigner too (functions/adapters/kms/kms-key-ring.ts).
import { readFile } from 'node:fs/promises';
import { CompactSign, calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import type { JwsSigner } from '../../core/ports.ts';
import { protectedHeader } from '../../core/sealing/token-types.ts';

const isEcP256 = (jwk: JWK) => jwk.kty === 'EC' && jwk.crv === 'P-256' && !!jwk.x && !!jwk.y;

/** TRUST_LIST_OPERATOR_KEY: a JWK as JSON, or the path of a file holding one. Only its public part is kept. */
export const loadOperatorPublicKey = async (value: string): Promise<JWK> => {
  const text = value.trim().startsWith('{') ? value : await readFile(value, 'utf8');
  const jwk = JSON.parse(text) as JWK;
  if (!isEcP256(jwk)) throw new Error('TRUST_LIST_OPERATOR_KEY must be an EC P-256 JWK');
  const { kty, crv, x, y } = jwk;
  return { kty, crv, x, y, ...(jwk.kid ? { kid: jwk.kid } : {}) } as JWK;
};

/** A signer over a private JWK file (as `tradecert network keygen` writes it). */
export const fileOperatorSigner = async (path: string): Promise<JwsSigner> => {
  const jwk = JSON.parse(await readFile(path, 'utf8')) as JWK;
  if (!isEcP256(jwk) || !jwk.d) throw new Error(`${path} is not a private EC P-256 JWK`);
  const { kty, crv, x, y } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint({ kty, crv, x, y } as JWK));
  const key = await importJWK(jwk, 'ES256');
  return {
    kid,
    sign: (payload, typing) =>
      new CompactSign(payload).setProtectedHeader(protectedHeader(kid, typing)).sign(key),
  };
};
