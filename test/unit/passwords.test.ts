// Password hashing: scrypt, self-describing, salted; verification never says yes by accident.
import { describe, expect, it } from 'vitest';
import { DECOY_HASH, hashPassword, verifyPassword } from '../../functions/core/auth/passwords.ts';

const PASSWORD = 'correct horse battery staple';

describe('password hashing', () => {
  it('verifies the password it hashed', async () => {
    const stored = await hashPassword(PASSWORD);

    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
  });

  it('rejects a different password', async () => {
    const stored = await hashPassword(PASSWORD);

    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('writes scrypt$N$r$p$salt$hash with N=16384, r=8, p=1, a 16-byte salt and a 32-byte key', async () => {
    const stored = await hashPassword(PASSWORD);

    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  it('salts every hash, so the same password hashes differently twice', async () => {
    const [first, second] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);

    expect(first).not.toBe(second);
    expect(await verifyPassword(PASSWORD, second)).toBe(true);
  });

  it('treats composed and decomposed forms of the same accented password alike (NFC)', async () => {
    const stored = await hashPassword('Söhne-Šćepan');

    expect(await verifyPassword('So\u0308hne-S\u030Cc\u0301epan', stored)).toBe(true);
  });

  it('verifies nothing against the decoy hash', async () => {
    expect(await verifyPassword('', DECOY_HASH)).toBe(false);
    expect(await verifyPassword(PASSWORD, DECOY_HASH)).toBe(false);
  });

  it.each([
    ['an empty string', ''],
    ['another scheme', '$2b$10$abcdefghijklmnopqrstuuJ0xr1Ub9g3JdWn7c0g0fGx5l8r6bC6'],
    ['a missing hash', 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$'],
    ['a missing salt', 'scrypt$16384$8$1$$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['too few parts', 'scrypt$16384$8$1'],
  ])('answers false for a stored hash that is %s', async (_, stored) => {
    expect(await verifyPassword(PASSWORD, stored)).toBe(false);
  });

  // BUG (functions/core/auth/passwords.ts, verifyPassword): non-numeric or invalid scrypt parameters make
  // `scrypt` throw, so verifyPassword rejects instead of answering false (a login would fail with a 500).
  it.each([
    ['a non-numeric N', 'scrypt$abc$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    [
      'an N that is not a power of two',
      'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
  ])('answers false, without throwing, for a stored hash with %s', async (_, stored) => {
    await expect(verifyPassword(PASSWORD, stored)).resolves.toBe(false);
  });

  // BUG (functions/core/auth/passwords.ts, verifyPassword): a hash part that decodes to zero bytes ('!!!', 'A')
  // makes scrypt derive an empty key, and two empty buffers compare equal: any password is accepted.
  it.each([
    ['is not base64url', 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$!!!'],
    ['is truncated to one character', 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$A'],
  ])('accepts no password when the hash part %s', async (_, stored) => {
    expect(await verifyPassword('any password at all', stored)).toBe(false);
  });
});
