// Issued certificates for their owners and for staff: metadata and the sealed PDF.
import type { Actor } from '../accounts.ts';
import { requireRole, visibleOrNotFound } from '../authorization.ts';
import { AppError } from '../errors.ts';
import type { CertificateRepository, ObjectStore } from '../ports.ts';
import type { Certificate } from './certificate.ts';

export interface CertificateReadDeps {
  issuerId: string;
  certificates: CertificateRepository;
  objects: ObjectStore;
}

const loadIssued = async (deps: CertificateReadDeps, actor: Actor, serial: string): Promise<Certificate> => {
  const certificate = await deps.certificates.findBySerial(deps.issuerId, serial);
  return visibleOrNotFound(actor, certificate?.status === 'ISSUING' ? undefined : certificate, 'Certificate');
};

export const getCertificate =
  (deps: CertificateReadDeps) =>
  (input: { actor: Actor; serial: string }): Promise<Certificate> =>
    loadIssued(deps, input.actor, input.serial);

export const getCertificatePdf =
  (deps: CertificateReadDeps) =>
  async (input: { actor: Actor; serial: string }): Promise<{ certificate: Certificate; pdf: Uint8Array }> => {
    const certificate = await loadIssued(deps, input.actor, input.serial);
    const pdf = certificate.objectKey ? await deps.objects.get(certificate.objectKey) : undefined;
    if (!pdf) throw new AppError('INTERNAL', `The stored PDF of ${certificate.serial} is missing.`);
    return { certificate, pdf };
  };

/**
 * The certificate as a Verifiable Credential (compact JWS, typ vc+jwt). NOT_FOUND for a certificate issued
 * before credentials existed, as for one that is not the caller's.
 */
export const getCertificateCredential =
  (deps: CertificateReadDeps) =>
  async (input: {
    actor: Actor;
    serial: string;
  }): Promise<{ certificate: Certificate; credential: string }> => {
    const certificate = await loadIssued(deps, input.actor, input.serial);
    if (!certificate.credential)
      throw new AppError('NOT_FOUND', `Certificate ${certificate.serial} was issued without a credential.`);
    return { certificate, credential: certificate.credential };
  };

/** An exporter's certificates, newest first; staff find certificates by serial. */
export const listCertificates =
  (deps: CertificateReadDeps) => async (input: { actor: Actor; cursor?: string | undefined }) => {
    requireRole(input.actor, 'exporter');
    if (!input.actor.orgId)
      throw new AppError('FORBIDDEN', 'Your account is not linked to an exporter organisation.');
    return deps.certificates.listByOrg(deps.issuerId, input.actor.orgId, input.cursor);
  };
