// What a password must be before anyone may choose it (docs/security.md, "Passwords"): long enough, not blank,
// not a run of one pattern, not one of the passwords that breach corpora show people use most, and not the
// account's own e-mail address (the first thing someone guessing at one account tries).
import { AppError } from '../errors.ts';
import { COMMON_LONG_PASSWORDS, COMMON_PASSWORD_WORDS } from './common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 12;
/** The longest password a login takes (sessions.ts): a longer one could never be used. */
export const MAX_PASSWORD_LENGTH = 1024;

/** Stable reasons, sent as `reason` of the WEAK_PASSWORD field error. */
export type PasswordWeakness =
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'BLANK'
  | 'REPETITIVE'
  | 'COMMON'
  | 'PERSONAL'
  | 'SAME_AS_CURRENT';

const MESSAGES: Record<PasswordWeakness, string> = {
  TOO_SHORT: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
  TOO_LONG: `must be at most ${MAX_PASSWORD_LENGTH} characters`,
  BLANK: 'must not be only spaces',
  REPETITIVE: 'must not be one short pattern repeated',
  COMMON: 'is one of the most commonly used passwords',
  PERSONAL: 'must not contain the account’s e-mail address or the part before the @',
  SAME_AS_CURRENT: 'must differ from the current password',
};

let commonLong: Set<string> | undefined;
let commonWords: Set<string> | undefined;
const lists = () => {
  commonLong ??= new Set(COMMON_LONG_PASSWORDS.split(' '));
  commonWords ??= new Set(COMMON_PASSWORD_WORDS.split(' '));
  return { commonLong, commonWords };
};

/** Lower case, NFC, without spaces: "Pass Word 1234" is "password1234". */
const folded = (password: string) => password.normalize('NFC').toLowerCase().replace(/\s+/g, '');

const isCommon = (password: string): boolean => {
  const { commonLong, commonWords } = lists();
  const plain = folded(password);
  if (commonLong.has(plain)) return true;
  // a common word with digits or symbols put before or after it: "password1234", "2024football!!"
  const core = plain.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return core !== plain && (commonWords.has(core) || commonLong.has(core));
};

/** Few distinct characters, or one piece said again and again: "aaaaaaaaaaaa", "abcabcabcabc", "monkeymonkey". */
const isRepetitive = (password: string): boolean => {
  const plain = folded(password);
  return new Set(plain).size < 5 || /^(.+?)\1+$/u.test(plain);
};

/** A local part shorter than this ("ana@…") is too likely to occur by chance in a good passphrase. */
const MIN_PERSONAL_PART = 4;

/**
 * The account's address, or the part before the @ when it is at least 4 characters, anywhere in the password
 * (compared as isCommon compares: lower case, NFC, spaces ignored); the local part also without its dots,
 * dashes and underscores ("jovana.t@…" in "JovanaT-2026-summer").
 */
const isPersonal = (password: string, email: string | undefined): boolean => {
  if (!email) return false;
  const plain = folded(password);
  const address = folded(email);
  const local = address.split('@')[0] ?? '';
  const parts = [address, local, local.replace(/[._+-]/g, '')].filter(
    (part) => [...part].length >= MIN_PERSONAL_PART,
  );
  return parts.some((part) => plain.includes(part));
};

/** Whose password it is, for the rules that compare it with the account. */
export interface PasswordOwner {
  email?: string | undefined;
}

/** Why a password is refused, or undefined when it may be used. Lengths count characters (code points, NFC). */
export const passwordWeakness = (
  password: string,
  owner: PasswordOwner = {},
): PasswordWeakness | undefined => {
  const length = [...password.normalize('NFC')].length;
  if (password.trim() === '') return 'BLANK';
  if (length < MIN_PASSWORD_LENGTH) return 'TOO_SHORT';
  if (length > MAX_PASSWORD_LENGTH) return 'TOO_LONG';
  if (isRepetitive(password)) return 'REPETITIVE';
  if (isCommon(password)) return 'COMMON';
  if (isPersonal(password, owner.email)) return 'PERSONAL';
  return undefined;
};

export const weakPassword = (path: string, reason: PasswordWeakness) =>
  new AppError('WEAK_PASSWORD', `The password ${MESSAGES[reason]}.`, {
    errors: [{ path, message: MESSAGES[reason], code: 'weak_password', reason }],
  });

/** Throws WEAK_PASSWORD on `path`, with the reason, unless the password may be used by `owner`. */
export const requireStrongPassword = (password: string, path: string, owner: PasswordOwner = {}): void => {
  const reason = passwordWeakness(password, owner);
  if (reason) throw weakPassword(path, reason);
};
