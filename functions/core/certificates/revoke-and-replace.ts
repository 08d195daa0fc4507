// Withdrawing a certificate (staff) and replacing it: a replacement is a new application pre-filled from the
// old certificate; when it is issued, the old one becomes SUPERSEDED and links forward.
import type { Actor } from '../accounts.ts';
import type { Application } from '../applications/application.ts';
import { transitionFor } from '../applications/application.ts';
import { advance } from '../applications/audit-event.ts';
import { newDraft } from '../applications/manage-applications.ts';
import { requireRole, visibleOrNotFound } from '../authorization.ts';
import { AppError } from '../errors.ts';
import type { ApplicationRepository, CertificateRepository, Clock, RandomSource } from '../ports.ts';
import type { Certificate, RevocationReason } from './certificate.ts';

export interface RevocationDeps {
  issuerId: string;
  applications: ApplicationRepository;
  certificates: CertificateRepository;
  clock: Clock;
  random: RandomSource;
  /** Re-signs the public revocation list; a failure is repaired by the periodic refresh. */
  afterStatusChange: () => Promise<void>;
}

const loadCertificate = async (deps: RevocationDeps, actor: Actor, serial: string): Promise<Certificate> => {
  const certificate = await deps.certificates.findBySerial(deps.issuerId, serial);
  return visibleOrNotFound(actor, certificate?.status === 'ISSUING' ? undefined : certificate, 'Certificate');
};

const loadApplicationOf = async (deps: RevocationDeps, certificate: Certificate): Promise<Application> => {
  const application = await deps.applications.get(deps.issuerId, certificate.applicationId);
  if (!application)
    throw new AppError('INTERNAL', `The application of certificate ${certificate.serial} is missing.`);
  return application;
};

export const revokeCertificate =
  (deps: RevocationDeps) =>
  async (input: { actor: Actor; serial: string; reason: RevocationReason; comment?: string | undefined }) => {
    const { actor } = input;
    requireRole(actor, 'staff');
    const certificate = await loadCertificate(deps, actor, input.serial);
    if (certificate.status !== 'ISSUED') {
      throw new AppError(
        'INVALID_TRANSITION',
        `Certificate ${certificate.serial} is ${certificate.status}; only a valid certificate can be revoked.`,
      );
    }
    const application = await loadApplicationOf(deps, certificate);
    const { to } = transitionFor(application, 'revoke');
    const at = deps.clock.now().toISOString();
    const comment = input.comment?.trim();
    const transition = advance(application, {
      action: 'revoke',
      to,
      actor,
      at,
      comment: comment ? `${input.reason}: ${comment}` : input.reason,
    });
    const revoked: Certificate = {
      ...certificate,
      status: 'REVOKED',
      revocation: { at, reason: input.reason, by: actor.userId },
    };
    await deps.certificates.changeStatus({ ...transition, certificate: revoked, expectedStatus: 'ISSUED' });
    await deps.afterStatusChange();
    return revoked;
  };

/** Starts a replacement: a DRAFT pre-filled from the certificate, for the exporter to correct and submit. */
export const replaceCertificate =
  (deps: RevocationDeps) =>
  async (input: { actor: Actor; serial: string }): Promise<Application> => {
    const { actor } = input;
    requireRole(actor, 'staff', 'exporter');
    const certificate = await loadCertificate(deps, actor, input.serial);
    if (certificate.status === 'SUPERSEDED') {
      throw new AppError(
        'INVALID_TRANSITION',
        `Certificate ${certificate.serial} has already been replaced.`,
      );
    }
    const { application, event } = newDraft({
      id: deps.random.id(),
      issuerId: deps.issuerId,
      orgId: certificate.orgId,
      type: certificate.type,
      data: certificate.content.data as unknown as Record<string, unknown>,
      actor,
      at: deps.clock.now().toISOString(),
      comment: `replacement for ${certificate.serial}`,
      replaces: { serial: certificate.serial, code: certificate.code },
    });
    await deps.applications.create(application, event);
    return application;
  };
