// The verify function: the public verification page and API, and the published keys. Small on purpose:
// no accounts, no portal, no PDF rendering.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import type { VerifyDeps } from '../config/verify-deps.ts';
import { AppError } from '../core/errors.ts';
import type { Verification } from '../core/verification/verify-certificate.ts';
import { notFound, onError } from '../http/problem.ts';
import { validate } from '../http/validate.ts';
import { OUTCOMES } from './outcomes.ts';
import { VerificationPage } from './views/verification-page.tsx';

const CodeParam = z.object({ code: z.string().min(1).max(64) });
const JwsBody = z.strictObject({ jws: z.string().min(1).max(4096) });

const verificationJson = (verification: Verification) => ({
  status: verification.status,
  message: OUTCOMES[verification.status].headline,
  ...(verification.certificate ? { certificate: verification.certificate } : {}),
});

export const createVerifyApp = (deps: Pick<VerifyDeps, 'verifier' | 'health'>) => {
  const { verifier } = deps;
  const app = new Hono();
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

  app.get('/healthz', async (c) => {
    const health = await deps.health();
    return c.json(health, health.ok ? 200 : 503);
  });

  app.get('/api/verify/:code', validate('param', CodeParam), async (c) => {
    const verification = await verifier.verifyCode(c.req.valid('param').code);
    c.header('Cache-Control', 'no-store');
    return c.json(verificationJson(verification), OUTCOMES[verification.status].httpStatus);
  });

  app.post('/api/verify/jws', validate('json', JwsBody), async (c) => {
    const verification = await verifier.verifySeal(c.req.valid('json').jws);
    c.header('Cache-Control', 'no-store');
    return c.json(verificationJson(verification), OUTCOMES[verification.status].httpStatus);
  });

  app.get('/v/:code', validate('param', CodeParam), async (c) => {
    const { code } = c.req.valid('param');
    const verification = await verifier.verifyCode(code);
    c.header('Cache-Control', 'no-store');
    c.header('Vary', 'Accept');
    const status = OUTCOMES[verification.status].httpStatus;
    if (c.req.header('Accept')?.includes('application/json'))
      return c.json(verificationJson(verification), status);
    return c.html(<VerificationPage verification={verification} code={code} />, status);
  });

  app.get('/.well-known/jwks.json', async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await verifier.publicKeys());
  });

  return app;
};
