// The core verbs, bound to their dependencies. Handlers call these and nothing else: the core hands out no
// port (store, clock, random source), so that what the stores hold stays the core's business.

import type { Issuer } from './accounts.ts';
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
import { getOrganisation } from './auth/read-organisation.ts';
import { authenticate, changePassword, login, logout } from './auth/sessions.ts';
import {
  getCertificate,
  getCertificateCredential,
  getCertificatePdf,
  listCertificates,
} from './certificates/read-certificates.ts';
import { replaceCertificate, revokeCertificate } from './certificates/revoke-and-replace.ts';
import { runIdempotent } from './idempotency/run-idempotent.ts';
import { approveApplication } from './issuance/issue-certificate.ts';
import { recoverIssuance } from './issuance/recover-issuance.ts';
import { canRotateKeys, rotateKeys } from './keys/rotate-keys.ts';
import { createChamber, getChamber, listChambers, setChamberStatus } from './network/manage-chambers.ts';
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
  ObjectStore,
  RandomSource,
  SealKey,
  SessionRepository,
  Sleep,
  TemplateSource,
  ThrottleStore,
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
}

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
    resetPassword: resetPassword(scoped),
    createOrganisation: createOrganisation(scoped),
    listOrganisations: listOrganisations(scoped),
    getOrganisation: getOrganisation(scoped),
    setOrganisationDisabled: setOrganisationDisabled(scoped),
    createUser: createUser(scoped),
    listUsers: listUsers(scoped),
    setUserDisabled: setUserDisabled(scoped),
    createApiKey: createApiKey(scoped),
    listApiKeys: listApiKeys(scoped),
    revokeApiKey: revokeApiKey(scoped),
    createApplication: createApplication(scoped),
    getApplication: getApplication(scoped),
    editApplication: editApplication(scoped),
    submitApplication: submitApplication(scoped),
    cancelApplication: cancelApplication(scoped),
    reviewApplication: reviewApplication(scoped),
    listApplications: listApplications(scoped),
    applicationEvents: applicationEvents(scoped),
    addAttachment: addAttachment(scoped),
    listAttachments: listAttachments(scoped),
    getAttachmentFile: getAttachmentFile(scoped),
    removeAttachment: removeAttachment(scoped),
    approveApplication: approveApplication(scoped),
    previewCertificate: previewCertificate(scoped),
    recoverIssuance: recoverIssuance(scoped),
    getCertificate: getCertificate(scoped),
    getCertificatePdf: getCertificatePdf(scoped),
    getCertificateCredential: getCertificateCredential(scoped),
    listCertificates: listCertificates(scoped),
    createWebhook: createWebhook(scoped),
    listWebhooks: listWebhooks(scoped),
    revokeWebhook: revokeWebhook(scoped),
    listDeliveries: listDeliveries(scoped),
    dispatchWebhooks: webhookDispatcher.dispatch,
    /** Starts what is due and returns at once (the local server's loop); deliveries finish on their own. */
    pumpWebhooks: webhookDispatcher.pump,
    revokeCertificate: revokeCertificate(scoped),
    replaceCertificate: replaceCertificate(scoped),
    publishStatusList: publish,
    refreshStatusList: refreshStatusList(scoped),
    /** The platform operator's verbs: every other role is refused (FORBIDDEN). */
    network: {
      createChamber: createChamber(deps),
      listChambers: listChambers(deps),
      getChamber: getChamber(deps),
      setChamberStatus: setChamberStatus(deps),
    },
  };
};

export type Core = ReturnType<typeof createCore>;
