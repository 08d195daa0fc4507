// The login session's cookie, one policy for the API and the portal: HttpOnly, SameSite=Lax, Secure behind
// https, for the whole site, until the session expires.
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'tc_session';

export const setSessionCookie = (
  c: Context,
  session: { token: string; expiresAt: string },
  secure: boolean,
): void =>
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    expires: new Date(session.expiresAt),
  });

export const clearSessionCookie = (c: Context, secure: boolean): void => {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
};
