// What the core needs from the outside world, stated as interfaces. Adapters implement them; config/deps.ts wires them.
import type { JSONWebKeySet } from 'jose';
import type { ApiKey, Organisation, Session, User } from './accounts.ts';
import type { Application, ApplicationStatus, CertificateType } from './applications/application.ts';
import type { Attachment } from './applications/attachment.ts';
import type { AuditEvent } from './applications/audit-event.ts';
import type { Certificate, CertificateStatus, SerialSeries } from './certificates/certificate.ts';
import type {
  MailMessage,
  MailOutboxEntry,
  MailSuppression,
  NotificationPreferences,
  PasswordReset,
  QueuedMail,
} from './mail/mail.ts';
import type { Chamber } from './network/chamber.ts';
import type { TrustListPayload } from './network/trust-list.ts';
import type { TemplateManifest } from './rendering/template-manifest.ts';
import type { JwsTyping } from './sealing/token-types.ts';
import type { StatusListClaims } from './verification/status-list.ts';
import type { OutboxEntry, Webhook, WebhookDelivery } from './webhooks/webhook.ts';

export interface Clock {
  now(): Date;
}

/**
 * Waits: between the attempts of a retry, so that racing writers spread out, and the login delay
 * (docs/security.md, "Login"); tests inject one that need not wait for real time.
 */
export type Sleep = (ms: number) => Promise<void>;

/** Structured logs, one event a call; never tokens, passwords or bodies in `fields`. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface RandomSource {
  /** A unique, unguessable identifier (for applications, users, organisations). */
  id(): string;
  bytes(length: number): Uint8Array;
  /** A number in [0, 1), for jitter; not for secrets. */
  fraction(): number;
}

/**
 * The chambers a deployment hosts (docs/network.md §1). Creating one claims its id, its serial prefix and each of
 * its hosts at once, so that two chambers never share any of them.
 */
export interface ChamberRepository {
  get(id: string): Promise<Chamber | undefined>;
  list(): Promise<Chamber[]>;
  findByHost(host: string): Promise<Chamber | undefined>;
  /** VALIDATION_FAILED (`already_registered` on id, serialPrefix or hosts[i]) when any is taken. */
  create(chamber: Chamber): Promise<void>;
  /** Writes `chamber` if the stored one still has `expectedVersion`; VERSION_CONFLICT otherwise. */
  update(chamber: Chamber, expectedVersion: number): Promise<void>;
}

export interface AccountRepository {
  putOrganisation(organisation: Organisation): Promise<void>;
  getOrganisation(issuerId: string, orgId: string): Promise<Organisation | undefined>;
  listOrganisations(issuerId: string): Promise<Organisation[]>;
  /** Creates a user; VALIDATION_FAILED on `email` when the email is taken. */
  createUser(user: User): Promise<void>;
  /**
   * Replaces a user record (same email). With `expectedEpoch`, only while the stored sessionEpoch is still that
   * (VERSION_CONFLICT otherwise), so that a password change and a disable never undo each other.
   */
  updateUser(user: User, expectedEpoch?: number): Promise<void>;
  findUserByEmail(issuerId: string, email: string): Promise<User | undefined>;
  getUserById(issuerId: string, id: string): Promise<User | undefined>;
  listUsers(issuerId: string, orgId?: string): Promise<User[]>;
}

export interface ThrottleStore {
  /** Counts one attempt in the current window of `key`; returns the count so far and when the window ends. */
  hit(issuerId: string, key: string, windowSeconds: number): Promise<{ count: number; resetAt: number }>;
  /**
   * Takes one of `limit` slots in the current window of `key`, atomically: the count is raised only while it is
   * below the limit, so any number of parallel callers get at most `limit` grants per window.
   */
  take(
    issuerId: string,
    key: string,
    limit: number,
    windowSeconds: number,
  ): Promise<{ granted: boolean; count: number; resetAt: number }>;
  /** Gives one slot of the current window back (never below zero). */
  giveBack(issuerId: string, key: string): Promise<void>;
  peek(issuerId: string, key: string): Promise<{ count: number; resetAt: number } | undefined>;
  reset(issuerId: string, key: string): Promise<void>;
}

