// A KeyRing with ES256 keys held in memory, signing and publishing as functions/adapters/local/file-key-ring.ts
// does (kid = RFC 7638 thumbprint, retired keys still published), without a keys directory.
import { createPrivateKey } from 'node:crypto';
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { createKeyObjectSealKey } from '../../../functions/adapters/local/seal-key.ts';
import { createSealMaterial } from '../../../functions/adapters/local/seal-material.ts';
import type { JwsSigner, KeyRing, SealKey } from '../../../functions/core/ports.ts';
import { certificateChainFromPem } from '../../../functions/core/sealing/pades-certificates.ts';
import { protectedHeader } from '../../../functions/core/sealing/token-types.ts';

interface HeldKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  createdAt: string;
  retiredAt?: string;
}

const newKey = async (at: Date): Promise<HeldKey> => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  const publicJwk: JWK = { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) };
  return {
    kid: await calculateJwkThumbprint(publicJwk, 'sha256'),
    privateKey,
    publicJwk,
    createdAt: at.toISOString(),
  };
};

export const createMemoryKeyRing = async (now: () => Date = () => new Date()): Promise<KeyRing> => {
  const keys: HeldKey[] = [await newKey(now())];
  const signerOf = (key: HeldKey): JwsSigner => ({
    kid: key.kid,
    sign: (payload, typing) =>
      new CompactSign(payload).setProtectedHeader(protectedHeader(key.kid, typing)).sign(key.privateKey),
  });
  const active = () => {
    const key = keys.filter((held) => !held.retiredAt).at(-1);
    if (!key) throw new Error('no active key');
    return key;
  };
  return {
    activeSigner: async () => signerOf(active()),
    publicKeys: async () => ({
      keys: keys.map((key) => ({
        ...key.publicJwk,
        kid: key.kid,
        alg: 'ES256',
        use: 'sig',
        status: key.retiredAt ? 'retired' : 'active',
        validFrom: key.createdAt,
        ...(key.retiredAt ? { validUntil: key.retiredAt } : {}),
      })),
    }),
    rotate: async () => {
      const at = now();
      const retired = keys.filter((key) => !key.retiredAt);
      for (const key of retired) key.retiredAt = at.toISOString();
      const created = await newKey(at);
      keys.push(created);
      return { active: created.kid, retired: retired.map((key) => key.kid) };
    },
  };
};

/**
 * A PAdES seal key and chain made in memory (createSealMaterial, as `npm start` makes the local one). RSA by
 * default: its deterministic signatures keep a resumed issuance byte-identical (docs/architecture.md §10).
 */
export const createTestSealKey = async (
  issuer: { id: string; name: string; country: string },
  algorithm: SealKey['algorithm'] = 'RSA_PKCS1_SHA256',
): Promise<SealKey> => {
  const material = await createSealMaterial(issuer, new Date('2026-01-01T00:00:00Z'), { algorithm });
  return createKeyObjectSealKey(
    createPrivateKey(material.keyPem),
    certificateChainFromPem(`${material.certificatePem}${material.caCertificatePem}`),
  );
};
