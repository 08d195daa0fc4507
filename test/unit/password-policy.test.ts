// The password policy (docs/security.md, "Passwords"), and the common-password list it ships, derived from a
// maintained package by scripts/build-common-passwords.ts.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { passwordWeakness, requireStrongPassword } from '../../functions/core/auth/password-policy.ts';
import { loginDelayMs } from '../../functions/core/auth/sessions.ts';
import { isAppError } from '../../functions/core/errors.ts';
import { commonPasswordsModule, TARGET } from '../../scripts/build-common-passwords.ts';

describe('password policy', () => {
  it.each([
    ['', 'BLANK'],
    [' '.repeat(12), 'BLANK'],
    ['\t\n   \u00a0   \t  ', 'BLANK'],
    ['elevenchars', 'TOO_SHORT'],
    ['ааааа бббб', 'TOO_SHORT'],
    ['x'.repeat(1025), 'TOO_LONG'],
    ['aaaaaaaaaaaa', 'REPETITIVE'],
    ['121212121212', 'REPETITIVE'],
    ['monkeymonkey', 'REPETITIVE'],
    ['password1234', 'COMMON'],
    ['Password1234', 'COMMON'],
    ['pass word 1234', 'COMMON'],
    ['qwerty123456', 'COMMON'],
    ['administrator', 'COMMON'],
    ['iloveyou2024!', 'COMMON'],
    ['!!football!!2026', 'COMMON'],
  ])('refuses %j: %s', (password, reason) => {
    expect(passwordWeakness(password)).toBe(reason);
  });

  it.each([
    'correct horse battery staple',
    'twelve chars',
    'Охридско езеро во зима',
    'sunshine-at-the-lake',
    'tc-7Gq2-pXv9-LmW4',
  ])('accepts %j', (password) => {
    expect(passwordWeakness(password)).toBeUndefined();
  });

  it('counts characters, not UTF-16 units or bytes: twelve Cyrillic letters are enough', () => {
    expect(passwordWeakness('Скопјеохрид1')).toBeUndefined();
    expect(passwordWeakness('🔒🔑🔒🔑🔒🔑🔒🔑🔒🔑🔒')).toBe('TOO_SHORT');
  });

  it.each([
    ['the address itself', 'jovana.trajkovska@firma.mk', 'jovana.trajkovska@firma.mk'],
    ['the address in capitals, with spaces', 'Jovana.Trajkovska @ Firma.mk', 'jovana.trajkovska@firma.mk'],
    ['the address with more around it', '2026-jovana.trajkovska@firma.mk!', 'jovana.trajkovska@firma.mk'],
    ['the local part with digits', 'jovana.trajkovska2026', 'jovana.trajkovska@firma.mk'],
    ['the local part without its dot', 'JovanaTrajkovska-summer', 'jovana.trajkovska@firma.mk'],
    ['a four-letter local part', 'mark-is-here-again', 'mark@firma.mk'],
    ['a Cyrillic local part', 'мојата-јована-лозинка', 'јована@фирма.мк'],
  ])('refuses %s as PERSONAL', (_what, password, email) => {
    expect(passwordWeakness(password, { email })).toBe('PERSONAL');
  });

  it.each([
    ['a local part shorter than 4 characters inside a passphrase', 'banana bread at noon', 'ana@firma.mk'],
    ['a passphrase unrelated to the address', 'correct horse battery staple', 'jovana@firma.mk'],
    ['the same password without an owner', 'jovana.trajkovska2026', undefined],
  ])('accepts %s', (_what, password, email) => {
    expect(passwordWeakness(password, { email })).toBeUndefined();
  });

  it('names PERSONAL on the field, with the English words for the API', () => {
    try {
      requireStrongPassword('jovana.trajkovska2026', 'password', { email: 'jovana.trajkovska@firma.mk' });
      expect.unreachable();
    } catch (error) {
      expect((error as { errors: unknown }).errors).toEqual([
        {
          path: 'password',
          message: 'must not contain the account’s e-mail address or the part before the @',
          code: 'weak_password',
          reason: 'PERSONAL',
        },
      ]);
    }
  });

  it('throws WEAK_PASSWORD with the field and a stable reason', () => {
    try {
      requireStrongPassword('password1234', 'newPassword');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error, 'WEAK_PASSWORD')).toBe(true);
      expect((error as { errors: unknown }).errors).toEqual([
        {
          path: 'newPassword',
          message: 'is one of the most commonly used passwords',
          code: 'weak_password',
          reason: 'COMMON',
        },
      ]);
    }
  });

  it('ships the common-password list exactly as the generator derives it from @zxcvbn-ts/language-common', async () => {
    expect(await readFile(TARGET, 'utf8')).toBe(await commonPasswordsModule());
  });
});

describe('login delay per account', () => {
  it('is nothing for the first 3 failures, then 250 ms doubling, and never more than 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100].map(loginDelayMs)).toEqual([
      0, 0, 0, 250, 500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });
});