export interface ApiKeyRepository {
  create(key: ApiKey): Promise<void>;
  get(issuerId: string, id: string): Promise<ApiKey | undefined>;
  listByOrg(issuerId: string, orgId: string): Promise<ApiKey[]>;
  update(key: ApiKey): Promise<void>;
}

export interface SessionRepository {
  create(session: Session): Promise<void>;
  get(issuerId: string, tokenHash: string): Promise<Session | undefined>;
  delete(issuerId: string, tokenHash: string): Promise<void>;
}

export interface ApplicationTransition {
  /** The application as read; the write is conditional on its status and version. */
  current: Application;
  next: Application;
  event: AuditEvent;
}

export interface ApplicationQuery {
  issuerId: string;
  limit: number;
  /** One organisation's applications, newest first (an exporter's own; staff filtering by exporter). */
  orgId?: string;
  /** Staff: applications in one status, oldest first (a work queue). */
  status?: ApplicationStatus;
  /** With orgId: oldest first instead, as a work queue is read. */
  oldestFirst?: boolean;
  type?: CertificateType;
  cursor?: string;
}

export interface ApplicationList {
  items: Application[];
  /** Opaque; pass it back to get the next page. Absent on the last page. */
  cursor?: string;
}

export interface ApplicationRepository {
  /**
   * Writes the application, its first audit event and its outbox entry, and the records of documents carried
   * over (their files already stored), in one transaction. A replacement (`application.replaces`) also takes its
   * certificate's replacement lock there: REPLACEMENT_IN_PROGRESS when another open replacement holds it. The
   * lock is let go in the transition that rejects or cancels the replacement (`releasesReplacementLock`).
   */
  create(application: Application, event: AuditEvent, attachments?: readonly Attachment[]): Promise<void>;
  get(issuerId: string, id: string): Promise<Application | undefined>;
  /**
   * One conditional write of application, audit event and outbox entry; VERSION_CONFLICT or
   * INVALID_TRANSITION when the stored application moved on.
   */
  transition(transition: ApplicationTransition): Promise<void>;
  events(issuerId: string, id: string): Promise<AuditEvent[]>;
  list(query: ApplicationQuery): Promise<ApplicationList>;
}

export interface AttachmentRepository {
  list(issuerId: string, applicationId: string): Promise<Attachment[]>;
  get(issuerId: string, applicationId: string, attachmentId: string): Promise<Attachment | undefined>;
  /** The attachment record and the application's audit event, in one transaction. */
  add(change: ApplicationTransition & { attachment: Attachment }): Promise<void>;
  remove(change: ApplicationTransition & { attachment: Attachment }): Promise<void>;
}

export interface Reservation extends ApplicationTransition {
  series: SerialSeries;
  /** The series counter as read; the reservation only succeeds if it still holds this value. */
  counter: number;
  certificate: Certificate;
  /**
   * When the application replaces a certificate: the reservation holds only if that certificate is still as read
   * (same status, not replaced) and takes its replacement lock for this application, so that no two replacements
   * of one certificate are ever issued (ALREADY_REPLACED, REPLACEMENT_FORBIDDEN, REPLACEMENT_IN_PROGRESS).
   */
  replacing?: { certificate: Certificate };
}

export type ReservationResult = { reserved: true } | { reserved: false; reason: 'SERIAL_TAKEN' };

export interface Commit extends ApplicationTransition {
  certificate: Certificate;
  /**
   * When the new certificate replaces another: the old one links forward (SUPERSEDED, or still REVOKED) in the
   * same transaction, conditional on its status as read and on not being replaced yet.
   */
  supersede?: ApplicationTransition & { certificate: Certificate; expectedStatus: CertificateStatus };
}

/** The public revocation list as published: a compact JWS, and when it was made and should be refreshed. */
export interface SignedStatusList {
  jws: string;
  /** The same list as a W3C Bitstring Status List credential (vc+jwt); absent on lists published before it. */
  credential?: string;
  issuedAt: string;
  nextUpdate: string;
}

