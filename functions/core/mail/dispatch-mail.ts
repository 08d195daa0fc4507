// The mail dispatcher, run by the background work beside the webhook dispatcher (docs/mail.md, "Delivery"):
// turns outbox entries (written with the application change) into one queued mail per recipient, in one
// transaction with marking the entry done; sends what is due, taking each mail with a lease first so that two
// dispatchers never send it at once; retries a failed send with the webhooks' backoff; sends the day's staff
// digest once per chamber. A failing mail server fails none of the changes: they were committed before.
import type { Issuer, User } from '../accounts.ts';
import type {
  AccountRepository,
  ApplicationRepository,
  Clock,
  Logger,
  Mailer,
  MailRepository,
} from '../ports.ts';
import { backoffMs } from '../webhooks/webhook.ts';
import {
  composeApplicationMail,
  composeDigestMail,
  type MailSettings,
  type Recipient,
} from './compose-mail.ts';
import {
  DEFAULT_PREFERENCES,
  MAIL_SEND_LEASE_MS,
  MAX_MAIL_ATTEMPTS,
  type MailKind,
  type MailMessage,
  type NotificationPreferences,
  type QueuedMail,
} from './mail.ts';

export interface MailDeps {
  issuerId: string;
  issuer: Issuer;
  mail: MailSettings;
  mails: MailRepository;
  /** Absent where no mail server is configured (MAIL_TRANSPORT=none): mails stay queued. */
  mailer?: Mailer | undefined;
  accounts: Pick<AccountRepository, 'listUsers'>;
  applications: Pick<ApplicationRepository, 'list'>;
  clock: Clock;
  logger: Logger;
}

export interface MailReport {
  queued: number;
  sent: number;
  retrying: number;
  failed: number;
  suppressed: number;
}

const PAGE = 25;
const MAX_ROUND = 200;

export const preferencesOf = async (deps: Pick<MailDeps, 'issuerId' | 'mails'>, userId: string) => ({
  ...DEFAULT_PREFERENCES,
  ...(await deps.mails.getPreferences(deps.issuerId, userId)),
});

const recipientOf = (deps: MailDeps, user: User, preferences: NotificationPreferences): Recipient => ({
  userId: user.id,
  email: user.email,
  name: user.name,
  language: preferences.language ?? deps.mail.defaultLanguage,
});

/** The users who want mail of `wants`, with their preferences. */
const subscribers = async (
  deps: MailDeps,
  users: readonly User[],
  wants: keyof Pick<NotificationPreferences, 'applicationUpdates' | 'dailyDigest'>,
): Promise<Recipient[]> => {
  const chosen = await Promise.all(
    users
      .filter((user) => !user.disabled)
      .map(async (user) => {
        const preferences = await preferencesOf(deps, user.id);
        return preferences[wants] ? recipientOf(deps, user, preferences) : undefined;
      }),
  );
  return chosen.filter((recipient) => recipient !== undefined);
};

export const queuedMail = (
  deps: Pick<MailDeps, 'issuerId'>,
  input: { id: string; kind: MailKind; userId: string; message: MailMessage; at: string },
): QueuedMail => ({
  id: input.id,
  issuerId: deps.issuerId,
  kind: input.kind,
  userId: input.userId,
  message: input.message,
  status: 'PENDING',
  attempts: 0,
  nextAttemptAt: input.at,
  createdAt: input.at,
});

const fanOut = async (deps: MailDeps, report: MailReport) => {
  for (let seen = 0; seen < MAX_ROUND; ) {
    const entries = await deps.mails.pendingOutbox(deps.issuerId, PAGE);
    const at = deps.clock.now().toISOString();
    for (const entry of entries) {
      const exporters = (await deps.accounts.listUsers(deps.issuerId, entry.orgId)).filter(
        (user) => user.role === 'exporter',
      );
      const recipients = await subscribers(deps, exporters, 'applicationUpdates');
      const mails = recipients.map((recipient) => {
        const id = `${entry.applicationId}.${entry.seq}.${recipient.userId}`;
        return queuedMail(deps, {
          id,
          kind: entry.action as MailKind,
          userId: recipient.userId,
          message: composeApplicationMail(deps.mail, deps.issuer, recipient, entry, id),
          at,
        });
      });
      await deps.mails.fanOut(entry, mails);
      report.queued += mails.length;
    }
    seen += entries.length;
    if (entries.length < PAGE) return;
  }
};

