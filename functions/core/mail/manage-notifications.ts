// Each user's choice of mails (GET/PATCH /api/me/notifications, the portal's notifications page), and what the
// mail service reported about an address: a permanent bounce or a complaint stops mail to it until the user
// asks to try again (docs/mail.md, "Bounces and complaints").
import type { Actor } from '../accounts.ts';
import { AppError } from '../errors.ts';
import type { Clock, Logger, MailRepository } from '../ports.ts';
import { preferencesOf } from './dispatch-mail.ts';
import type { MailLanguage, MailSuppression, NotificationPreferences } from './mail.ts';

export interface NotificationDeps {
  issuerId: string;
  mails: MailRepository;
  clock: Clock;
  logger: Logger;
  mail: { defaultLanguage: MailLanguage };
}

export interface NotificationSettings extends NotificationPreferences {
  /** The language mails are written in: the chosen one, else the chamber's. */
  effectiveLanguage: MailLanguage;
  email: string;
  /** False when the address bounced for good or complained: no mail goes to it. */
  deliverable: boolean;
  undeliverable?: Pick<MailSuppression, 'reason' | 'at'>;
}

const personOnly = (actor: Actor) => {
  if (actor.apiKeyId) throw new AppError('FORBIDDEN', 'An API key receives no mail.');
  if (actor.role === 'operator')
    throw new AppError('FORBIDDEN', 'The network operator receives no chamber mail.');
};

const settingsOf = async (deps: NotificationDeps, actor: Actor): Promise<NotificationSettings> => {
  const preferences = await preferencesOf(deps, actor.userId);
  const suppression = await deps.mails.getSuppression(actor.email);
  return {
    ...preferences,
    effectiveLanguage: preferences.language ?? deps.mail.defaultLanguage,
    email: actor.email,
    deliverable: !suppression,
    ...(suppression ? { undeliverable: { reason: suppression.reason, at: suppression.at } } : {}),
  };
};

export const getNotificationSettings =
  (deps: NotificationDeps) =>
  async (input: { actor: Actor }): Promise<NotificationSettings> => {
    personOnly(input.actor);
    return settingsOf(deps, input.actor);
  };

export const updateNotificationSettings =
  (deps: NotificationDeps) =>
  async (input: {
    actor: Actor;
    applicationUpdates?: boolean | undefined;
    dailyDigest?: boolean | undefined;
    /** null: back to the chamber's language. */
    language?: MailLanguage | null | undefined;
    /** True: the user has fixed the mailbox; mail is tried again. */
    retryDelivery?: boolean | undefined;
  }): Promise<NotificationSettings> => {
    const { actor } = input;
    personOnly(actor);
    const current = await preferencesOf(deps, actor.userId);
    const { language: _previous, ...rest } = current;
    const language = input.language === undefined ? current.language : (input.language ?? undefined);
    const next: NotificationPreferences = {
      ...rest,
      ...(input.applicationUpdates === undefined ? {} : { applicationUpdates: input.applicationUpdates }),
      ...(input.dailyDigest === undefined ? {} : { dailyDigest: input.dailyDigest }),
      ...(language ? { language } : {}),
    };
    await deps.mails.putPreferences(deps.issuerId, actor.userId, next);
    if (input.retryDelivery) await deps.mails.deleteSuppression(actor.email);
    return settingsOf(deps, actor);
  };

/**
 * What the mail service reported (SES through SNS on AWS): permanent bounces and complaints suppress the
 * addresses; a transient bounce changes nothing (the send is retried).
 */
export const recordMailFeedback =
  (deps: Pick<NotificationDeps, 'mails' | 'clock' | 'logger'>) =>
  async (input: { kind: 'bounce' | 'complaint'; permanent: boolean; addresses: readonly string[] }) => {
    if (input.kind === 'bounce' && !input.permanent) return { suppressed: 0 };
    const at = deps.clock.now().toISOString();
    for (const address of input.addresses) {
      await deps.mails.putSuppression({ email: address.trim().toLowerCase(), reason: input.kind, at });
    }
    deps.logger.info('mail addresses suppressed', { reason: input.kind, count: input.addresses.length });
    return { suppressed: input.addresses.length };
  };