export interface CertificateRepository {
  currentSerialNumber(series: SerialSeries): Promise<number>;
  /** One transaction: application SUBMITTED → ISSUING, counter + 1, serial claimed, certificate created. */
  reserve(reservation: Reservation): Promise<ReservationResult>;
  /**
   * One transaction: certificate and application ISSUING → ISSUED, hash lookup recorded. The certificate's
   * settled issuance parts go with the commit: the stored PDF holds them (docs/legal.md §3).
   */
  commit(commit: Commit): Promise<void>;
  /** A part of an ISSUING certificate settled before (settleIssuancePart), or undefined. */
  settledIssuancePart(issuerId: string, code: string, part: string): Promise<Uint8Array | undefined>;
  /**
   * Settles a non-deterministic part of an issuance (a signature, a timestamp token) on the certificate while it
   * is ISSUING: the first writer's bytes are kept and answered to every writer, so that every run of the issuance
   * embeds the same bytes (docs/legal.md §3). INVALID_TRANSITION when the certificate is no longer ISSUING.
   */
  settleIssuancePart(issuerId: string, code: string, part: string, bytes: Uint8Array): Promise<Uint8Array>;
  findByCode(issuerId: string, code: string): Promise<Certificate | undefined>;
  findBySerial(issuerId: string, serial: string): Promise<Certificate | undefined>;
  /** One transaction: the certificate (conditional on `expectedStatus`) and its application's audit event. */
  changeStatus(
    change: ApplicationTransition & { certificate: Certificate; expectedStatus: CertificateStatus },
  ): Promise<void>;
  /** Revoked and superseded certificates of the issuer, for the public revocation list. */
  listWithdrawn(issuerId: string): Promise<Certificate[]>;
  saveStatusList(issuerId: string, list: SignedStatusList): Promise<void>;
  /** The certificate one of whose stored PDF versions has exactly this SHA-256 (hex): the newest or an earlier. */
  findByPdfHash(issuerId: string, sha256: string): Promise<Certificate | undefined>;
  /**
   * Certificates whose archive timestamp's TSA certificate expires by `before` (ISO date), soonest first, read from
   * their due items (docs/legal.md §5): one range read, not a scan of the certificates.
   */
  listArchiveDue(issuerId: string, before: string, limit: number): Promise<Certificate[]>;
  /**
   * One transaction: the certificate's new PDF version, only if its newest is still `previousSha256` (false
   * otherwise: another run renewed it, or it changed); its hash added to the lookup, the earlier ones kept, and
   * its due item moved to the new archive timestamp's expiry.
   */
  renewArchive(renewal: { certificate: Certificate; previous: Certificate }): Promise<boolean>;
  getStatusList(issuerId: string): Promise<SignedStatusList | undefined>;
  /** Issued certificates of an organisation, newest first. */
  listByOrg(
    issuerId: string,
    orgId: string,
    cursor?: string,
  ): Promise<{ items: Certificate[]; cursor?: string }>;
}

export interface StoredObject {
  key: string;
  versionId?: string;
}

export interface ObjectStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<StoredObject>;
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
}

export interface WebhookRepository {
  create(webhook: Webhook): Promise<void>;
  get(issuerId: string, id: string): Promise<Webhook | undefined>;
  listByOrg(issuerId: string, orgId: string): Promise<Webhook[]>;
  update(webhook: Webhook): Promise<void>;
  /** Application changes not yet fanned out, oldest first. */
  pendingOutbox(issuerId: string, limit: number): Promise<OutboxEntry[]>;
  /** One transaction: create the deliveries and mark the outbox entry done (conditional: only once). */
  fanOut(entry: OutboxEntry, deliveries: WebhookDelivery[]): Promise<void>;
  /** Pending deliveries due by `now`, oldest first; after `after` (the last of the previous page) when given. */
  dueDeliveries(
    issuerId: string,
    now: string,
    limit: number,
    after?: Pick<WebhookDelivery, 'id' | 'nextAttemptAt'>,
  ): Promise<WebhookDelivery[]>;
  updateDelivery(delivery: WebhookDelivery): Promise<void>;
  deliveriesOfOrg(
    issuerId: string,
    orgId: string,
    cursor?: string,
  ): Promise<{ items: WebhookDelivery[]; cursor?: string }>;
}

