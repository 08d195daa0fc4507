// One-time notices for the page after a redirect ("Saved."): a message key in a short-lived cookie.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { PORTAL, type PortalEnv } from './context.ts';

const FLASH_COOKIE = 'tc_flash';

/** A one-time notice for the page after a redirect: a message key, never data. */
export type FlashKey =
  | 'saved'
  | 'submitted'
  | 'approved'
  | 'changesRequested'
  | 'rejected'
  | 'revoked'
  | 'replaced'
  | 'rotated'
  | 'passwordChanged'
  | 'done';

export const setFlash = (c: Context<PortalEnv>, key: FlashKey) =>
  setCookie(c, FLASH_COOKIE, key, { path: PORTAL, sameSite: 'Lax', httpOnly: true, maxAge: 60 });

export const takeFlash = (c: Context<PortalEnv>): string | undefined => {
  const key = getCookie(c, FLASH_COOKIE) as FlashKey | undefined;
  if (!key) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: PORTAL });
  const m = c.var.m;
  const texts: Record<FlashKey, string> = {
    saved: m.form.saved,
    submitted: m.form.submitted,
    approved: m.review.approved,
    changesRequested: m.review.changesRequested,
    rejected: m.review.rejected,
    revoked: m.certificates.revoked,
    replaced: m.certificates.replaced,
    rotated: m.admin.rotated,
    passwordChanged: m.flash.passwordChanged,
    done: m.flash.done,
  };
  return texts[key];
};

const ACCOUNT_NOTICE_COOKIE = 'tc_account_notice';
const USERS_PAGE = `${PORTAL}/admin/users`;

/**
 * What the users page says once after an admin created a user or reset a password: whose account (by id, the
 * page names the person), and the one-time password when the service chose it. A short-lived cookie for that
 * page only, read once and deleted, so that the password is never in a URL and a reload neither shows it again
 * nor repeats the POST (POST-redirect-GET).
 */
export interface AccountNotice {
  kind: 'created' | 'reset';
  userId: string;
  password?: string | undefined;
}

export const setAccountNotice = (c: Context<PortalEnv>, notice: AccountNotice, secure: boolean) =>
  setCookie(c, ACCOUNT_NOTICE_COOKIE, Buffer.from(JSON.stringify(notice)).toString('base64url'), {
    path: USERS_PAGE,
    sameSite: 'Strict',
    httpOnly: true,
    secure,
    maxAge: 60,
  });

const isAccountNotice = (value: unknown): value is AccountNotice => {
  const notice = value as Partial<AccountNotice> | null;
  return (
    typeof notice === 'object' &&
    notice !== null &&
    (notice.kind === 'created' || notice.kind === 'reset') &&
    typeof notice.userId === 'string' &&
    (notice.password === undefined || typeof notice.password === 'string')
  );
};

export const takeAccountNotice = (c: Context<PortalEnv>): AccountNotice | undefined => {
  const value = getCookie(c, ACCOUNT_NOTICE_COOKIE);
  if (!value) return undefined;
  deleteCookie(c, ACCOUNT_NOTICE_COOKIE, { path: USERS_PAGE });
  try {
    const notice: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return isAccountNotice(notice) ? notice : undefined;
  } catch {
    return undefined;
  }
};
