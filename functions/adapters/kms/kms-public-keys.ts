// The public halves of KMS signing keys as a JWKS. GetPublicKey is asked once per key and process:
// a key's public half never changes, and the verify function should not pay a KMS call per request.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, type GetPublicKeyCommandOutput } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from 'jose';
import { AppError } from '../../core/errors.ts';
import type { KeyRing } from '../../core/ports.ts';
import { translateKmsError } from './kms-client.ts';

/** The part of the KMS client this module uses; a recorded fake stands in for it in unit tests. */
export interface KmsPublicKeyApi {
  send(command: GetPublicKeyCommand): Promise<GetPublicKeyCommandOutput>;
}

export interface KmsPublicKey {
  /** The key ARN that KMS reported: signing uses it, never an alias, which could move to another key. */
  readonly keyArn: string;
  /** RFC 7638 thumbprint of the public JWK. */
  readonly kid: string;
  /** The public JWK as published in the JWKS. */
  readonly jwk: JWK;
  readonly publicKey: KeyObject;
}

export interface KmsPublicKeys extends Pick<KeyRing, 'publicKeys'> {
  /** The public key of one configured key id (key id, key ARN, alias name or alias ARN). */
  publicKeyOf(keyId: string): Promise<KmsPublicKey>;
}

const fetchPublicKey = async (kms: KmsPublicKeyApi, keyId: string): Promise<KmsPublicKey> => {
  let response: GetPublicKeyCommandOutput;
  try {
    response = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  } catch (error) {
    throw translateKmsError(error, `reading the public key of ${keyId}`);
  }
  const { KeyId: keyArn, PublicKey: spki, KeySpec: spec, KeyUsage: usage } = response;
  if (spec !== 'ECC_NIST_P256' || usage !== 'SIGN_VERIFY' || keyArn === undefined || spki === undefined) {
    throw new AppError(
      'INTERNAL',
      `KMS key ${keyId} is ${spec ?? 'of unknown spec'}/${usage ?? 'unknown usage'}: ES256 seals need an ECC_NIST_P256 SIGN_VERIFY key.`,
    );
  }
  const publicKey = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  const kid = await calculateJwkThumbprint({ kty, crv, x, y } as JWK, 'sha256');
  return { keyArn, kid, publicKey, jwk: { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' } as JWK };
};

/** `keyIds` lists the active key first, then the retired ones that must still verify what they signed. */
export const createKmsPublicKeys = (kms: KmsPublicKeyApi, keyIds: readonly string[]): KmsPublicKeys => {
  if (keyIds.length === 0) throw new Error('createKmsPublicKeys needs at least one KMS key id');
  const cache = new Map<string, Promise<KmsPublicKey>>();
  const publicKeyOf = (keyId: string): Promise<KmsPublicKey> => {
    const cached = cache.get(keyId);
    if (cached) return cached;
    const pending = fetchPublicKey(kms, keyId);
    cache.set(keyId, pending);
    // A failure is not remembered: the next request asks KMS again.
    pending.catch(() => cache.delete(keyId));
    return pending;
  };
  return {
    publicKeyOf,
    publicKeys: async (): Promise<JSONWebKeySet> => {
      const keys = await Promise.all(keyIds.map(publicKeyOf));
      // An alias and the ARN it points to are the same key: publish it once.
      const unique = new Map(keys.map((key) => [key.kid, key.jwk]));
      return { keys: [...unique.values()] };
    },
  };
};
