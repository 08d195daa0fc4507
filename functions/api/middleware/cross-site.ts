// CSRF defence for the JSON API. The session cookie is SameSite=Lax, and "same site" includes other ports and
// subdomains of the same host, so a page there could post a form that the browser sends with the cookie. An
// unsafe request that would be authenticated by the cookie is therefore accepted only when the browser says it
// comes from this service's own origin: Sec-Fetch-Site: same-origin, or an Origin equal to the request's own
// origin or PUBLIC_BASE_URL's. A request with an Authorization header is not exposed (a cross-site page cannot
// set that header without a CORS preflight, which this API never grants), and neither is one whose cookie
// authenticates no one (it acts as anonymous). Runs after `authenticate`. See docs/security.md, "CSRF".
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError } from '../../core/errors.ts';
import { SESSION_COOKIE } from '../../http/session-cookie.ts';
import type { ApiEnv } from '../context.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/** The chamber's own origin counts as this site (its PUBLIC_BASE_URL, or its host on the network). */
export const refuseCrossSiteCookies = (): MiddlewareHandler<ApiEnv> => {
  return async (c, next) => {
    const configured = originOf(c.var.core.issuer.publicBaseUrl);
    if (
      SAFE_METHODS.has(c.req.method) ||
      !c.var.actor ||
      c.req.header('Authorization') !== undefined ||
      getCookie(c, SESSION_COOKIE) === undefined
    ) {
      return next();
    }
    const fetchSite = c.req.header('Sec-Fetch-Site');
    const origin = c.req.header('Origin');
    const sameOrigin =
      fetchSite === 'same-origin' ||
      (origin !== undefined && (origin === originOf(c.req.url) || origin === configured));
    if (!sameOrigin) {
      throw new AppError(
        'CSRF_REJECTED',
        'A request authenticated by the session cookie must come from this site (Origin or Sec-Fetch-Site); API clients send a bearer token instead.',
      );
    }
    await next();
  };
};
