// Keys and members for trust list tests (docs/network.md §6).
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { TrustListMember } from '../../functions/core/network/trust-list.ts';
import type { JwsSigner } from '../../functions/core/ports.ts';
import { protectedHeader } from '../../functions/core/sealing/token-types.ts';

export interface TestKey {
  signer: JwsSigner;
  publicJwk: JWK;
}

export const testKey = async (): Promise<TestKey> => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    publicJwk: { ...publicJwk, kid },
    signer: {
      kid,
      sign: (payload, typing) =>
        new CompactSign(payload).setProtectedHeader(protectedHeader(kid, typing)).sign(privateKey),
    },
  };
};

export const memberWith = (key: JWK, overrides: Partial<TrustListMember> = {}): TrustListMember => ({
  id: 'al-chamber',
  name: 'Albanian Chamber',
  nameLocal: 'Dhoma e Shqipërisë',
  country: 'AL',
  verifyBaseUrl: 'https://al.certs.example',
  status: 'active',
  validFrom: '2026-01-01T00:00:00Z',
  validUntil: null,
  jwks: {
    keys: [
      {
        kty: 'EC',
        crv: 'P-256',
        x: String(key.x),
        y: String(key.y),
        kid: String(key.kid),
        'tradecert:validFrom': '2026-01-01T00:00:00Z',
        'tradecert:retiredAt': null,
      },
    ],
  },
  sealCa: ['MIIBAA=='],
  statusListUrl: 'https://al.certs.example/status/revocations',
  ...overrides,
});
