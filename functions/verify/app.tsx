// The verify function: the public verification page and API, and the published keys. Small on purpose:
// no accounts, no portal, no PDF rendering. The routes read the verifier from the context, so that the api
// function can also mount them, unserved, to document them in /openapi.json.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import type { VerifyDeps } from '../config/verify-deps.ts';
import { AppError } from '../core/errors.ts';
import type { Verification } from '../core/verification/verify-certificate.ts';
import type { Verifier } from '../core/verifier.ts';
import { notFound, onError } from '../http/problem.ts';
import { validate } from '../http/validate.ts';
import { OUTCOMES } from './outcomes.ts';
import { VerificationPage } from './views/verification-page.tsx';

export interface VerifyEnv {
  Variables: { verifier: Verifier };
}

const CodeParam = z.object({ code: z.string().min(1).max(64) });
const JwsBody = z.strictObject({ jws: z.string().min(1).max(4096) });

const verificationJson = (verification: Verification) => ({
  status: verification.status,
  message: OUTCOMES[verification.status].headline,
  ...(verification.certificate ? { certificate: verification.certificate } : {}),
});

const outcomesDoc = {
  200: { description: 'VALID, REVOKED or SUPERSEDED, with the certificate facts' },
  404: { description: 'NOT_FOUND' },
  422: { description: 'TAMPERED or UNKNOWN_KEY' },
};

export const verifyRoutes = new Hono<VerifyEnv>()
  .get(
    '/api/verify/:code',
    describeRoute({
      tags: ['verification'],
      summary: 'Status and facts of a certificate by its verification code',
      responses: outcomesDoc,
    }),
    validate('param', CodeParam),
    async (c) => {
      const verification = await c.var.verifier.verifyCode(c.req.valid('param').code);
      c.header('Cache-Control', 'no-store');
      return c.json(verificationJson(verification), OUTCOMES[verification.status].httpStatus);
    },
  )
  .post(
    '/api/verify/jws',
    describeRoute({
      tags: ['verification'],
      summary: 'Check a QR seal (compact JWS) and the current status',
      responses: outcomesDoc,
    }),
    validate('json', JwsBody),
    async (c) => {
      const verification = await c.var.verifier.verifySeal(c.req.valid('json').jws);
      c.header('Cache-Control', 'no-store');
      return c.json(verificationJson(verification), OUTCOMES[verification.status].httpStatus);
    },
  )
  .get(
    '/v/:code',
    describeRoute({
      tags: ['verification'],
      summary: 'The verification page a QR code opens (JSON with Accept: application/json)',
      responses: outcomesDoc,
    }),
    validate('param', CodeParam),
    async (c) => {
      const { code } = c.req.valid('param');
      const verification = await c.var.verifier.verifyCode(code);
      c.header('Cache-Control', 'no-store');
      c.header('Vary', 'Accept');
      const status = OUTCOMES[verification.status].httpStatus;
      if (c.req.header('Accept')?.includes('application/json'))
        return c.json(verificationJson(verification), status);
      return c.html(<VerificationPage verification={verification} code={code} />, status);
    },
  )
  .get(
    '/.well-known/jwks.json',
    describeRoute({
      tags: ['verification'],
      summary: 'Public keys of the issuer (active and retired)',
      responses: { 200: { description: 'JWKS' } },
    }),
    async (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(await c.var.verifier.publicKeys());
    },
  );

export const createVerifyApp = (deps: Pick<VerifyDeps, 'verifier' | 'health'>) => {
  const app = new Hono<VerifyEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use(
    '/api/verify/*',
    bodyLimit({
      maxSize: 16 * 1024,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', 'Verification requests are limited to 16 KB.');
      },
    }),
  );
  app.use(async (c, next) => {
    c.set('verifier', deps.verifier);
    await next();
  });
  app.get('/healthz', async (c) => {
    const health = await deps.health();
    return c.json(health, health.ok ? 200 : 503);
  });
  app.route('/', verifyRoutes);
  return app;
};
