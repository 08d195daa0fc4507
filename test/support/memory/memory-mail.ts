// The mail ports in memory, for pure core unit tests (docs/architecture.md §1): the queue, preferences,
// suppressions and reset tokens. The memory applications repository writes no mail outbox, so the outbox here
// stays empty: mail fan-out is tested on DynamoDB Local (test/api/mail-notifications.test.ts).
import type {
  MailSuppression,
  NotificationPreferences,
  PasswordReset,
  QueuedMail,
} from '../../../functions/core/mail/mail.ts';
import type { MailRepository, PasswordResetRepository } from '../../../functions/core/ports.ts';

export const createMemoryMailRepositories = () => {
  const mails = new Map<string, QueuedMail>();
  const preferences = new Map<string, NotificationPreferences>();
  const suppressions = new Map<string, MailSuppression>();
  const digests = new Set<string>();
  const resets = new Map<string, PasswordReset>();
  const queue = (list: readonly QueuedMail[]) => {
    for (const mail of list)
      if (!mails.has(`${mail.issuerId}#${mail.id}`)) mails.set(`${mail.issuerId}#${mail.id}`, mail);
  };
  const mailRepository: MailRepository = {
    pendingOutbox: async () => [],
    fanOut: async (_entry, list) => queue(list),
    dueMails: async (issuerId, now, limit) =>
      [...mails.values()]
        .filter(
          (mail) => mail.issuerId === issuerId && mail.status === 'PENDING' && mail.nextAttemptAt <= now,
        )
        .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt))
        .slice(0, limit),
    updateMail: async (mail, expectedAttempts) => {
      const key = `${mail.issuerId}#${mail.id}`;
      if (mails.get(key)?.attempts !== expectedAttempts) return false;
      mails.set(key, mail);
      return true;
    },
    getMail: async (issuerId, id) => mails.get(`${issuerId}#${id}`),
    queueDigest: async (issuerId, day, list) => {
      if (digests.has(`${issuerId}#${day}`)) return false;
      digests.add(`${issuerId}#${day}`);
      queue(list);
      return true;
    },
    getPreferences: async (issuerId, userId) => preferences.get(`${issuerId}#${userId}`),
    putPreferences: async (issuerId, userId, value) => {
      preferences.set(`${issuerId}#${userId}`, value);
    },
    getSuppression: async (email) => suppressions.get(email.toLowerCase()),
    putSuppression: async (suppression) => {
      suppressions.set(suppression.email.toLowerCase(), suppression);
    },
    deleteSuppression: async (email) => {
      suppressions.delete(email.toLowerCase());
    },
  };
  const passwordResets: PasswordResetRepository = {
    create: async (reset, mail) => {
      resets.set(`${reset.issuerId}#${reset.tokenHash}`, reset);
      queue([mail]);
    },
    get: async (issuerId, tokenHash) => resets.get(`${issuerId}#${tokenHash}`),
    consume: async (issuerId, tokenHash, at) => {
      const reset = resets.get(`${issuerId}#${tokenHash}`);
      if (!reset || reset.usedAt) return false;
      resets.set(`${issuerId}#${tokenHash}`, { ...reset, usedAt: at });
      return true;
    },
  };
  return { mails: mailRepository, passwordResets };
};
