// Password hashing with scrypt (memory-hard), self-describing so parameters can be raised later.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const PARAMS = { N: 16384, r: 8, p: 1, keyLength: 32 };

const derive = (password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number) =>
  new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16);
  const { N, r, p, keyLength } = PARAMS;
  const key = await derive(password, salt, N, r, p, keyLength);
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
};

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;

/** False for a wrong password and for a stored hash that is malformed or uses parameters out of range. */
export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  if (!isPowerOfTwo(N) || N < 2 ** 14 || N > 2 ** 20 || !Number.isInteger(R) || R < 1 || R > 32) return false;
  if (!Number.isInteger(P) || P < 1 || P > 16) return false;
  const saltBytes = Buffer.from(salt, 'base64url');
  const expected = Buffer.from(hash, 'base64url');
  if (saltBytes.length < 16 || expected.length < 16 || expected.length > 64) return false;
  try {
    const actual = await derive(password, saltBytes, N, R, P, expected.length);
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
};

/** A hash of a random password: checked against when the account does not exist, so that timing tells nothing. */
export const DECOY_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
