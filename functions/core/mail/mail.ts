// The e-mail the service sends (docs/mail.md): what a composed message holds, the outbox entry written with the
// application change it tells of, the queued mail with its attempts, and what each user chose to receive.
import type { OutboxEntry } from '../webhooks/webhook.ts';

export const MAIL_LANGUAGES = ['en', 'mk', 'sq'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

export const isMailLanguage = (value: unknown): value is MailLanguage =>
  MAIL_LANGUAGES.some((language) => language === value);

export interface MailAddress {
  name?: string;
  address: string;
}

/** A message ready for any mail server: both bodies, and the headers that matter (docs/mail.md, "Headers"). */
export interface MailMessage {
  /** `<id@domain>`: the same for every attempt, so a receiver can drop a duplicate. */
  messageId: string;
  from: MailAddress;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers: List-Unsubscribe and List-Unsubscribe-Post. */
  headers: Record<string, string>;
}

export type MailKind = 'request-changes' | 'reject' | 'issue' | 'digest' | 'password-reset';

/** The application changes that mail the exporter; the others are webhooks only. */
const NOTIFYING_ACTIONS: readonly string[] = ['request-changes', 'reject', 'issue'];
export const notifiesByMail = (action: string): boolean => NOTIFYING_ACTIONS.includes(action);

/** Written in the transaction of the change (with its comment, which the webhook entry leaves out). */
export interface MailOutboxEntry extends OutboxEntry {
  comment?: string;
}

export type MailStatus = 'PENDING' | 'SENT' | 'FAILED' | 'SUPPRESSED';

export interface QueuedMail {
  /** Deterministic where it can be (`{applicationId}.{seq}.{userId}`): fanning out twice queues nothing new. */
  id: string;
  issuerId: string;
  kind: MailKind;
  userId: string;
  message: MailMessage;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  lastAttemptAt?: string;
  lastError?: string;
  sentAt?: string;
}

/** What a user gets; every kind is on until the user turns it off. */
export interface NotificationPreferences {
  /** Exporters: request for changes, rejection, issuance. */
  applicationUpdates: boolean;
  /** Staff: the daily digest of the review queue. */
  dailyDigest: boolean;
  /** The language of the user's mails; absent: the chamber's first label language. */
  language?: MailLanguage;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = { applicationUpdates: true, dailyDigest: true };

/** An address the mail service reported as undeliverable (a permanent bounce) or that complained. */
export interface MailSuppression {
  email: string;
  reason: 'bounce' | 'complaint';
  at: string;
}

export interface PasswordReset {
  tokenHash: string;
  issuerId: string;
  userId: string;
  email: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

export const PASSWORD_RESET_TTL_MS = 30 * 60_000;
export const MAX_MAIL_ATTEMPTS = 8;
/** How long a dispatcher holds a mail it is sending before another may try it (a crashed send). */
export const MAIL_SEND_LEASE_MS = 2 * 60_000;