export interface WebhookSender {
  post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number }>;
}

/** A stored response to a POST with an Idempotency-Key. */
export interface IdempotencyRecord {
  key: string;
  requestHash: string;
  state: 'IN_PROGRESS' | 'DONE';
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  expiresAt: string;
  /** IN_PROGRESS only: when the claim lapses (its request crashed), so that a retry runs again. */
  leaseExpiresAt?: string;
}

export interface IdempotencyStore {
  /**
   * Claims the key; when it was claimed before, returns the earlier record instead. An expired record, or an
   * IN_PROGRESS one whose lease ended before `now`, counts as absent and is taken over.
   */
  claim(issuerId: string, record: IdempotencyRecord, now: Date): Promise<IdempotencyRecord | undefined>;
  complete(issuerId: string, record: IdempotencyRecord): Promise<void>;
  release(issuerId: string, key: string): Promise<void>;
}

export interface JwsSigner {
  /** RFC 7638 thumbprint of the public key. */
  readonly kid: string;
  /** Compact JWS (ES256, header `kid`, and `typ`/`cty` when given: sealing/token-types.ts) over the payload. */
  sign(payload: Uint8Array, typing?: JwsTyping): Promise<string>;
}

export interface KeyRing {
  activeSigner(): Promise<JwsSigner>;
  /** Active and retired public keys: a retired key still verifies what it signed. */
  publicKeys(): Promise<JSONWebKeySet>;
  /** Makes a new key active and retires the others; only where the service holds its keys (local files). */
  rotate?(): Promise<{ active: string; retired: string[] }>;
}

