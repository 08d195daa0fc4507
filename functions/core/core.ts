// The core verbs, bound to their dependencies. Handlers call these and nothing else: the core hands out no
// port (store, clock, random source), so that what the stores hold stays the core's business.

import type { Actor, Issuer } from './accounts.ts';
import {
  applicationEvents,
  cancelApplication,
  createApplication,
  editApplication,
  getApplication,
  listApplications,
  reviewApplication,
  submitApplication,
} from './applications/manage-applications.ts';
import {
  addAttachment,
  getAttachmentFile,
  listAttachments,
  removeAttachment,
} from './applications/manage-attachments.ts';
import { renewArchiveTimestamps } from './archive/renew-archive.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './auth/api-keys.ts';
import {
  createOrganisation,
  createUser,
  listOrganisations,
  listUsers,
  resetPassword,
  setOrganisationDisabled,
  setUserDisabled,
} from './auth/manage-accounts.ts';
import { confirmPasswordReset, requestPasswordReset } from './auth/password-reset.ts';
import { getOrganisation } from './auth/read-organisation.ts';
import { authenticate, changePassword, login, logout } from './auth/sessions.ts';
import { grantSignatory, listSignatories, revokeSignatory } from './auth/signatories.ts';
import {
  getCertificate,
  getCertificateCredential,
  getCertificatePdf,
  listCertificates,
} from './certificates/read-certificates.ts';
import { replaceCertificate, revokeCertificate } from './certificates/revoke-and-replace.ts';
import { AppError } from './errors.ts';
import { runIdempotent } from './idempotency/run-idempotent.ts';
import { approveApplication } from './issuance/issue-certificate.ts';
import { recoverIssuance } from './issuance/recover-issuance.ts';
import { canRotateKeys, rotateKeys } from './keys/rotate-keys.ts';
import type { MailSettings } from './mail/compose-mail.ts';
import { dispatchMail } from './mail/dispatch-mail.ts';
import {
  getNotificationSettings,
  recordMailFeedback,
  updateNotificationSettings,
} from './mail/manage-notifications.ts';
import {
  createChamber,
  getChamber,
  getOwnChamber,
  listChambers,
  setChamberStatus,
  updateOwnChamber,
} from './network/manage-chambers.ts';
import type {
  AccountRepository,
  ApiKeyRepository,
  ApplicationRepository,
  AttachmentRepository,
  CertificateRepository,
  ChamberRepository,
  Clock,
  IdempotencyStore,
  KeyRing,
  Logger,
  Mailer,
  MailRepository,
  ObjectStore,
  PasswordResetRepository,
  RandomSource,
  RevocationSource,
  SealKey,
  SessionRepository,
  Sleep,
  TemplateSource,
  ThrottleStore,
  TimestampAuthority,
  WebhookRepository,
  WebhookSender,
} from './ports.ts';
import { previewCertificate } from './preview/preview-certificate.ts';
import { publishStatusList, refreshStatusList } from './verification/status-list.ts';
import { createWebhookDispatcher } from './webhooks/dispatch-webhooks.ts';
import { createWebhook, listDeliveries, listWebhooks, revokeWebhook } from './webhooks/manage-webhooks.ts';

export interface CoreDeps {
  issuer: Issuer;
  accounts: AccountRepository;
  sessions: SessionRepository;
  apiKeys: ApiKeyRepository;
  throttle: ThrottleStore;
  idempotency: IdempotencyStore;
  applications: ApplicationRepository;
  attachments: AttachmentRepository;
  certificates: CertificateRepository;
  objects: ObjectStore;
  keys: KeyRing;
  /** The PAdES seal on issued PDFs; absent where the deployment does not seal (SEAL_SOURCE=none). */
  seal?: SealKey;
  /**
   * The time-stamping authority: the seal's B-T timestamp, and with `revocation` the B-LTA document timestamp
   * and its renewal; absent where none is configured (TSA_URL).
   */
  timestamps?: TimestampAuthority;
  /** Where the CRLs of the DSS come from (docs/legal.md §4). */
  revocation?: RevocationSource;
  templates: TemplateSource;
  clock: Clock;
  random: RandomSource;
  /** Waits: between the attempts of a retry, and the login delay (docs/security.md, "Login"). */
  sleep: Sleep;
  logger: Logger;
  webhooks: WebhookRepository;
  webhookSender: WebhookSender;
  sessionTtlMs: number;
  maxAttachmentBytes: number;
  allowInsecureWebhooks: boolean;
  /** The chambers of the deployment: only the operator's verbs read them (docs/network.md §2). */
  chambers: ChamberRepository;
  /** The deployment's base URL: a chamber without a host of its own answers at <base>/c/<id>. */
  deploymentBaseUrl: string;
  /** The chamber's mail: sending address, Reply-To, default language, digest hour (docs/mail.md). */
  mail: MailSettings;
  mails: MailRepository;
  passwordResets: PasswordResetRepository;
  /** Absent where no mail server is configured (MAIL_TRANSPORT=none): mails stay queued. */
  mailer?: Mailer | undefined;
}

/**
 * A verb of a chamber's own business: the platform operator runs the network, not a chamber, so it may call none
 * of them (docs/network.md §2), whatever its scope.
 */
const chamberVerb =
  <Input extends { actor: Actor }, Output>(verb: (input: Input) => Promise<Output>) =>
  (input: Input): Promise<Output> => {
    if (input.actor.role === 'operator') {
      return Promise.reject(new AppError('FORBIDDEN', 'The network operator does not act for a chamber.'));
    }
    return verb(input);
  };

