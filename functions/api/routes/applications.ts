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
const SubmitBody = z
  .strictObject({
    version: z.number().int().positive(),
    place: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(100)
      .optional()
      .meta({ description: "Where the declaration is made; the organisation's city when absent" }),
  })
  .meta({ examples: [{ version: 1 }, { version: 2, place: 'Skopje' }] });
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
      description:
        'Exporters of an organisation only (403 for staff, admins and accounts without an organisation). ' +
        'Whatever `data` holds must be valid (400 VALIDATION_FAILED lists each field) but may be ' +
        'incomplete; the full check comes at submit. The answer is the DRAFT with `version: 1`; send an ' +
        'Idempotency-Key so that a retry does not create a second draft.',
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
      description:
        'Paged: at most `limit` (1–100, default 25) per answer, and a `cursor` to send back for the next ' +
        'page while there are more. Exporters may filter by `status` and `type`; staff and administrators ' +
        "filter by `status` (default SUBMITTED), `type` and `orgId`, and never see another organisation's " +
        'drafts.',
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
      description:
        'The application with its current `status`, `version` (send it to edit, submit and cancel) and ' +
        '`data`, plus `staffComment` after changes were requested or it was rejected, `certificate` once ' +
        "issued and `replaces` for a replacement. Another organisation's application is 404 NOT_FOUND, and " +
        'so is a DRAFT to anyone outside its organisation but whoever started it.',
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
      description:
        'Exporters of its organisation; `data` replaces the stored data whole and may stay incomplete, but ' +
        'what it holds must be valid (400 VALIDATION_FAILED). 409 VERSION_CONFLICT when `version` is not ' +
        'the current one (reload and retry), 409 INVALID_TRANSITION once it is submitted or closed. A save ' +
        'that changes nothing answers the application unchanged, with no new version or event.',
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
      summary: "Sign the exporter's declaration and submit for review (authorised signatories)",
      description:
        "Submitting is signing the exporter's declaration of the certificate type, so only an authorised " +
        'signatory of the organisation submits: in person (their own login) or through an API key bound to ' +
        'them (`signatoryId`, POST /api/api-keys). Anyone else, an unbound key, and a key whose signatory ' +
        'was revoked or disabled get 403 SIGNATORY_REQUIRED and the application stays as it was. The ' +
        'declaration (signatory, function, `place` or else the organisation’s city, time) is recorded in ' +
        'the answer’s `declaration`, the submit event and the printed certificate. DRAFT or ' +
        'CHANGES_REQUESTED becomes SUBMITTED, in the staff review queue; a resubmission declares again. The ' +
        'data is checked in full and at least one document of kind `invoice` is needed: 400 ' +
        'VALIDATION_FAILED lists every problem at once and stores nothing. 409 VERSION_CONFLICT on a stale ' +
        '`version`, 409 INVALID_TRANSITION in any other status.',
      responses: {
        200: json('The application, with its declaration', ApplicationSchema),
        ...problems(...TRANSITION_PROBLEMS),
      },
    }),
    validate('param', IdParam),
    validate('json', SubmitBody),
    async (c) => {
      const application = await c.var.core.submitApplication({
        actor: actorOf(c),
        applicationId: c.req.valid('param').id,
        ...c.req.valid('json'),
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
      description:
        'Exporters of its organisation; the application becomes CANCELLED for good and can no longer be ' +
        'edited or submitted (a cancelled replacement lets another replacement of its certificate be ' +
        'opened). 409 VERSION_CONFLICT on a stale `version`, 409 INVALID_TRANSITION unless it is DRAFT or ' +
        'CHANGES_REQUESTED.',
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
      description:
        'Chamber staff only (403 for other roles). A SUBMITTED application goes back to the exporter as ' +
        'CHANGES_REQUESTED, with the `comment` as its `staffComment`; the exporter edits and submits it ' +
        'again. 409 VERSION_CONFLICT on a stale `version`, 409 INVALID_TRANSITION unless it is SUBMITTED.',
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
      description:
        'Chamber staff only (403 for other roles). A SUBMITTED application becomes REJECTED for good, with ' +
        'the `comment` the exporter reads as its `staffComment`; nothing is issued. 409 VERSION_CONFLICT on ' +
        'a stale `version`, 409 INVALID_TRANSITION unless it is SUBMITTED.',
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
      description:
        'Whoever may read the application. Every event in one answer (`items`, no paging): who (user and ' +
        'role) did what, when, the status before and after, any comment, and the hash linking each event to ' +
        'the one before, so that a gap or an edit shows.',
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
      description:
        'Exporters of its organisation, while the application is DRAFT or CHANGES_REQUESTED (409 ' +
        'INVALID_TRANSITION otherwise). The type is judged by the content: 415 UNSUPPORTED_MEDIA_TYPE for ' +
        'anything but PDF, PNG or JPEG, 422 DOCUMENT_DAMAGED for a cut-off file, 413 PAYLOAD_TOO_LARGE over ' +
        "10 MB, 409 ATTACHMENT_LIMIT past 20 documents. The answer carries the document's `sha256` and " +
        "`url`; the application's `version` does not change.",
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
      description:
        'Whoever may read the application. Every document in one answer (`items`, no paging) with its kind, ' +
        'file name, content type, size, SHA-256 and the `url` of its file.',
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
      description:
        'Whoever may read the application. The bytes exactly as uploaded, with their content type and the ' +
        'file name in Content-Disposition; answers are not cached (Cache-Control: private, no-store). 404 ' +
        "NOT_FOUND for a document that is not this application's.",
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
      description:
        'Exporters of its organisation, while the application is DRAFT or CHANGES_REQUESTED (409 ' +
        'INVALID_TRANSITION otherwise). The document and its file are deleted and the removal is recorded ' +
        "in the audit trail; the application's `version` does not change. 404 NOT_FOUND for a document that " +
        "is not (or no longer) the application's.",
      responses: { 204: empty('Removed'), ...problems(400, 409) },
    }),
    validate('param', AttachmentParam),
    async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      await c.var.core.removeAttachment({ actor: actorOf(c), applicationId: id, attachmentId });
      return c.body(null, 204);
    },
  );
