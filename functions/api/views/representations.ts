// What the API returns for applications and certificates: the domain records minus storage internals.
import type { Application } from '../../core/applications/application.ts';
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
  ...(application.certificate ? { certificate: application.certificate } : {}),
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
});
