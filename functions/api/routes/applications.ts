// Applications: create, read, submit (exporters); approve (staff), which issues the certificate.
import { Hono } from 'hono';
import { z } from 'zod';
import { CERTIFICATE_TYPES } from '../../core/applications/application.ts';
import { validate } from '../../http/validate.ts';
import type { ApiEnv } from '../env.ts';
import { actorOf } from '../middleware/authenticate.ts';
import { applicationView, certificateView } from '../views/representations.ts';

const CreateBody = z.strictObject({
  type: z.enum(CERTIFICATE_TYPES),
  data: z.record(z.string(), z.unknown()).default({}),
});

const VersionBody = z.strictObject({ version: z.number().int().positive() });

const IdParam = z.object({ id: z.string().uuid('is not an application id') });

export const applicationRoutes = new Hono<ApiEnv>()
  .post('/', validate('json', CreateBody), async (c) => {
    const application = await c.var.core.createApplication({ actor: actorOf(c), ...c.req.valid('json') });
    c.header('Location', `/api/applications/${application.id}`);
    return c.json(applicationView(application), 201);
  })
  .get('/:id', validate('param', IdParam), async (c) => {
    const application = await c.var.core.getApplication({
      actor: actorOf(c),
      applicationId: c.req.valid('param').id,
    });
    return c.json(applicationView(application));
  })
  .post('/:id/submit', validate('param', IdParam), validate('json', VersionBody), async (c) => {
    const application = await c.var.core.submitApplication({
      actor: actorOf(c),
      applicationId: c.req.valid('param').id,
      version: c.req.valid('json').version,
    });
    return c.json(applicationView(application));
  })
  .post('/:id/approve', validate('param', IdParam), validate('json', VersionBody), async (c) => {
    const certificate = await c.var.core.approveApplication({
      actor: actorOf(c),
      applicationId: c.req.valid('param').id,
      version: c.req.valid('json').version,
    });
    return c.json(
      { status: 'ISSUED', certificate: certificateView(certificate, c.var.core.issuer.publicBaseUrl) },
      201,
    );
  });
