// /openapi.json and /docs: the OpenAPI 3.1 document generated from the zod schemas the handlers validate with
// (hono-openapi), and a readable reference rendered from it on the server (views/reference-page.tsx: no script, so
// nothing third-party runs on this origin). Nothing here is written by hand but titles and descriptions.
import { Hono } from 'hono';
import { describeRoute, type GenerateSpecOptions, generateSpecs, openAPIRouteHandler } from 'hono-openapi';
import * as z from 'zod';
import { json, problems, responses } from '../http/problem-responses.ts';
import type { AnyHono } from '../http/sibling-routes.ts';
import { REFERENCE_PAGE_CSP, type ReferenceDocument, renderReferencePage } from './views/reference-page.tsx';

const HealthSchema = z
  .object({ ok: z.boolean() })
  .catchall(z.union([z.boolean(), z.string()]))
  .meta({ id: 'Health', description: '`ok`, and what was checked: each dependency true when it answered' });

/** GET /healthz (http/health.ts), as the api's document describes it. */
export const describeHealthRoute = describeRoute({
  operationId: 'getHealth',
  tags: ['operations'],
  summary: 'Health: 200 when DynamoDB and S3 answer, 503 when not',
  description:
    'No authentication; for load balancers and monitors, and the same on every function. The body is the ' +
    'same shape either way: `ok`, and for each dependency checked whether it answered.',
  security: [],
  responses: responses(
    { 200: json('All is well', HealthSchema), 503: json('Something did not answer', HealthSchema) },
    problems(500),
  ),
});

const TAGS = [
  { name: 'sessions', description: 'Log in and out, who am I, change my password' },
  { name: 'accounts', description: 'Exporter organisations and users (administrators)' },
  { name: 'api-keys', description: "API keys for an exporter organisation's ERP" },
  { name: 'applications', description: 'Applications, their documents, review and issuance' },
  {
    name: 'certificates',
    description: 'Issued certificates: metadata, the sealed PDF, revocation, replacement',
  },
  { name: 'credentials', description: 'Certificates as W3C Verifiable Credentials, the DID and status list' },
  { name: 'webhooks', description: 'Webhook endpoints and their delivery log' },
  { name: 'mail', description: 'Forgotten passwords reset by mail, and which notifications each user gets' },
  { name: 'verification', description: 'Public verification: by code, seal, PDF or hash; keys and lists' },
  { name: 'network', description: 'The chambers of a deployment (platform operator) and their settings' },
  { name: 'operations', description: 'Health and this reference' },
];

/** Documents the api's routes and the fragments its siblings export (verify's public routes). */
export const documentationRoutes = (routes: readonly AnyHono[], publicBaseUrl: string) => {
  const documented = routes.reduce((merged, fragment) => merged.route('/', fragment), new Hono());
  const options: Partial<GenerateSpecOptions> = {
    documentation: {
      openapi: '3.1.0',
      info: {
        title: 'tradecert API',
        version: '1',
        license: { name: 'Proprietary', url: 'https://tradecert.dev/terms' },
        contact: { name: 'tradecert', url: 'https://tradecert.dev' },
        description:
          'Certificates of origin as signed e-documents. Errors are application/problem+json with a stable `code`; ' +
          'each entry of `errors` is `{path, message, code, params?}`: `message` is English for people, `code` a stable ' +
          'issue code to act on (required, too_long with params.maximum, not_a_number, not_a_country, unprintable with ' +
          'params.character, weak_password with `reason`, …). ' +
          "POST requests accept an `Idempotency-Key` header. Another organisation's records answer 404. " +
          'A person whose password an administrator set (a new account, a reset) gets 403 PASSWORD_CHANGE_REQUIRED ' +
          'from every route but GET /api/me, POST /api/me/password and logout until they choose their own. ' +
          'Passwords are checked by one policy: 400 WEAK_PASSWORD, with a `reason` on the field error. ' +
          'An organisation admin creating a user with an e-mail that is taken anywhere gets 409 EMAIL_UNAVAILABLE, ' +
          'which does not say where. ' +
          'Every certificate is also a W3C Verifiable Credential (VC 2.0, application/vc+jwt, issuer did:web, ' +
          'status in a Bitstring Status List): GET /api/certificates/{serial}/vc, GET /v/{code}/vc, ' +
          'POST /api/verify/vc (docs/credentials.md).',
      },
      servers: [{ url: publicBaseUrl, description: 'This deployment' }],
      tags: TAGS,
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
      paths: {
        '/openapi.json': {
          get: {
            operationId: 'getOpenApiDocument',
            tags: ['operations'],
            summary: 'This document',
            description:
              'No authentication. The OpenAPI 3.1 document generated from the schemas the handlers validate ' +
              'with, so it matches what the API accepts and answers; feed it to a client generator or ' +
              'Redocly. It is served by the deployment it describes (its `servers` entry).',
            security: [],
            responses: {
              200: {
                description: 'The OpenAPI 3.1 document',
                content: { 'application/json': { schema: { type: 'object' } } },
              },
            },
          },
        },
        '/docs': {
          get: {
            operationId: 'getReferencePage',
            tags: ['operations'],
            summary: 'This document as a readable page (no script)',
            description:
              'No authentication. The same document rendered as HTML on the server, with no script and ' +
              'nothing loaded from a third party; for people reading the API, while tools should use ' +
              '/openapi.json.',
            security: [],
            responses: {
              200: {
                description: 'The reference page',
                content: { 'text/html': { schema: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
    // errors are described by problems(…) on each route (http/problem-responses.ts), never by a default
    defaultValidationErrorResponse: false,
    // the routes whose last segment has a dot (jwks.json, did.json) are routes, not static files
    excludeStaticFile: false,
  };
  // the routes do not change once the app is built: the page is rendered once, on first request
  let page: Promise<string> | undefined;
  const renderPage = async () =>
    renderReferencePage((await generateSpecs(documented, options)) as ReferenceDocument);
  return new Hono().get('/openapi.json', openAPIRouteHandler(documented, options)).get('/docs', async (c) => {
    page ??= renderPage().catch((error: unknown) => {
      page = undefined;
      throw error;
    });
    c.header('Content-Security-Policy', REFERENCE_PAGE_CSP);
    return c.html(await page);
  });
};
