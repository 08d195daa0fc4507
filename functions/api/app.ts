// The api function: one Hono app for exporters, staff and admins. lambda.ts and local/server.ts only mount it.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { ApiDeps } from '../config/deps.ts';
import { AppError } from '../core/errors.ts';
import { notFound, onError } from '../http/problem.ts';
import type { ApiEnv } from './env.ts';
import { authenticate } from './middleware/authenticate.ts';
import { applicationRoutes } from './routes/applications.ts';
import { authRoutes } from './routes/auth.ts';
import { certificateRoutes } from './routes/certificates.ts';

const JSON_BODY_LIMIT = 1024 * 1024;

export const createApiApp = (deps: Pick<ApiDeps, 'core' | 'health' | 'secureCookies'>) => {
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
    await next();
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: JSON_BODY_LIMIT,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', `Request bodies are limited to ${JSON_BODY_LIMIT} bytes.`);
      },
    }),
  );
  app.use('/api/*', authenticate);
  app.route('/api', authRoutes({ secureCookies: deps.secureCookies }));
  app.route('/api/applications', applicationRoutes);
  app.route('/api/certificates', certificateRoutes);
  return app;
};
