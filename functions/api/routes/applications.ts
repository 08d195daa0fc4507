// Applications: create, list, read, edit, submit, cancel, attach documents (exporters); request changes,
// reject and approve (staff); the audit trail.
import { Hono } from 'hono';
import * as z from 'zod';
import { APPLICATION_STATUSES, CERTIFICATE_TYPES } from '../../core/applications/application.ts';
import { ATTACHMENT_KINDS } from '../../core/applications/attachment.ts';
import { AppError } from '../../core/errors.ts';
import { attachmentDisposition } from '../../http/content-disposition.ts';
import { validate } from '../../http/validate.ts';
import type { ApiEnv } from '../context.ts';
import { actorOf } from '../middleware/authenticate.ts';
import { applicationView, attachmentView, certificateView } from '../views/representations.ts';

const CreateBody = z.strictObject({
  type: z.enum(CERTIFICATE_TYPES),
  data: z.record(z.string(), z.unknown()).default({}),
});
const EditBody = z.strictObject({
  version: z.number().int().positive(),
  data: z.record(z.string(), z.unknown()),
});
const VersionBody = z.strictObject({ version: z.number().int().positive() });
const ReviewBody = z.strictObject({
  version: z.number().int().positive(),
  comment: z.string().trim().min(1, 'is required').max(2000),
});
const ListQuery = z.strictObject({
  status: z.enum(APPLICATION_STATUSES).optional(),
  type: z.enum(CERTIFICATE_TYPES).optional(),
  /** Staff: one exporter organisation's applications; exporters always see their own. */
  orgId: z.string().uuid('is not an organisation id').optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
const IdParam = z.object({ id: z.string().uuid('is not an application id') });
const AttachmentParam = z.object({
  id: z.string().uuid('is not an application id'),
  attachmentId: z.string().uuid('is not a document id'),
});
const AttachmentKind = z.enum(ATTACHMENT_KINDS).default('other');

export const applicationRoutes = new Hono<ApiEnv>()
  .post('/', validate('json', CreateBody), async (c) => {
    const application = await c.var.core.createApplication({ actor: actorOf(c), ...c.req.valid('json') });
    c.header('Location', `/api/applications/${application.id}`);
    return c.json(applicationView(application), 201);
  })
  .get('/', validate('query', ListQuery), async (c) => {
    const query = c.req.valid('query');
    const page = await c.var.core.listApplications({
      actor: actorOf(c),
      ...(query.status ? { status: query.status } : {}),
      ...(query.type ? { type: query.type } : {}),
      ...(query.orgId ? { orgId: query.orgId } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
    });
    return c.json({
      items: page.items.map(applicationView),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
  })
  .get('/:id', validate('param', IdParam), async (c) => {
    const application = await c.var.core.getApplication({
      actor: actorOf(c),
      applicationId: c.req.valid('param').id,
    });
    return c.json(applicationView(application));
  })
  .patch('/:id', validate('param', IdParam), validate('json', EditBody), async (c) => {
    const application = await c.var.core.editApplication({
      actor: actorOf(c),
      applicationId: c.req.valid('param').id,
      ...c.req.valid('json'),
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
  .post('/:id/cancel', validate('param', IdParam), validate('json', VersionBody), async (c) => {
    const application = await c.var.core.cancelApplication({
      actor: actorOf(c),
      applicationId: c.req.valid('param').id,
      version: c.req.valid('json').version,
    });
    return c.json(applicationView(application));
  })
  .post('/:id/request-changes', validate('param', IdParam), validate('json', ReviewBody), async (c) => {
    const application = await c.var.core.reviewApplication({
      actor: actorOf(c),
      applicationId: c.req.valid('param').id,
      decision: 'request-changes',
      ...c.req.valid('json'),
    });
    return c.json(applicationView(application));
  })
  .post('/:id/reject', validate('param', IdParam), validate('json', ReviewBody), async (c) => {
    const application = await c.var.core.reviewApplication({
      actor: actorOf(c),
      applicationId: c.req.valid('param').id,
      decision: 'reject',
      ...c.req.valid('json'),
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
  })
  .get('/:id/events', validate('param', IdParam), async (c) => {
    const events = await c.var.core.applicationEvents({
      actor: actorOf(c),
      applicationId: c.req.valid('param').id,
    });
    return c.json({ items: events });
  })
  .post('/:id/attachments', validate('param', IdParam), async (c) => {
    const actor = actorOf(c);
    const form = await c.req.parseBody().catch((error: unknown) => {
      throw new AppError(
        'MALFORMED_REQUEST',
        'Send the document as multipart/form-data with a "file" field.',
        {
          cause: error,
        },
      );
    });
    const file = form.file;
    if (!(file instanceof File)) {
      throw new AppError('VALIDATION_FAILED', 'Send the document in a multipart field named "file".', {
        errors: [{ path: 'file', message: 'is required', code: 'required' }],
      });
    }
    const kind = AttachmentKind.safeParse(typeof form.kind === 'string' ? form.kind : undefined);
    if (!kind.success) {
      throw new AppError('VALIDATION_FAILED', 'Unknown document kind.', {
        errors: [
          { path: 'kind', message: `must be one of ${ATTACHMENT_KINDS.join(', ')}`, code: 'not_an_option' },
        ],
      });
    }
    const attachment = await c.var.core.addAttachment({
      actor,
      applicationId: c.req.valid('param').id,
      kind: kind.data,
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    return c.json(attachmentView(attachment), 201);
  })
  .get('/:id/attachments', validate('param', IdParam), async (c) => {
    const attachments = await c.var.core.listAttachments({
      actor: actorOf(c),
      applicationId: c.req.valid('param').id,
    });
    return c.json({ items: attachments.map(attachmentView) });
  })
  .get('/:id/attachments/:attachmentId', validate('param', AttachmentParam), async (c) => {
    const { id, attachmentId } = c.req.valid('param');
    const { attachment, bytes } = await c.var.core.getAttachmentFile({
      actor: actorOf(c),
      applicationId: id,
      attachmentId,
    });
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': attachment.contentType,
      'Content-Disposition': attachmentDisposition(attachment.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    });
  })
  .delete('/:id/attachments/:attachmentId', validate('param', AttachmentParam), async (c) => {
    const { id, attachmentId } = c.req.valid('param');
    await c.var.core.removeAttachment({ actor: actorOf(c), applicationId: id, attachmentId });
    return c.body(null, 204);
  });
