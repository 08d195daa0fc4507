// The api function: one Hono app for exporters, staff and admins. lambda.ts and local/server.ts only mount it.
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { GetConnInfo } from 'hono/conninfo';
import { secureHeaders } from 'hono/secure-headers';
import type { ApiDeps } from '../config/deps.ts';
import { AppError } from '../core/errors.ts';
import { PLATFORM_SCOPE } from '../core/network/chamber.ts';
import { accessLog, noteChamber } from '../http/access-log.ts';
import { chamberNamedBy, pathWithoutChamber, resolveChamber } from '../http/chamber-routing.ts';
import { clientAddressOf } from '../http/client-address.ts';
import { addHealthRoute } from '../http/health.ts';
import { notFound, onError } from '../http/problem.ts';
import { type SiblingRoutes, servedBySibling } from '../http/sibling-routes.ts';
import { strictUtf8Json } from '../http/strict-json.ts';
import type { ApiEnv } from './context.ts';
import { authenticate } from './middleware/authenticate.ts';
import { refuseCrossSiteCookies } from './middleware/cross-site.ts';
import { idempotency } from './middleware/idempotency.ts';
import { requireApiMediaType } from './middleware/media-type.ts';
import { describeHealthRoute, documentationRoutes } from './openapi.ts';
import { accountRoutes } from './routes/accounts.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { applicationRoutes } from './routes/applications.ts';
import { authRoutes } from './routes/auth.ts';
import { certificateRoutes } from './routes/certificates.ts';
import { chamberRoutes, ownChamberRoutes } from './routes/chambers.ts';
import { mailRoutes } from './routes/mail.ts';
import { webhookRoutes } from './routes/webhooks.ts';

const JSON_BODY_LIMIT = 1024 * 1024;
/** Multipart framing around an uploaded file. */
const MULTIPART_OVERHEAD = 64 * 1024;

export interface ApiAppOptions {
  /** How to find the caller's address on this runtime (login throttling). */
  connInfo?: GetConnInfo;
  /**
   * The apps beside this one on the public origin (verify): their paths under /api/ keep their own rules, and
   * /openapi.json documents their routes too. Handed over by the composition root.
   */
  siblings?: readonly SiblingRoutes[];
}

const limitBodies = (maxAttachmentBytes: number, siblings: readonly SiblingRoutes[]) => {
  const tooLarge = (limit: number) => () => {
    throw new AppError('PAYLOAD_TOO_LARGE', `This request is limited to ${limit} bytes.`);
  };
  const json = bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge(JSON_BODY_LIMIT) });
  const files = bodyLimit({
    maxSize: maxAttachmentBytes + MULTIPART_OVERHEAD,
    onError: tooLarge(maxAttachmentBytes),
  });
  return (c: Context, next: () => Promise<void>) => {
    // mounted beside a sibling app on one port locally: its routes set their own limits
    if (servedBySibling(siblings, c.req.path)) return next();
    // the UTF-8 check reads the body: only once its size is known to be within the limit
    return (c.req.path.endsWith('/attachments') ? files : json)(c, async () => {
      await strictUtf8Json(c, next);
    });
  };
};

/** A sibling app may be mounted beside this one on one port locally: its public routes keep their own rules. */
const apiOnly =
  (siblings: readonly SiblingRoutes[], middleware: MiddlewareHandler): MiddlewareHandler =>
  (c, next) =>
    servedBySibling(siblings, c.req.path) ? next() : middleware(c, next);

export const createApiApp = (
  deps: Pick<ApiDeps, 'core' | 'chambers' | 'platform' | 'health' | 'secureCookies'>,
  options: ApiAppOptions = {},
) => {
  const siblings = options.siblings ?? [];
  const clientAddress = clientAddressOf(options.connInfo);
  const app = new Hono<ApiEnv>({ getPath: pathWithoutChamber });
  app.onError(onError);
  app.notFound(notFound);
  app.use(accessLog());
  app.use(secureHeaders());
  addHealthRoute(app, deps.health, describeHealthRoute);
  app.use('/api/*', async (c, next) => {
    // the chamber of the request: its core answers, so another chamber's records are simply not there (404)
    const named = chamberNamedBy(c);
    const platform = named && 'pathId' in named && named.pathId === PLATFORM_SCOPE;
    if (platform) noteChamber(c, PLATFORM_SCOPE);
    c.set('core', platform ? deps.platform : (await resolveChamber(deps.chambers, c)).wiring.core);
    c.set('clientAddress', clientAddress(c));
    await next();
  });
  app.use('/api/*', limitBodies(deps.core.maxAttachmentBytes, siblings));
  app.use('/api/*', authenticate);
  app.use('/api/*', apiOnly(siblings, refuseCrossSiteCookies()));
  app.use('/api/*', apiOnly(siblings, requireApiMediaType));
  app.use('/api/*', idempotency);
  app.route('/api', authRoutes({ secureCookies: deps.secureCookies }));
  app.route('/api', mailRoutes);
  app.route('/api', accountRoutes);
  app.route('/api/api-keys', apiKeyRoutes);
  app.route('/api/applications', applicationRoutes);
  app.route('/api/certificates', certificateRoutes);
  app.route('/api/webhooks', webhookRoutes);
  app.route('/api/chambers', chamberRoutes);
  app.route('/api/chamber', ownChamberRoutes);
  app.route(
    '/',
    documentationRoutes([app, ...siblings.map((sibling) => sibling.routes)], deps.core.issuer.publicBaseUrl),
  );
  return app;
};
