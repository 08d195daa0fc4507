// The state behind the in-memory adapters: one set of maps shared by every port, as the DynamoDB adapters share
// one table, so that a transaction can span applications, certificates, attachments and the outbox. Writes are
// all-or-nothing, like TransactWriteItems: every condition is checked first, then every write applied, with no
// await in between. For pure core unit tests only (docs/architecture.md §1); storage itself is tested on
// DynamoDB Local.
import type { ApiKey, Organisation, Session, User } from '../../../functions/core/accounts.ts';
import type { Application } from '../../../functions/core/applications/application.ts';
import type { Attachment } from '../../../functions/core/applications/attachment.ts';
import type { AuditEvent } from '../../../functions/core/applications/audit-event.ts';
import type { Certificate } from '../../../functions/core/certificates/certificate.ts';
import type { Chamber } from '../../../functions/core/network/chamber.ts';
import type { IdempotencyRecord, SignedStatusList } from '../../../functions/core/ports.ts';
import type { OutboxEntry, Webhook, WebhookDelivery } from '../../../functions/core/webhooks/webhook.ts';

export interface MemoryTables {
  /** Chamber records by id, and the claims on serial prefixes and hosts (`PREFIX#…`, `HOST#…` → chamber id). */
  chambers: Map<string, Chamber>;
  chamberClaims: Map<string, string>;
  organisations: Map<string, Organisation>;
  /** By issuer and lower-case email, as users are keyed for login. */
  users: Map<string, User>;
  /** By issuer and user id: the email, as the DynamoDB id pointer holds it. */
  userIds: Map<string, string>;
  apiKeys: Map<string, ApiKey>;
  sessions: Map<string, Session>;
  throttle: Map<string, { count: number; resetAt: number }>;
  idempotency: Map<string, IdempotencyRecord>;
  applications: Map<string, Application>;
  events: Map<string, AuditEvent>;
  /** Every outbox entry; `pending` until it is fanned out (the sparse index in DynamoDB). */
  outbox: Map<string, { entry: OutboxEntry; pending: boolean }>;
  attachments: Map<string, Attachment>;
  counters: Map<string, number>;
  /** Serial to verification code, the pointer item that claims a serial. */
  serials: Map<string, string>;
  /** Claimed Bitstring Status List indices, as the DynamoDB adapter's STATUSINDEX items. */
  statusListIndices: Map<string, string>;
  /** By issuer and verification code. */
  certificates: Map<string, Certificate>;
  /** By issuer, verification code and part: settled issuance parts, dropped by the commit. */
  settledParts: Map<string, Uint8Array>;
  /** By issuer and PDF SHA-256: a copy of the certificate, rewritten with every change of it. */
  pdfHashes: Map<string, Certificate>;
  /** By issuer and SHA-256 of an earlier archive version: the certificate's code only (a pointer item). */
  earlierPdfHashes: Map<string, string>;
  statusLists: Map<string, SignedStatusList>;
  /**
   * By issuer and serial of the replaced certificate: which application holds its replacement lock (the
   * keys.replacementLock item, SK 'LOCK'), taken when a replacement is created or reserved, let go when it is
   * rejected or cancelled.
   */
  replacementLocks: Map<string, ReplacementLock>;
  webhooks: Map<string, Webhook>;
  deliveries: Map<string, WebhookDelivery>;
}

export interface ReplacementLock {
  serial: string;
  applicationId: string;
}

export const createMemoryTables = (): MemoryTables => ({
  chambers: new Map(),
  chamberClaims: new Map(),
  organisations: new Map(),
  users: new Map(),
  userIds: new Map(),
  apiKeys: new Map(),
  sessions: new Map(),
  throttle: new Map(),
  idempotency: new Map(),
  applications: new Map(),
  events: new Map(),
  outbox: new Map(),
  attachments: new Map(),
  counters: new Map(),
  serials: new Map(),
  statusListIndices: new Map(),
  certificates: new Map(),
  settledParts: new Map(),
  pdfHashes: new Map(),
  earlierPdfHashes: new Map(),
  statusLists: new Map(),
  replacementLocks: new Map(),
  webhooks: new Map(),
  deliveries: new Map(),
});

/** A map key from its parts (issuer first, as every DynamoDB key starts with ISS#{issuerId}). */
export const key = (...parts: (string | number)[]): string => parts.join('#');

/** Sequence numbers padded as in the DynamoDB sort keys, so that map order is event order. */
export const seqKey = (seq: number): string => String(seq).padStart(6, '0');

/** Stored and returned records are copies: a caller changing what it read must not change the store. */
export const copy = <T>(value: T): T => structuredClone(value);

/**
 * Lets other work run between a port call and its effect, as a network round trip would, so that two verbs
 * started together interleave their reads and writes (and the conditional writes have something to decide).
 */
export const roundTrip = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One item of a transaction: applied only if every item's condition holds. */
export interface Write {
  condition?: () => boolean;
  apply: () => void;
}

/** A transaction refused by its conditions: which items failed, as DynamoDB's CancellationReasons say. */
export class TransactionCancelled extends Error {
  override readonly name = 'TransactionCancelled';
  constructor(readonly failed: readonly boolean[]) {
    super(`Transaction cancelled: items ${failed.flatMap((bad, index) => (bad ? [index] : [])).join(', ')}`);
  }
}

/** All or nothing: checks every condition, then applies every write; throws TransactionCancelled otherwise. */
export const transact = (writes: readonly Write[]): void => {
  const failed = writes.map((write) => (write.condition ? !write.condition() : false));
  if (failed.some(Boolean)) throw new TransactionCancelled(failed);
  for (const write of writes) write.apply();
};

/** One conditional write outside a transaction (a PutItem with a ConditionExpression). */
export const conditionalWrite = (write: Write): boolean => {
  if (write.condition && !write.condition()) return false;
  write.apply();
  return true;
};
