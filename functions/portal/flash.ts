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
