// Applications: create, list, read, edit, submit, cancel, attach documents (exporters); request changes,
// reject and approve (staff); the audit trail.
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { APPLICATION_STATUSES, CERTIFICATE_TYPES } from '../../core/applications/application.ts';
import { ATTACHMENT_KINDS, ATTACHMENT_TYPES } from '../../core/applications/attachment.ts';
import { AppError } from '../../core/errors.ts';
import { attachmentDisposition } from '../../http/content-disposition.ts';
import { body, empty, headerDocs, json, problems } from '../../http/problem-responses.ts';
import { validate } from '../../http/validate.ts';
import { apiRoute } from '../api-route.ts';
import type { ApiEnv } from '../context.ts';
import { actorOf } from '../middleware/authenticate.ts';
import { AuditEventSchema } from '../views/account-representations.ts';
import {
  ApplicationSchema,
  AttachmentSchema,
  applicationView,
  attachmentView,
  CertificateSchema,
  certificateView,
  pageOf,
} from '../views/representations.ts';

const EXAMPLE_DATA = {
  consignee: { name: 'Müller & Söhne GmbH', address: 'Königstraße 12, 70173 Stuttgart', country: 'DE' },
  originCountry: 'MK',
  destinationCountry: 'DE',
  transport: { mode: 'road', details: 'Truck SK-1234-AB' },
  goods: [
    {
      marks: 'MT-1',
      packages: { count: 10, kind: 'cartons' },
      description: 'Cotton T-shirts',
      hsCode: '6109.10',
      quantity: { value: 1200, unit: 'pcs' },
      grossMassKg: 310.5,
    },
  ],
  invoices: [{ number: 'INV-2026-0042', date: '2026-11-20' }],
};
const CreateBody = z
  .strictObject({
    type: z.enum(CERTIFICATE_TYPES),
    data: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({ examples: [{ type: 'co', data: EXAMPLE_DATA }] });
const EditBody = z
  .strictObject({
    version: z.number().int().positive(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ examples: [{ version: 1, data: EXAMPLE_DATA }] });
const VersionBody = z
  .strictObject({ version: z.number().int().positive() })
  .meta({ examples: [{ version: 1 }] });
const ReviewBody = z
  .strictObject({
    version: z.number().int().positive(),
    comment: z.string().trim().min(1, 'is required').max(2000),
  })
  .meta({ examples: [{ version: 2, comment: 'Box 8: the invoice date differs from the invoice.' }] });
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
const ApplicationList = pageOf(ApplicationSchema, 'ApplicationList');
const IssuedApplication = z
  .strictObject({ status: z.literal('ISSUED'), certificate: CertificateSchema })
  .meta({ id: 'IssuedApplication' });
const LOCATION = { Location: 'The application: /api/applications/{id}' };
const tags: ['applications'] = ['applications'];
/** The problems of a transition on a stale or wrong state. */
const TRANSITION_PROBLEMS = [400, 409] as const;

/** Staff's review of a submitted application: back to the exporter with a comment, or rejected with one. */
const review =
  (decision: 'request-changes' | 'reject') =>
  async (
    c: Context<
      ApiEnv,
      string,
      { out: { param: z.output<typeof IdParam>; json: z.output<typeof ReviewBody> } }
    >,
  ) => {
    const application = await c.var.core.reviewApplication({
      actor: actorOf(c),
      applicationId: c.req.valid('param').id,
      decision,
      ...c.req.valid('json'),
    });
    return c.json(applicationView(application));
  };

export const applicationRoutes = new Hono<ApiEnv>()
  .post(
    '/',
    apiRoute('post', {
      operationId: 'createApplication',
      tags,
      summary: 'Create an application (exporters); a draft may be incomplete',
      responses: {
        201: { ...json('The new DRAFT', ApplicationSchema), headers: headerDocs(LOCATION) },
        ...problems(400, 409),
      },
    }),
    validate('json', CreateBody),
    async (c) => {
      const application = await c.var.core.createApplication({ actor: actorOf(c), ...c.req.valid('json') });
      c.header('Location', `/api/applications/${application.id}`);
      return c.json(applicationView(application), 201);
    },
  )
  .get(
    '/',
    apiRoute('get', {
      operationId: 'listApplications',
      tags,
      summary:
        "Exporters: their organisation's, newest first; staff: by status (default SUBMITTED), oldest first",
      responses: { 200: json('A page of applications', ApplicationList), ...problems(400) },
    }),
    validate('query', ListQuery),
    async (c) => {
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
    },
  )
  .get(
    '/:id',
    apiRoute('get', {
      operationId: 'getApplication',
      tags,
      summary: 'One application (its organisation; staff once submitted)',
      responses: { 200: json('The application', ApplicationSchema), ...problems(400) },
    }),
    validate('param', IdParam),
    async (c) => {
      const application = await c.var.core.getApplication({
        actor: actorOf(c),
        applicationId: c.req.valid('param').id,
      });
      return c.json(applicationView(application));
    },
  )
  .patch(
    '/:id',
    apiRoute('patch', {
      operationId: 'editApplication',
      tags,
      summary: 'Replace the data of a DRAFT or CHANGES_REQUESTED application (its organisation)',
      responses: { 200: json('The application', ApplicationSchema), ...problems(...TRANSITION_PROBLEMS) },
    }),
    validate('param', IdParam),
    validate('json', EditBody),
    async (c) => {
      const application = await c.var.core.editApplication({
        actor: actorOf(c),
        applicationId: c.req.valid('param').id,
        ...c.req.valid('json'),
      });
      return c.json(applicationView(application));
    },
  )
  .post(
    '/:id/submit',
    apiRoute('post', {
      operationId: 'submitApplication',
      tags,
      summary: 'Submit for review: validates fully and needs an invoice document',
      responses: { 200: json('The application', ApplicationSchema), ...problems(...TRANSITION_PROBLEMS) },
    }),
    validate('param', IdParam),
    validate('json', VersionBody),
    async (c) => {
      const application = await c.var.core.submitApplication({
        actor: actorOf(c),
        applicationId: c.req.valid('param').id,
        version: c.req.valid('json').version,
      });
      return c.json(applicationView(application));
    },
  )
  .post(
    '/:id/cancel',
    apiRoute('post', {
      operationId: 'cancelApplication',
      tags,
      summary: 'Cancel a DRAFT or CHANGES_REQUESTED application',
      responses: { 200: json('The application', ApplicationSchema), ...problems(...TRANSITION_PROBLEMS) },
    }),
    validate('param', IdParam),
    validate('json', VersionBody),
    async (c) => {
      const application = await c.var.core.cancelApplication({
        actor: actorOf(c),
        applicationId: c.req.valid('param').id,
        version: c.req.valid('json').version,
      });
      return c.json(applicationView(application));
    },
  )
  .post(
    '/:id/request-changes',
    apiRoute('post', {
      operationId: 'requestChanges',
      tags,
      summary: 'Send back to the exporter with a comment (staff)',
      responses: { 200: json('The application', ApplicationSchema), ...problems(...TRANSITION_PROBLEMS) },
    }),
    validate('param', IdParam),
    validate('json', ReviewBody),
    review('request-changes'),
  )
  .post(
    '/:id/reject',
    apiRoute('post', {
      operationId: 'rejectApplication',
      tags,
      summary: 'Reject with a comment (staff)',
      responses: { 200: json('The application', ApplicationSchema), ...problems(...TRANSITION_PROBLEMS) },
    }),
    validate('param', IdParam),
    validate('json', ReviewBody),
    review('reject'),
  )
  .post(
    '/:id/approve',
    apiRoute('post', {
      operationId: 'approveApplication',
      tags,
      summary: 'Approve and issue the certificate, exactly once (staff, not who created or submitted it)',
      description:
        'Concurrent approvals: one wins, the others get 409. 403 SEPARATION_OF_DUTIES for the staff member who ' +
        'created or submitted it; 409 ORGANISATION_DISABLED, CHAMBER_NOT_ACTIVE, ALREADY_REPLACED, …',
      responses: {
        201: json('Issued', IssuedApplication),
        ...problems(...TRANSITION_PROBLEMS, 422),
      },
    }),
    validate('param', IdParam),
    validate('json', VersionBody),
    async (c) => {
      const certificate = await c.var.core.approveApplication({
        actor: actorOf(c),
        applicationId: c.req.valid('param').id,
        version: c.req.valid('json').version,
      });
      return c.json(
        { status: 'ISSUED', certificate: certificateView(certificate, c.var.core.issuer.publicBaseUrl) },
        201,
      );
    },
  )
  .get(
    '/:id/events',
    apiRoute('get', {
      operationId: 'listApplicationEvents',
      tags,
      summary: 'The hash-chained audit trail of an application',
      responses: {
        200: json('Every event, oldest first', pageOf(AuditEventSchema, 'AuditTrail')),
        ...problems(400),
      },
    }),
    validate('param', IdParam),
    async (c) => {
      const events = await c.var.core.applicationEvents({
        actor: actorOf(c),
        applicationId: c.req.valid('param').id,
      });
      return c.json({ items: events });
    },
  )
  .post(
    '/:id/attachments',
    apiRoute('post', {
      operationId: 'uploadAttachment',
      tags,
      summary: 'Upload a document (PDF, PNG or JPEG by content, ≤ 10 MB; at most 20 per application)',
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: {
                file: { type: 'string', contentMediaType: 'application/octet-stream' },
                kind: { type: 'string', enum: [...ATTACHMENT_KINDS], default: 'other' },
              },
            },
          },
        },
      },
      responses: {
        201: json('The document', AttachmentSchema),
        ...problems(400, 409, 413, 415, 422),
      },
    }),
    validate('param', IdParam),
    async (c) => {
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
    },
  )
  .get(
    '/:id/attachments',
    apiRoute('get', {
      operationId: 'listAttachments',
      tags,
      summary: "An application's documents",
      responses: { 200: json('The documents', pageOf(AttachmentSchema, 'AttachmentList')), ...problems(400) },
    }),
    validate('param', IdParam),
    async (c) => {
      const attachments = await c.var.core.listAttachments({
        actor: actorOf(c),
        applicationId: c.req.valid('param').id,
      });
      return c.json({ items: attachments.map(attachmentView) });
    },
  )
  .get(
    '/:id/attachments/:attachmentId',
    apiRoute('get', {
      operationId: 'getAttachmentFile',
      tags,
      summary: 'The file of a document, as uploaded',
      responses: { 200: body('The file', ...ATTACHMENT_TYPES), ...problems(400) },
    }),
    validate('param', AttachmentParam),
    async (c) => {
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
    },
  )
  .delete(
    '/:id/attachments/:attachmentId',
    apiRoute('delete', {
      operationId: 'removeAttachment',
      tags,
      summary: 'Remove a document while the application is editable',
      responses: { 204: empty('Removed'), ...problems(400, 409) },
    }),
    validate('param', AttachmentParam),
    async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      await c.var.core.removeAttachment({ actor: actorOf(c), applicationId: id, attachmentId });
      return c.body(null, 204);
    },
  );
