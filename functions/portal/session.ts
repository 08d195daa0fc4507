// Who is reading and in which language: the api's session cookie (one login for both), ?lang= remembered in
// a cookie, Accept-Language otherwise. Pages for a role refuse other roles with FORBIDDEN; the core verbs
// make the actual authorisation decisions, exactly as for the API.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Actor, Role } from '../core/accounts.ts';
import type { Core } from '../core/core.ts';
import { AppError } from '../core/errors.ts';
import { FLASH_COOKIE, LANGUAGE_COOKIE, PORTAL, type PortalEnv, SESSION_COOKIE } from './env.ts';
import { formatters } from './formatters.ts';
import { choosePortalLanguage, PORTAL_MESSAGES } from './messages/index.ts';

export interface PortalContextOptions {
  core: Core;
  publicKeys: PortalEnv['Variables']['publicKeys'];
  secureCookies: boolean;
  clientAddress: (c: Context) => string | undefined;
}

export const portalContext =
  (options: PortalContextOptions): MiddlewareHandler<PortalEnv> =>
  async (c, next) => {
    c.set('core', options.core);
    c.set('publicKeys', options.publicKeys);
    c.set('clientAddress', options.clientAddress(c));
    setLanguage(c, options.secureCookies);
    const token = getCookie(c, SESSION_COOKIE);
    c.set('actor', token ? await options.core.authenticate(token) : undefined);
    await next();
  };

/** Sets language, messages and formatters; also used by the error handler when the middleware did not run. */
export const setLanguage = (c: Context<PortalEnv>, secureCookies: boolean) => {
  const asked = c.req.query('lang');
  const language = choosePortalLanguage(
    asked,
    getCookie(c, LANGUAGE_COOKIE),
    c.req.header('Accept-Language'),
  );
  if (asked === language) {
    setCookie(c, LANGUAGE_COOKIE, language, {
      path: PORTAL,
      sameSite: 'Lax',
      secure: secureCookies,
      httpOnly: true,
      maxAge: 60 * 60 * 24 * 365,
    });
  }
  c.set('language', language);
  c.set('m', PORTAL_MESSAGES[language]);
  c.set('format', formatters(language, c.var.core?.issuer.timeZone ?? 'UTC'));
};

/**
 * Anonymous readers of a page that needs a login go to the login page; a person who must choose their own
 * password first goes to the password page, whatever they asked for.
 */
export const requireLogin: MiddlewareHandler<PortalEnv> = async (c, next) => {
  if (!c.var.actor) return c.redirect(`${PORTAL}/login`, 303);
  if (c.var.actor.passwordChangeRequired && c.req.path !== `${PORTAL}/password`) {
    return c.redirect(`${PORTAL}/password`, 303);
  }
  await next();
};

export const actorOf = (c: Context<PortalEnv>): Actor => {
  const actor = c.var.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Log in first.');
  return actor;
};

/** Pages of one audience: another role gets FORBIDDEN (the page, not data of another organisation). */
export const allowRoles =
  (...roles: Role[]): MiddlewareHandler<PortalEnv> =>
  async (c, next) => {
    if (!roles.includes(actorOf(c).role)) {
      throw new AppError('FORBIDDEN', `This page is for ${roles.join(' and ')}.`);
    }
    await next();
  };

/** Where each role starts. */
export const homeOf = (actor: Actor): string =>
  actor.role === 'exporter'
    ? `${PORTAL}/applications`
    : actor.role === 'staff'
      ? `${PORTAL}/queue`
      : `${PORTAL}/admin/organisations`;

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

/** The posted form, every field as the browser sent it (repeated names as arrays). */
export const postedForm = async (c: Context<PortalEnv>) =>
  c.req.parseBody({ all: true }).catch((error: unknown) => {
    throw new AppError('MALFORMED_REQUEST', 'The form could not be read.', { cause: error });
  });

export const field = (form: Record<string, unknown>, name: string): string => {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
};

export const versionOf = (form: Record<string, unknown>): number => {
  const version = Number(field(form, 'version'));
  if (!Number.isInteger(version) || version < 1) {
    throw new AppError('MALFORMED_REQUEST', 'The form has no valid version; reload the page.');
  }
  return version;
};