/** One attempt at one mail: take it (a lease), send, record. */
const attempt = async (deps: MailDeps & { mailer: Mailer }, mail: QueuedMail, report: MailReport) => {
  const at = deps.clock.now();
  const attempts = mail.attempts + 1;
  const taken: QueuedMail = {
    ...mail,
    attempts,
    lastAttemptAt: at.toISOString(),
    nextAttemptAt: new Date(at.getTime() + MAIL_SEND_LEASE_MS).toISOString(),
  };
  if (!(await deps.mails.updateMail(taken, mail.attempts))) return; // another dispatcher has it
  if (await deps.mails.getSuppression(mail.message.to)) {
    await deps.mails.updateMail({ ...taken, status: 'SUPPRESSED' }, attempts);
    report.suppressed += 1;
    return;
  }
  try {
    await deps.mailer.send(mail.message);
  } catch (error) {
    const lastError = error instanceof Error ? error.message : String(error);
    if (attempts >= MAX_MAIL_ATTEMPTS) {
      await deps.mails.updateMail({ ...taken, status: 'FAILED', lastError }, attempts);
      report.failed += 1;
    } else {
      const nextAttemptAt = new Date(at.getTime() + backoffMs(attempts)).toISOString();
      await deps.mails.updateMail({ ...taken, nextAttemptAt, lastError }, attempts);
      report.retrying += 1;
    }
    deps.logger.warn('mail not sent', { mail: mail.id, attempts, error: lastError });
    return;
  }
  const { lastError: _cleared, ...sent } = taken;
  await deps.mails.updateMail({ ...sent, status: 'SENT', sentAt: at.toISOString() }, attempts);
  report.sent += 1;
};

const deliver = async (deps: MailDeps, report: MailReport) => {
  const { mailer } = deps;
  if (!mailer) return;
  const due = await deps.mails.dueMails(deps.issuerId, deps.clock.now().toISOString(), MAX_ROUND);
  for (const mail of due) {
    try {
      await attempt({ ...deps, mailer }, mail, report);
    } catch (error) {
      // storage failed while recording: the lease runs out and the mail is tried again
      deps.logger.warn('mail attempt not recorded', { mail: mail.id, error });
    }
  }
};

/** The chamber's local date and hour now. */
const localDayAndHour = (timeZone: string, now: Date) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
};

/**
 * The day's digest of the review queue, to every staff member who wants it, once per chamber and day (the
 * claim is in the transaction that queues the mails), from MAIL_DIGEST_HOUR in the chamber's time zone. An
 * empty queue sends none.
 */
const queueDigest = async (deps: MailDeps, report: MailReport) => {
  const now = deps.clock.now();
  const { day, hour } = localDayAndHour(deps.issuer.timeZone, now);
  if (hour < deps.mail.digestHour) return;
  const queue = await deps.applications.list({ issuerId: deps.issuerId, status: 'SUBMITTED', limit: 100 });
  if (queue.items.length === 0) return;
  const staff = (await deps.accounts.listUsers(deps.issuerId)).filter((user) => user.role === 'staff');
  const recipients = await subscribers(deps, staff, 'dailyDigest');
  const summary = {
    count: queue.items.length,
    more: queue.cursor !== undefined,
    oldest: queue.items.slice(0, 5).map((application) => ({
      id: application.id,
      type: application.type,
      submittedAt: application.submittedAt ?? application.updatedAt,
    })),
  };
  const at = now.toISOString();
  const mails = recipients.map((recipient) => {
    const id = `digest.${day}.${recipient.userId}`;
    return queuedMail(deps, {
      id,
      kind: 'digest',
      userId: recipient.userId,
      message: composeDigestMail(deps.mail, deps.issuer, recipient, summary, id),
      at,
    });
  });
  if (await deps.mails.queueDigest(deps.issuerId, day, mails)) report.queued += mails.length;
};

const emptyReport = (): MailReport => ({ queued: 0, sent: 0, retrying: 0, failed: 0, suppressed: 0 });

/** One round: queue the outbox's mails and the digest when due, then send what is due. */
export const dispatchMail =
  (deps: MailDeps) =>
  async (options: { digest?: boolean } = {}): Promise<MailReport> => {
    const report = emptyReport();
    await fanOut(deps, report);
    if (options.digest !== false) {
      await queueDigest(deps, report).catch((error: unknown) => {
        deps.logger.warn('daily digest not queued', { error });
      });
    }
    await deliver(deps, report);
    return report;
  };
