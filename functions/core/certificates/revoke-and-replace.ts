// Withdrawing a certificate (staff) and replacing it: a replacement is a new application pre-filled from the
// old certificate, with its documents; when it is issued, the old one links forward to it: SUPERSEDED if it was
// valid, still REVOKED if it was revoked (docs/architecture.md §2).
import type { Actor } from '../accounts.ts';
import type { Application } from '../applications/application.ts';
import { transitionFor } from '../applications/application.ts';
import type { Attachment } from '../applications/attachment.ts';
import { advance } from '../applications/audit-event.ts';
import { newDraft } from '../applications/manage-applications.ts';
import { requireRole, visibleOrNotFound } from '../authorization.ts';
import { AppError } from '../errors.ts';
import type {
  ApplicationRepository,
  AttachmentRepository,
  CertificateRepository,
  Clock,
  ObjectStore,
  RandomSource,
} from '../ports.ts';
import { type Certificate, type RevocationReason, replacementRefusal } from './certificate.ts';

export interface RevocationDeps {
  issuerId: string;
  applications: ApplicationRepository;
  certificates: CertificateRepository;
  attachments: Pick<AttachmentRepository, 'list'>;
  objects: ObjectStore;
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

/**
 * Copies of the original application's documents for the replacement: new records and new files, so that the
 * exporter may remove or change them without touching the evidence of the certificate already issued.
 */
const copyDocuments = async (
  deps: RevocationDeps,
  certificate: Certificate,
  applicationId: string,
): Promise<Attachment[]> => {
  const originals = await deps.attachments.list(deps.issuerId, certificate.applicationId);
  return Promise.all(
    originals.map(async (original) => {
      const bytes = await deps.objects.get(original.objectKey);
      if (!bytes) throw new AppError('INTERNAL', `The stored file of document ${original.id} is missing.`);
      const id = deps.random.id();
      const objectKey = `attachments/${deps.issuerId}/${applicationId}/${id}`;
      await deps.objects.put(objectKey, bytes, original.contentType);
      return { ...original, id, applicationId, objectKey };
    }),
  );
};

/**
 * Starts a replacement: a DRAFT pre-filled from the certificate and carrying its documents, for the exporter to
 * correct and submit. One open replacement per certificate (the repository's replacement lock), none of a
 * certificate already replaced or revoked for a reason that forbids it (docs/architecture.md §2).
 */
export const replaceCertificate =
  (deps: RevocationDeps) =>
  async (input: { actor: Actor; serial: string }): Promise<Application> => {
    const { actor } = input;
    requireRole(actor, 'staff', 'exporter');
    const certificate = await loadCertificate(deps, actor, input.serial);
    const refusal = replacementRefusal(certificate);
    if (refusal) throw refusal;
    const id = deps.random.id();
    const documents = await copyDocuments(deps, certificate, id);
    const { application, event } = newDraft({
      id,
      issuerId: deps.issuerId,
      orgId: certificate.orgId,
      type: certificate.type,
      data: certificate.content.data as unknown as Record<string, unknown>,
      actor,
      at: deps.clock.now().toISOString(),
      comment:
        documents.length > 0
          ? `replacement for ${certificate.serial}; ${documents.length} document(s) carried over`
          : `replacement for ${certificate.serial}`,
      replaces: { serial: certificate.serial, code: certificate.code },
    });
    try {
      await deps.applications.create(application, event, documents);
    } catch (error) {
      await Promise.all(
        documents.map((document) => deps.objects.delete(document.objectKey).catch(() => undefined)),
      );
      throw error;
    }
    return application;
  };
