// What the API returns: domain records minus storage internals. Each representation is a zod schema, and the
// view that builds it is typed by it, so the OpenAPI document (docs/api.md) describes what the handlers send;
// the contract tests (test/support/contract.ts) check every answer of the API tests against that document.
import * as z from 'zod';
import {
  APPLICATION_STATUSES,
  type Application,
  CERTIFICATE_TYPES,
} from '../../core/applications/application.ts';
import { ATTACHMENT_KINDS, ATTACHMENT_TYPES, type Attachment } from '../../core/applications/attachment.ts';
import { type Certificate, REVOCATION_REASONS, verifyUrl } from '../../core/certificates/certificate.ts';
import { DeclarationSchema } from './account-representations.ts';

const Timestamp = z.iso.datetime();
const Id = z.uuid();
const CertificateRef = z.strictObject({ serial: z.string(), code: z.string() });
const Serial = z.string().meta({ examples: ['MK-CO-2026-000042'] });

export const ApplicationSchema = z
  .strictObject({
    id: Id,
    type: z.enum(CERTIFICATE_TYPES),
    status: z.enum(APPLICATION_STATUSES),
    version: z.number().int().positive(),
    orgId: Id,
    data: z.record(z.string(), z.unknown()).meta({
      description:
        "The certificate type's data (docs/examples/certificate-of-origin.json); a draft may be incomplete",
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    submittedAt: Timestamp.optional(),
    declaration: DeclarationSchema.optional().meta({
      description: "The exporter's declaration of the latest submit",
    }),
    staffComment: z
      .strictObject({
        action: z.enum(['request-changes', 'reject']),
        text: z.string(),
        at: Timestamp,
        by: z.string(),
      })
      .optional(),
    certificate: CertificateRef.optional().meta({ description: 'Once issued' }),
    replaces: CertificateRef.optional().meta({ description: 'The certificate this application replaces' }),
  })
  .meta({
    id: 'Application',
    examples: [
      {
        id: '0d5d2a4e-8f47-4d52-9a1c-2f4b8e6f1a10',
        type: 'co',
        status: 'DRAFT',
        version: 1,
        orgId: '6b1f0c8e-3a2d-4e5f-8a9b-0c1d2e3f4a5b',
        data: { originCountry: 'MK', destinationCountry: 'DE' },
        createdAt: '2026-11-23T09:15:00.000Z',
        updatedAt: '2026-11-23T09:15:00.000Z',
      },
    ],
  });
export type ApplicationRepresentation = z.output<typeof ApplicationSchema>;

export const AttachmentSchema = z
  .strictObject({
    id: Id,
    kind: z.enum(ATTACHMENT_KINDS),
    fileName: z.string(),
    contentType: z.enum(ATTACHMENT_TYPES),
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    uploadedAt: Timestamp,
    url: z.string().meta({ description: 'Where the file is (GET)' }),
  })
  .meta({
    id: 'Attachment',
    examples: [
      {
        id: '9b2e4c1a-7d3f-4a8b-9c0d-1e2f3a4b5c6d',
        kind: 'invoice',
        fileName: 'invoice.pdf',
        contentType: 'application/pdf',
        size: 48213,
        sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        uploadedAt: '2026-11-23T09:20:00.000Z',
        url: '/api/applications/0d5d2a4e-8f47-4d52-9a1c-2f4b8e6f1a10/attachments/9b2e4c1a-7d3f-4a8b-9c0d-1e2f3a4b5c6d',
      },
    ],
  });

export const CertificateSchema = z
  .strictObject({
    serial: Serial,
    code: z.string().meta({ description: 'The public verification code (Crockford base32)' }),
    type: z.enum(CERTIFICATE_TYPES),
    status: z.enum(['ISSUING', 'ISSUED', 'REVOKED', 'SUPERSEDED']),
    applicationId: Id,
    issuedAt: Timestamp,
    verifyUrl: z.url(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional()
      .meta({ description: 'SHA-256 of the sealed PDF, once stored' }),
    keyId: z.string(),
    pdfUrl: z.string(),
    revocation: z
      .strictObject({ at: Timestamp, reason: z.enum(REVOCATION_REASONS), by: z.string() })
      .optional(),
    replacedBy: z.strictObject({ serial: z.string(), code: z.string(), at: Timestamp }).optional(),
    supersededBy: z.strictObject({ serial: z.string(), code: z.string(), at: Timestamp }).optional(),
  })
  .meta({
    id: 'Certificate',
    examples: [
      {
        serial: 'MK-CO-2026-000042',
        code: '7K3M9QXW2B4T6VHD',
        type: 'co',
        status: 'ISSUED',
        applicationId: '0d5d2a4e-8f47-4d52-9a1c-2f4b8e6f1a10',
        issuedAt: '2026-11-23T10:02:11.000Z',
        verifyUrl: 'https://verify.chamber.example/v/7K3M9QXW2B4T6VHD',
        sha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
        keyId: 'xZ3p0n8m4UqWcR2dFhT6yLkVbA1sE9oJgI5uN7wQe0M',
        pdfUrl: '/api/certificates/MK-CO-2026-000042/pdf',
      },
    ],
  });

/** A page of a list: `cursor` is there while more follow (pass it back as `?cursor=`). */
export const pageOf = <Item extends z.ZodType>(item: Item, id: string) =>
  z.strictObject({ items: z.array(item), cursor: z.string().optional() }).meta({ id });

export const applicationView = (application: Application): ApplicationRepresentation => ({
  id: application.id,
  type: application.type,
  status: application.status,
  version: application.version,
  orgId: application.orgId,
  data: application.data,
  createdAt: application.createdAt,
  updatedAt: application.updatedAt,
  ...(application.submittedAt ? { submittedAt: application.submittedAt } : {}),
  ...(application.declaration ? { declaration: application.declaration } : {}),
  ...(application.staffComment ? { staffComment: application.staffComment } : {}),
  ...(application.certificate ? { certificate: application.certificate } : {}),
  ...(application.replaces ? { replaces: application.replaces } : {}),
});

export const attachmentView = (attachment: Attachment): z.output<typeof AttachmentSchema> => ({
  id: attachment.id,
  kind: attachment.kind,
  fileName: attachment.fileName,
  contentType: attachment.contentType,
  size: attachment.size,
  sha256: attachment.sha256,
  uploadedAt: attachment.uploadedAt,
  url: `/api/applications/${attachment.applicationId}/attachments/${attachment.id}`,
});

export const certificateView = (
  certificate: Certificate,
  publicBaseUrl: string,
): z.output<typeof CertificateSchema> => ({
  serial: certificate.serial,
  code: certificate.code,
  type: certificate.type,
  status: certificate.status,
  applicationId: certificate.applicationId,
  issuedAt: certificate.issuedAt,
  verifyUrl: verifyUrl(publicBaseUrl, certificate.code),
  ...(certificate.sha256 ? { sha256: certificate.sha256 } : {}),
  keyId: certificate.keyId,
  pdfUrl: `/api/certificates/${encodeURIComponent(certificate.serial)}/pdf`,
  ...(certificate.revocation ? { revocation: certificate.revocation } : {}),
  ...(certificate.replacedBy ? { replacedBy: certificate.replacedBy } : {}),
  ...(certificate.supersededBy ? { supersededBy: certificate.supersededBy } : {}),
});
