// Who is reading and in which language: the api's session cookie (one login for both apps), ?lang=
// remembered in a cookie, Accept-Language otherwise.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Actor } from '../core/accounts.ts';
import type { Core } from '../core/core.ts';
import { AppError } from '../core/errors.ts';
import { SESSION_COOKIE } from '../http/session-cookie.ts';
import { PORTAL, type PortalEnv } from './context.ts';
import { formatters } from './formatters.ts';
import { choosePortalLanguage, PORTAL_MESSAGES } from './messages/index.ts';

const LANGUAGE_COOKIE = 'tc_lang';

export interface PortalContextOptions {
  /** The request's chamber: its core and its published keys. */
  chamberOf: (c: Context) => Promise<{ core: Core; publicKeys: PortalEnv['Variables']['publicKeys'] }>;
  secureCookies: boolean;
  clientAddress: (c: Context) => string | undefined;
}

export const portalContext =
  (options: PortalContextOptions): MiddlewareHandler<PortalEnv> =>
  async (c, next) => {
    const { core, publicKeys } = await options.chamberOf(c);
    c.set('core', core);
    c.set('publicKeys', publicKeys);
    c.set('clientAddress', options.clientAddress(c));
    setLanguage(c, options.secureCookies);
    const token = getCookie(c, SESSION_COOKIE);
    c.set('actor', token ? await core.authenticate(token) : undefined);
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
