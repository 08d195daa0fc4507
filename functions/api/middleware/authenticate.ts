// Bearer token or session cookie → actor. `authenticate` only identifies the caller (an anonymous call passes
// through with no actor); a handler that needs one calls `actorOf`, which refuses an anonymous call with 401.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Actor } from '../../core/accounts.ts';
import { AppError } from '../../core/errors.ts';
import { SESSION_COOKIE } from '../../http/session-cookie.ts';
import type { ApiEnv } from '../context.ts';

const bearerToken = (header: string | undefined): string | undefined => {
  const match = header?.match(/^Bearer\s+([A-Za-z0-9_-]{20,200})$/);
  return match?.[1];
};

export const authenticate: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const token = bearerToken(c.req.header('Authorization')) ?? getCookie(c, SESSION_COOKIE);
  c.set('sessionToken', token);
  c.set('actor', token ? await c.var.core.authenticate(token) : undefined);
  await next();
};

/** The caller, even one who must change their password first: only for /me and changing the password. */
export const actorEvenBeforePasswordChange = (c: Context<ApiEnv>): Actor => {
  const actor = c.var.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Log in or send a valid bearer token.');
  return actor;
};

/**
 * The caller of every other route. A person whose password was set by an administrator gets
 * PASSWORD_CHANGE_REQUIRED until they choose their own (POST /api/me/password).
 */
export const actorOf = (c: Context<ApiEnv>): Actor => {
  const actor = actorEvenBeforePasswordChange(c);
  if (actor.passwordChangeRequired) {
    throw new AppError(
      'PASSWORD_CHANGE_REQUIRED',
      'Choose your own password first: POST /api/me/password with the current and a new one.',
    );
  }
  return actor;
};
