// The api function: one Hono app for exporters, staff and admins. lambda.ts and local/server.ts only mount it.
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { GetConnInfo } from 'hono/conninfo';
import { secureHeaders } from 'hono/secure-headers';
import type { ApiDeps } from '../config/deps.ts';
import { AppError } from '../core/errors.ts';
import { notFound, onError } from '../http/problem.ts';
import { strictUtf8Json } from '../http/strict-json.ts';
import type { ApiEnv } from './env.ts';
import { authenticate } from './middleware/authenticate.ts';
import { refuseCrossSiteCookies } from './middleware/cross-site.ts';
import { idempotency } from './middleware/idempotency.ts';
import { requireApiMediaType } from './middleware/media-type.ts';
import { documentationRoutes } from './openapi.ts';
import { accountRoutes } from './routes/accounts.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { applicationRoutes } from './routes/applications.ts';
import { authRoutes } from './routes/auth.ts';
import { certificateRoutes } from './routes/certificates.ts';
import { webhookRoutes } from './routes/webhooks.ts';

const JSON_BODY_LIMIT = 1024 * 1024;
/** Multipart framing around an uploaded file. */
const MULTIPART_OVERHEAD = 64 * 1024;

export interface ApiAppOptions {
  /** How to find the caller's address on this runtime (login throttling). */
  connInfo?: GetConnInfo;
}

const limitBodies = (maxAttachmentBytes: number) => {
  const tooLarge = (limit: number) => () => {
    throw new AppError('PAYLOAD_TOO_LARGE', `This request is limited to ${limit} bytes.`);
  };
  const json = bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge(JSON_BODY_LIMIT) });
  const files = bodyLimit({
    maxSize: maxAttachmentBytes + MULTIPART_OVERHEAD,
    onError: tooLarge(maxAttachmentBytes),
  });
  return (c: Context, next: () => Promise<void>) => {
    // mounted beside the verify app on one port locally: its routes set their own limits
    if (c.req.path.startsWith('/api/verify/')) return next();
    // the UTF-8 check reads the body: only once its size is known to be within the limit
    return (c.req.path.endsWith('/attachments') ? files : json)(c, async () => {
      await strictUtf8Json(c, next);
    });
  };
};

/** The verify app is mounted beside this one on one port locally: its public routes keep their own rules. */
const apiOnly =
  (middleware: MiddlewareHandler): MiddlewareHandler =>
  (c, next) =>
    c.req.path.startsWith('/api/verify/') ? next() : middleware(c, next);

const clientAddress = (c: Context, connInfo: GetConnInfo | undefined): string | undefined => {
  try {
    return connInfo?.(c).remote.address;
  } catch {
    return undefined; // app.request() in tests has no socket
  }
};

export const createApiApp = (
  deps: Pick<ApiDeps, 'core' | 'health' | 'secureCookies'>,
  options: ApiAppOptions = {},
) => {
  const app = new Hono<ApiEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use(secureHeaders());
  app.get('/healthz', async (c) => {
    const health = await deps.health();
    return c.json(health, health.ok ? 200 : 503);
  });
  app.use('/api/*', async (c, next) => {
    c.set('core', deps.core);
    c.set('clientAddress', clientAddress(c, options.connInfo));
    await next();
  });
  app.use('/api/*', limitBodies(deps.core.maxAttachmentBytes));
  app.use('/api/*', authenticate);
  app.use('/api/*', apiOnly(refuseCrossSiteCookies(deps.core.issuer.publicBaseUrl)));
  app.use('/api/*', apiOnly(requireApiMediaType));
  app.use('/api/*', idempotency);
  app.route('/api', authRoutes({ secureCookies: deps.secureCookies }));
  app.route('/api', accountRoutes);
  app.route('/api/api-keys', apiKeyRoutes);
  app.route('/api/applications', applicationRoutes);
  app.route('/api/certificates', certificateRoutes);
  app.route('/api/webhooks', webhookRoutes);
  app.route('/', documentationRoutes(app, deps.core.issuer.publicBaseUrl));
  return app;
};
