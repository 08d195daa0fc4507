// The portal function: server-rendered pages (Hono JSX) for exporters, chamber staff and administrators,
// under /portal. Handlers call the same core verbs as the JSON API; forms are protected against CSRF
// (Origin / Sec-Fetch-Site), the session cookie is the API's, and the CSP allows only this site's own
// stylesheet and script. lambda.ts and local/server.ts only mount it.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { GetConnInfo } from 'hono/conninfo';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { logger } from '../adapters/log/json-logger.ts';
import type { Core } from '../core/core.ts';
import { AppError } from '../core/errors.ts';
import { PLATFORM_SCOPE } from '../core/network/chamber.ts';
import type { ChamberDirectory } from '../core/network/chamber-directory.ts';
import { accessLog, noteChamber } from '../http/access-log.ts';
import {
  chamberNamedBy,
  keepChamberPath,
  pathWithoutChamber,
  resolveChamber,
} from '../http/chamber-routing.ts';
import { clientAddressOf } from '../http/client-address.ts';
import { serveFavicon } from '../http/favicon.ts';
import { statusOf } from '../http/problem.ts';
import { PORTAL_CSS } from './assets/portal-css.ts';
import { PORTAL_JS } from './assets/portal-js.ts';
import { PORTAL, type PortalEnv } from './context.ts';
import { portalContext, requireLogin, setLanguage } from './portal-session.ts';
import { adminRoutes } from './routes/admin.tsx';
import { applicationRoutes } from './routes/applications.tsx';
import { authRoutes, passwordRoutes } from './routes/auth.tsx';
import { integrationRoutes } from './routes/integrations.tsx';
import { notificationRoutes, passwordResetRoutes } from './routes/mail.tsx';
import { networkRoutes } from './routes/network.tsx';
import { reviewRoutes } from './routes/review.tsx';
import { ErrorPage } from './views/auth-pages.tsx';
import { viewOf } from './views/view-context.ts';

/** A chamber's wiring as the portal needs it: its core verbs and its published keys (admin overview). */
export interface PortalChamber {
  core: Core;
  verifier: { publicKeys: PortalEnv['Variables']['publicKeys'] };
}

export interface PortalDeps {
  /** The chambers served here (docs/network.md §3); the request's host or /c/<id> path chooses one. */
  chambers: ChamberDirectory<PortalChamber>;
  /** The platform operator's scope, at /c/platform/portal. */
  platform: Core;
  secureCookies: boolean;
  maxAttachmentBytes: number;
}

/** The portal needs what the api function has: the chambers' cores and published keys. */
export const portalDepsOf = (api: {
  core: Core;
  chambers: ChamberDirectory<PortalChamber>;
  platform: Core;
  secureCookies: boolean;
}): PortalDeps => ({
  chambers: api.chambers,
  platform: api.platform,
  secureCookies: api.secureCookies,
  maxAttachmentBytes: api.core.maxAttachmentBytes,
});

export interface PortalAppOptions {
  connInfo?: GetConnInfo;
}

/** Multipart framing around an uploaded file. */
const MULTIPART_OVERHEAD = 64 * 1024;

const asset = (body: string, type: string) => (c: Context) =>
  c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' });

export const createPortalApp = (deps: PortalDeps, options: PortalAppOptions = {}) => {
  const app = new Hono<PortalEnv>({ getPath: pathWithoutChamber });
  const onError = (error: Error, c: Context<PortalEnv>) => {
    if (!c.var.m) setLanguage(c, deps.secureCookies);
    const v = viewOf(c);
    if (error instanceof HTTPException) {
      // hono/csrf refuses a form post that does not come from this site
      const status = error.status === 403 ? 403 : error.status === 413 ? 413 : 400;
      const detail = status === 403 ? v.m.errors.csrf : v.m.errors.codes.MALFORMED_REQUEST;
      return c.html(<ErrorPage v={v} title={v.m.errors.title} detail={detail} />, status);
    }
    if (error instanceof AppError) {
      if (error.code === 'UNAUTHENTICATED') return c.redirect(`${PORTAL}/login`, 303);
      if (statusOf(error.code) >= 500) logger.error('portal request failed', { path: c.req.path, error });
      return c.html(
        <ErrorPage v={v} title={v.m.errors.codes[error.code]} detail={error.message} />,
        statusOf(error.code),
      );
    }
    logger.error('unhandled portal error', { path: c.req.path, error });
    return c.html(<ErrorPage v={v} title={v.m.errors.codes.INTERNAL} />, 500);
  };
  app.onError(onError);
  app.use(accessLog());
  app.use(
    `${PORTAL}/*`,
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      xFrameOptions: 'SAMEORIGIN',
    }),
  );
  app.get(`${PORTAL}/assets/portal.css`, asset(PORTAL_CSS, 'text/css; charset=utf-8'));
  app.get(`${PORTAL}/assets/portal.js`, asset(PORTAL_JS, 'text/javascript; charset=utf-8'));
  app.get(`${PORTAL}/favicon.svg`, serveFavicon);
  // on the path form (/c/<id>/portal/…) links, redirects and cookies stay under the prefix
  app.use('*', keepChamberPath);
  app.use(
    `${PORTAL}/*`,
    portalContext({
      chamberOf: async (c) => {
        const named = chamberNamedBy(c);
        if (named && 'pathId' in named && named.pathId === PLATFORM_SCOPE) {
          noteChamber(c, PLATFORM_SCOPE);
          return { core: deps.platform, publicKeys: async () => ({ keys: [] }) };
        }
        const { wiring } = await resolveChamber(deps.chambers, c);
        return { core: wiring.core, publicKeys: wiring.verifier.publicKeys };
      },
      secureCookies: deps.secureCookies,
      clientAddress: clientAddressOf(options.connInfo),
    }),
  );
  app.use(`${PORTAL}/*`, csrf());
  app.use(
    `${PORTAL}/*`,
    bodyLimit({
      maxSize: deps.maxAttachmentBytes + MULTIPART_OVERHEAD,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', 'The upload is too large.');
      },
    }),
  );
  app.use(`${PORTAL}/*`, async (c, next) => {
    c.header('Cache-Control', 'private, no-store');
    await next();
  });
  app.route(PORTAL, authRoutes({ secureCookies: deps.secureCookies }));
  app.route(PORTAL, passwordResetRoutes);
  app.use(`${PORTAL}/*`, requireLogin);
  app.route(PORTAL, passwordRoutes({ secureCookies: deps.secureCookies }));
  app.route(PORTAL, applicationRoutes);
  app.route(PORTAL, reviewRoutes);
  app.route(PORTAL, adminRoutes({ secureCookies: deps.secureCookies }));
  app.route(PORTAL, integrationRoutes);
  app.route(PORTAL, notificationRoutes);
  app.route(PORTAL, networkRoutes({ secureCookies: deps.secureCookies }));
  app.get('/', (c) => c.redirect(PORTAL, 302));
  return app;
};
