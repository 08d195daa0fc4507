// ERP webhooks: an organisation's HTTPS endpoint told about every status change of its applications,
// signed with HMAC-SHA256 and retried with backoff; every attempt is logged for the organisation to read.
import { createHmac } from 'node:crypto';
import type { Application } from '../applications/application.ts';
import type { AuditEvent } from '../applications/audit-event.ts';

export interface Webhook {
  id: string;
  issuerId: string;
  orgId: string;
  url: string;
  /** The HMAC key, shown to the organisation once. */
  secret: string;
  createdBy: string;
  createdAt: string;
  revokedAt?: string;
}

/** An application change waiting to be fanned out to the organisation's webhooks (written with the change). */
export interface OutboxEntry {
  issuerId: string;
  orgId: string;
  applicationId: string;
  type: string;
  seq: number;
  action: string;
  from: string | null;
  to: string;
  at: string;
  version: number;
  certificate?: { serial: string; code: string };
}

/** The outbox entry of an application's change, written in the same transaction as its audit event. */
export const outboxEntryOf = (application: Application, event: AuditEvent): OutboxEntry => ({
  issuerId: application.issuerId,
  orgId: application.orgId,
  applicationId: application.id,
  type: application.type,
  seq: event.seq,
  action: event.action,
  from: event.from,
  to: event.to,
  at: event.at,
  version: application.version,
  ...(application.certificate ? { certificate: application.certificate } : {}),
});

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface WebhookDelivery {
  id: string;
  issuerId: string;
  orgId: string;
  webhookId: string;
  url: string;
  eventId: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  lastAttemptAt?: string;
  lastStatus?: number;
  lastError?: string;
  deliveredAt?: string;
}

export const MAX_DELIVERY_ATTEMPTS = 8;
export const MAX_WEBHOOKS_PER_ORG = 10;

/** 10 s, 20 s, 40 s … capped at one hour. */
export const backoffMs = (attempts: number): number =>
  Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempts - 1));

export const eventIdOf = (entry: Pick<OutboxEntry, 'applicationId' | 'seq'>): string =>
  `${entry.applicationId}.${entry.seq}`;

export const webhookPayload = (entry: OutboxEntry): string =>
  JSON.stringify({
    id: eventIdOf(entry),
    type: 'application.status_changed',
    occurredAt: entry.at,
    data: {
      applicationId: entry.applicationId,
      certificateType: entry.type,
      action: entry.action,
      from: entry.from,
      to: entry.to,
      version: entry.version,
      ...(entry.certificate ? { certificate: entry.certificate } : {}),
    },
  });

/** `Tradecert-Signature: t={unix seconds},v1={hex HMAC-SHA256 of "{t}.{body}"}` (the Stripe scheme). */
export const signatureHeader = (secret: string, body: string, at: Date): string => {
  const timestamp = Math.floor(at.getTime() / 1000);
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
};