// --- PAdES seal (issue #5 item 4) ---
/** The chamber's seal key for the PAdES signature on issued PDFs, and the certificates that name it. */
export interface SealKey {
  /** DER certificates: the seal certificate first, then the CA certificates above it. */
  readonly certificateChainDer: readonly Uint8Array[];
  readonly algorithm: 'ECDSA_P256_SHA256' | 'RSA_PKCS1_SHA256';
  /** Hashes `data` with SHA-256 and signs it; ECDSA signatures DER-encoded, as CMS carries them. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/**
 * Fixes one non-deterministic part of an issuance once (docs/legal.md §3): answers the part settled before, or
 * makes it, settles it and answers what was settled first (another run's, when it got there first). `part` names
 * it (lower-case letters, digits, hyphens); what makes it must depend only on the reserved certificate.
 */
export type Settle = (part: string, make: () => Promise<Uint8Array>) => Promise<Uint8Array>;

/**
 * An RFC 3161 time-stamping authority (docs/legal.md §2): in production the chamber's qualified trust service
 * provider, locally the TSA that `npm start` runs. TIMESTAMP_UNAVAILABLE when it cannot give a good token.
 */
export interface TimestampAuthority {
  /** A TimeStampToken (DER ContentInfo with SignedData) whose message imprint is this SHA-256 digest. */
  timestamp(sha256: Uint8Array): Promise<Uint8Array>;
}

/**
 * Where the validation data of a B-LT file comes from (docs/legal.md §4): the CRLs that certificates name in their
 * cRLDistributionPoints. A CRL that cannot be fetched is SEALING_UNAVAILABLE: without it no B-LT file is made.
 */
export interface RevocationSource {
  /** The DER CRL published at `url`. */
  crl(url: string): Promise<Uint8Array>;
}
// --- end PAdES seal ---

export type { TemplateManifest } from './rendering/template-manifest.ts';

export interface CertificateTemplate {
  type: CertificateType;
  pdf: Uint8Array;
  manifest: TemplateManifest;
  /** The issuer's label languages (ISSUER_LABEL_LANGUAGES), local first: captions print in these, in order. */
  languages: readonly string[];
  /** The issuer's logo (PNG), printed in the template's `logo` area when both are there. */
  logo?: Uint8Array | undefined;
  /**
   * The sRGB ICC profile of the PDF/A output intent: the device RGB colours of the template and of the
   * printed text are meant in it (docs/legal.md §7).
   */
  colourProfile: Uint8Array;
}

export interface TemplateSource {
  load(type: CertificateType): Promise<CertificateTemplate>;
  fonts(): Promise<{ regular: Uint8Array; bold: Uint8Array }>;
}

// --- regional trust list (docs/network.md §6) ---
/** What this deployment knows of the trust list: the last good list, and whether the latest fetch failed. */
export interface TrustListState {
  /** The last list that verified; absent until one has. */
  list?: { jws: string; payload: TrustListPayload; fetchedAt: string };
  /** When a fetch last failed or was refused while a good list was kept; absent while all is well. */
  staleSince?: string;
  /** Why the last fetch was refused or failed. */
  reason?: string;
  lastAttemptAt: string;
}

/** A member's signed revocation list, verified with its keys from the trust list, as cached here. */
export interface MemberRevocations {
  jws: string;
  claims: StatusListClaims;
  fetchedAt: string;
}

/** One deployment-wide item per kind: the trust list is the network's, not a chamber's. */
export interface NetworkStore {
  getTrustList(): Promise<TrustListState | undefined>;
  /** Refuses (resolves false) to replace a list of a higher version: two refreshes may race. */
  putTrustList(state: TrustListState): Promise<boolean>;
  getMemberRevocations(memberId: string): Promise<MemberRevocations | undefined>;
  putMemberRevocations(memberId: string, revocations: MemberRevocations): Promise<void>;
}

/** Where lists come from: the configured URL or file only, and the statusListUrl of a member the list names. */
export interface TrustListSource {
  /** Human-readable, for health and logs: the URL or file path. */
  readonly location: string;
  fetchList(): Promise<string>;
  fetchMemberRevocations(url: string): Promise<string>;
}
// --- end regional trust list ---

// --- e-mail (docs/mail.md) ---
/** Sends one composed message; throws when the mail server refused it or could not be reached. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * The mail outbox, queue and what users chose. Outbox entries are written with the application change they
 * tell of (the same transaction); fanning one out writes its mails and marks it done in one transaction too.
 */
export interface MailRepository {
  /** Application changes not yet turned into mails, oldest first. */
  pendingOutbox(issuerId: string, limit: number): Promise<MailOutboxEntry[]>;
  /** One transaction: the entry's mails queued and the entry marked done (only once: a second call is a no-op). */
  fanOut(entry: MailOutboxEntry, mails: readonly QueuedMail[]): Promise<void>;
  /** Mails to send (or retry) by `now`, oldest first. */
  dueMails(issuerId: string, now: string, limit: number): Promise<QueuedMail[]>;
  /**
   * Writes the mail's next state if it is still at `expectedAttempts` attempts; false when another dispatcher
   * took it first. Taking a mail (attempts + 1, a lease as nextAttemptAt) before sending is what keeps two
   * dispatchers from sending it twice.
   */
  updateMail(mail: QueuedMail, expectedAttempts: number): Promise<boolean>;
  getMail(issuerId: string, id: string): Promise<QueuedMail | undefined>;
  /** Queues mails and claims the day's digest in one transaction; false when the digest was claimed before. */
  queueDigest(issuerId: string, day: string, mails: readonly QueuedMail[]): Promise<boolean>;
  getPreferences(issuerId: string, userId: string): Promise<NotificationPreferences | undefined>;
  putPreferences(issuerId: string, userId: string, preferences: NotificationPreferences): Promise<void>;
  /** Addresses that bounced for good or complained, deployment-wide: mail to them stops. */
  getSuppression(email: string): Promise<MailSuppression | undefined>;
  putSuppression(suppression: MailSuppression): Promise<void>;
  deleteSuppression(email: string): Promise<void>;
}

/** Password-reset tokens, stored by the SHA-256 of the token, and the reset mail queued with one. */
export interface PasswordResetRepository {
  /** The reset and its mail, in one transaction. */
  create(reset: PasswordReset, mail: QueuedMail): Promise<void>;
  get(issuerId: string, tokenHash: string): Promise<PasswordReset | undefined>;
  /** Marks it used, only if it was not: false when it had been used (or is gone). */
  consume(issuerId: string, tokenHash: string, at: string): Promise<boolean>;
}
// --- end e-mail ---
