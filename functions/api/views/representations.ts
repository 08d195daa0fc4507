// What the API returns for applications, attachments and certificates: domain records minus storage internals.
import type { Application } from '../../core/applications/application.ts';
import type { Attachment } from '../../core/applications/attachment.ts';
import { type Certificate, verifyUrl } from '../../core/certificates/certificate.ts';

export const applicationView = (application: Application) => ({
  id: application.id,
  type: application.type,
  status: application.status,
  version: application.version,
  orgId: application.orgId,
  data: application.data,
  createdAt: application.createdAt,
  updatedAt: application.updatedAt,
  ...(application.submittedAt ? { submittedAt: application.submittedAt } : {}),
  ...(application.staffComment ? { staffComment: application.staffComment } : {}),
  ...(application.certificate ? { certificate: application.certificate } : {}),
  ...(application.replaces ? { replaces: application.replaces } : {}),
});

export const attachmentView = (attachment: Attachment) => ({
  id: attachment.id,
  kind: attachment.kind,
  fileName: attachment.fileName,
  contentType: attachment.contentType,
  size: attachment.size,
  sha256: attachment.sha256,
  uploadedAt: attachment.uploadedAt,
  url: `/api/applications/${attachment.applicationId}/attachments/${attachment.id}`,
});

export const certificateView = (certificate: Certificate, publicBaseUrl: string) => ({
  serial: certificate.serial,
  code: certificate.code,
  type: certificate.type,
  status: certificate.status,
  applicationId: certificate.applicationId,
  issuedAt: certificate.issuedAt,
  verifyUrl: verifyUrl(publicBaseUrl, certificate.code),
  sha256: certificate.sha256,
  keyId: certificate.keyId,
  pdfUrl: `/api/certificates/${encodeURIComponent(certificate.serial)}/pdf`,
  ...(certificate.revocation ? { revocation: certificate.revocation } : {}),
  ...(certificate.replacedBy ? { replacedBy: certificate.replacedBy } : {}),
  ...(certificate.supersededBy ? { supersededBy: certificate.supersededBy } : {}),
});
