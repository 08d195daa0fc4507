// Signing keys on disk (local default): ES256 private JWKs under the keys directory, one marked active.
// Production keys live in KMS behind the same KeyRing port.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { JwsSigner, KeyRing } from '../../core/ports.ts';
import { protectedHeader } from '../../core/sealing/token-types.ts';

interface StoredKey {
  kid: string;
  createdAt: string;
  retiredAt?: string;
  privateJwk: JWK;
}

const KEY_FILE = /^signing-key-.+\.json$/;

/** The members of an EC public JWK that RFC 7638 hashes into the key id. */
const publicPart = (jwk: JWK): JWK => ({ kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) });

/** Creates the first ES256 signing key when the directory has none. Returns the active key id. */
export const ensureSigningKey = async (dir: string, now: Date): Promise<string> => {
  const existing = await readKeys(dir);
  const active = existing.find((key) => !key.retiredAt);
  if (active) return active.kid;
  return (await createSigningKey(dir, now)).kid;
};

export const createSigningKey = async (dir: string, now: Date): Promise<StoredKey> => {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicPart(privateJwk), 'sha256');
  const stored: StoredKey = { kid, createdAt: now.toISOString(), privateJwk };
  await writeFile(join(dir, `signing-key-${kid}.json`), `${JSON.stringify(stored, null, 2)}\n`, {
    mode: 0o600,
  });
  return stored;
};

const readKeys = async (dir: string): Promise<StoredKey[]> => {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const keys = await Promise.all(
    names
      .filter((name) => KEY_FILE.test(name))
      .map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as StoredKey),
  );
  return keys.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
};

/**
 * Rotation: a new key becomes active and the previous ones are marked retired. Retired keys stay published
 * (with the date they stopped signing), so that everything they sealed still verifies.
 */
export const rotateSigningKey = async (
  dir: string,
  now: Date,
): Promise<{ active: string; retired: string[] }> => {
  const existing = await readKeys(dir);
  const created = await createSigningKey(dir, now);
  const retired: string[] = [];
  for (const key of existing.filter((stored) => !stored.retiredAt)) {
    await writeFile(
      join(dir, `signing-key-${key.kid}.json`),
      `${JSON.stringify({ ...key, retiredAt: now.toISOString() }, null, 2)}\n`,
      {
        mode: 0o600,
      },
    );
    retired.push(key.kid);
  }
  return { active: created.kid, retired };
};

/** How long a running process trusts what it read: a rotation by the CLI reaches it within this time. */
const RELOAD_MS = 10_000;

const loadRing = async (dir: string) => {
  const keys = await readKeys(dir);
  const active = keys.filter((key) => !key.retiredAt).at(-1);
  if (!active)
    throw new Error(`No signing key in ${dir}: start the local stack once or run "tradecert keys rotate".`);
  const privateKey = await importJWK(active.privateJwk, 'ES256');
  const signer: JwsSigner = {
    kid: active.kid,
    sign: (payload, typing) =>
      new CompactSign(payload).setProtectedHeader(protectedHeader(active.kid, typing)).sign(privateKey),
  };
  const jwks = {
    keys: keys.map((key) => ({
      ...publicPart(key.privateJwk),
      kid: key.kid,
      alg: 'ES256',
      use: 'sig',
      // not registered JWK members; verifiers ignore them, people read them
      status: key.retiredAt ? 'retired' : 'active',
      validFrom: key.createdAt,
      ...(key.retiredAt ? { validUntil: key.retiredAt } : {}),
    })),
  };
  return { signer, jwks };
};

/** The newest key that is not retired signs; the directory is re-read at most every ten seconds. */
export const createFileKeyRing = async (dir: string): Promise<KeyRing> => {
  let ring = await loadRing(dir);
  let loadedAt = Date.now();
  const current = async () => {
    if (Date.now() - loadedAt > RELOAD_MS) {
      ring = await loadRing(dir);
      loadedAt = Date.now();
    }
    return ring;
  };
  return {
    activeSigner: async () => (await current()).signer,
    publicKeys: async () => (await current()).jwks,
    rotate: async () => {
      const rotated = await rotateSigningKey(dir, new Date());
      // this process signs with the new key at once; others (the verify app) within RELOAD_MS
      ring = await loadRing(dir);
      loadedAt = Date.now();
      return rotated;
    },
  };
};