export const createCore = (deps: CoreDeps) => {
  const base = { ...deps, issuerId: deps.issuer.id };
  const publish = publishStatusList(base);
  const afterStatusChange = async () => {
    await publish().catch((error: unknown) => {
      // the periodic refresh publishes it later; the change itself is committed
      deps.logger.warn('revocation list not re-published', { error });
    });
  };
  const scoped = { ...base, afterStatusChange };
  const webhookDispatcher = createWebhookDispatcher({ ...scoped, sender: deps.webhookSender });
  return {
    issuer: deps.issuer,
    /** Idempotency-Key: runs a request once per caller, route and key (docs/architecture.md §11). */
    idempotency: { run: runIdempotent(base) },
    maxAttachmentBytes: deps.maxAttachmentBytes,
    canRotateKeys: canRotateKeys(deps),
    rotateKeys: rotateKeys(deps),
    login: login(scoped),
    authenticate: authenticate(scoped),
    logout: logout(scoped),
    changePassword: changePassword(scoped),
    /** Forgotten password (docs/security.md, "Password reset by e-mail"); any account of the chamber. */
    requestPasswordReset: requestPasswordReset(scoped),
    confirmPasswordReset: confirmPasswordReset(scoped),
    getNotificationSettings: getNotificationSettings(scoped),
    updateNotificationSettings: updateNotificationSettings(scoped),
    /** Bounces and complaints reported by the mail service (deployment-wide suppression). */
    recordMailFeedback: recordMailFeedback(scoped),
    /** Queues the outbox's mails and the day's digest, then sends what is due (docs/mail.md). */
    dispatchMail: dispatchMail(scoped),
    resetPassword: chamberVerb(resetPassword(scoped)),
    createOrganisation: chamberVerb(createOrganisation(scoped)),
    listOrganisations: chamberVerb(listOrganisations(scoped)),
    getOrganisation: chamberVerb(getOrganisation(scoped)),
    setOrganisationDisabled: chamberVerb(setOrganisationDisabled(scoped)),
    createUser: chamberVerb(createUser(scoped)),
    listUsers: chamberVerb(listUsers(scoped)),
    setUserDisabled: chamberVerb(setUserDisabled(scoped)),
    /** Authorised signatories of the exporter's declaration (docs/legal.md §8). */
    grantSignatory: chamberVerb(grantSignatory(scoped)),
    revokeSignatory: chamberVerb(revokeSignatory(scoped)),
    listSignatories: chamberVerb(listSignatories(scoped)),
    createApiKey: chamberVerb(createApiKey(scoped)),
    listApiKeys: chamberVerb(listApiKeys(scoped)),
    revokeApiKey: chamberVerb(revokeApiKey(scoped)),
    createApplication: chamberVerb(createApplication(scoped)),
    getApplication: chamberVerb(getApplication(scoped)),
    editApplication: chamberVerb(editApplication(scoped)),
    submitApplication: chamberVerb(submitApplication(scoped)),
    cancelApplication: chamberVerb(cancelApplication(scoped)),
    reviewApplication: chamberVerb(reviewApplication(scoped)),
    listApplications: chamberVerb(listApplications(scoped)),
    applicationEvents: chamberVerb(applicationEvents(scoped)),
    addAttachment: chamberVerb(addAttachment(scoped)),
    listAttachments: chamberVerb(listAttachments(scoped)),
    getAttachmentFile: chamberVerb(getAttachmentFile(scoped)),
    removeAttachment: chamberVerb(removeAttachment(scoped)),
    approveApplication: chamberVerb(approveApplication(scoped)),
    previewCertificate: chamberVerb(previewCertificate(scoped)),
    recoverIssuance: recoverIssuance(scoped),
    /** The operator's archive renewal (docs/legal.md §5); absent without a TSA. */
    renewArchiveTimestamps:
      deps.timestamps && deps.revocation
        ? renewArchiveTimestamps({
            ...base,
            timestamps: deps.timestamps,
            revocation: deps.revocation,
          })
        : undefined,
    getCertificate: chamberVerb(getCertificate(scoped)),
    getCertificatePdf: chamberVerb(getCertificatePdf(scoped)),
    getCertificateCredential: chamberVerb(getCertificateCredential(scoped)),
    listCertificates: chamberVerb(listCertificates(scoped)),
    createWebhook: chamberVerb(createWebhook(scoped)),
    listWebhooks: chamberVerb(listWebhooks(scoped)),
    revokeWebhook: chamberVerb(revokeWebhook(scoped)),
    listDeliveries: chamberVerb(listDeliveries(scoped)),
    dispatchWebhooks: webhookDispatcher.dispatch,
    /** Starts what is due and returns at once (the local server's loop); deliveries finish on their own. */
    pumpWebhooks: webhookDispatcher.pump,
    revokeCertificate: chamberVerb(revokeCertificate(scoped)),
    replaceCertificate: chamberVerb(replaceCertificate(scoped)),
    publishStatusList: publish,
    refreshStatusList: refreshStatusList(scoped),
    /** The platform operator's verbs: every other role is refused (FORBIDDEN). */
    network: {
      createChamber: createChamber(deps),
      listChambers: listChambers(deps),
      getChamber: getChamber(deps),
      setChamberStatus: setChamberStatus(deps),
    },
    /** The chamber administrator's own chamber: its names, contact and caption languages. */
    getOwnChamber: chamberVerb(getOwnChamber(scoped)),
    updateOwnChamber: chamberVerb(updateOwnChamber(scoped)),
  };
};

export type Core = ReturnType<typeof createCore>;
