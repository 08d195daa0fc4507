// /openapi.json and /docs: the OpenAPI 3.1 document generated from the zod schemas the handlers validate with
// (hono-openapi), and a readable reference (Scalar). Nothing here is written by hand but titles and descriptions.
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { openAPIRouteHandler } from 'hono-openapi';
import { verifyRoutes } from '../verify/app.tsx';

// biome-ignore lint/suspicious/noExplicitAny: any app's routes can be documented
type AnyHono = Hono<any, any, any>;

export const documentationRoutes = (apiRoutes: AnyHono, publicBaseUrl: string) => {
  const documented = new Hono().route('/', apiRoutes).route('/', verifyRoutes);
  return new Hono()
    .get(
      '/openapi.json',
      openAPIRouteHandler(documented, {
        documentation: {
          openapi: '3.1.0',
          info: {
            title: 'tradecert API',
            version: '1',
            description:
              'Certificates of origin as signed e-documents. Errors are application/problem+json with a stable `code`. ' +
              "POST requests accept an `Idempotency-Key` header. Another organisation's records answer 404.",
          },
          servers: [{ url: publicBaseUrl }],
          components: {
            securitySchemes: {
              bearer: {
                type: 'http',
                scheme: 'bearer',
                description: 'A session token from /api/auth/login or an API key (tck_…)',
              },
              cookie: { type: 'apiKey', in: 'cookie', name: 'tc_session' },
            },
          },
          security: [{ bearer: [] }, { cookie: [] }],
        },
      }),
    )
    .get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'tradecert API' }));
};
