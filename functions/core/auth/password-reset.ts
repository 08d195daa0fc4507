// A forgotten password, reset by mail (docs/security.md, "Password reset by e-mail"): the request answers the
// same whether or not the address has an account; the token is random, stored as its SHA-256, works once and
// for 30 minutes; using it sets the new password (the usual policy) and ends every session of the user.
import type { Issuer, User } from '../accounts.ts';
import { sha256Hex } from '../canonical-json.ts';
import { AppError } from '../errors.ts';
import { composePasswordResetMail, type MailSettings } from '../mail/compose-mail.ts';
import { preferencesOf, queuedMail } from '../mail/dispatch-mail.ts';
import { PASSWORD_RESET_TTL_MS } from '../mail/mail.ts';
import type {
  AccountRepository,
  Clock,
  Logger,
  MailRepository,
  PasswordResetRepository,
  RandomSource,
  ThrottleStore,
} from '../ports.ts';
import { requireStrongPassword } from './password-policy.ts';
import { hashPassword } from './passwords.ts';
import { MAX_EMAIL_LENGTH } from './sessions.ts';

export interface PasswordResetDeps {
  issuerId: string;
  issuer: Issuer;
  mail: MailSettings;
  mails: MailRepository;
  accounts: AccountRepository;
  passwordResets: PasswordResetRepository;
  throttle: ThrottleStore;
  clock: Clock;
  random: RandomSource;
  logger: Logger;
}

export const PASSWORD_RESET_LIMITS = {
  windowSeconds: 60 * 60,
  /** Reset mails one address gets per hour; more requests are answered the same and send nothing. */
  perAddress: 3,
  /** Requests one client may make per hour, for any addresses (429 beyond: it says nothing of accounts). */
  perClient: 30,
};

const invalidToken = () =>
  new AppError(
    'RESET_TOKEN_INVALID',
    'The link is not valid: it was used, has expired or is wrong. Ask for a new one.',
  );

/** Always resolves the same way: whether a mail was queued is never told (docs/security.md, account enumeration). */
export const requestPasswordReset =
  (deps: PasswordResetDeps) =>
  async (input: { email: string; clientAddress?: string | undefined }): Promise<void> => {
    const email = input.email.trim().toLowerCase();
    if (email.length > MAX_EMAIL_LENGTH) return;
    const client = await deps.throttle.take(
      deps.issuerId,
      `reset:client:${input.clientAddress ?? 'unknown'}`,
      PASSWORD_RESET_LIMITS.perClient,
      PASSWORD_RESET_LIMITS.windowSeconds,
    );
    if (!client.granted) {
      throw new AppError('RATE_LIMITED', 'Too many password-reset requests; wait and try again.', {
        retryAfterSeconds: Math.max(1, client.resetAt - Math.floor(deps.clock.now().getTime() / 1000)),
      });
    }
    // counted for every address, known or not, so that the limit tells nothing either
    const perAddress = await deps.throttle.take(
      deps.issuerId,
      `reset:address:${sha256Hex(email)}`,
      PASSWORD_RESET_LIMITS.perAddress,
      PASSWORD_RESET_LIMITS.windowSeconds,
    );
    if (!perAddress.granted) return;
    const user = await deps.accounts.findUserByEmail(deps.issuerId, email);
    if (!user || user.disabled) return;
    await queueReset(deps, user);
  };

const queueReset = async (deps: PasswordResetDeps, user: User) => {
  const now = deps.clock.now();
  const token = Buffer.from(deps.random.bytes(32)).toString('base64url');
  const tokenHash = sha256Hex(token);
  const preferences = await preferencesOf(deps, user.id);
  const id = `reset.${tokenHash.slice(0, 32)}`;
  const recipient = {
    userId: user.id,
    email: user.email,
    name: user.name,
    language: preferences.language ?? deps.mail.defaultLanguage,
  };
  await deps.passwordResets.create(
    {
      tokenHash,
      issuerId: deps.issuerId,
      userId: user.id,
      email: user.email,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS).toISOString(),
    },
    queuedMail(deps, {
      id,
      kind: 'password-reset',
      userId: user.id,
      message: composePasswordResetMail(deps.mail, deps.issuer, recipient, token, id),
      at: now.toISOString(),
    }),
  );
};

/** Sets the new password with a reset token; RESET_TOKEN_INVALID when it is unknown, used or expired. */
export const confirmPasswordReset =
  (deps: PasswordResetDeps) =>
  async (input: { token: string; password: string }): Promise<void> => {
    if (input.token.length < 16 || input.token.length > 128) throw invalidToken();
    const tokenHash = sha256Hex(input.token);
    const reset = await deps.passwordResets.get(deps.issuerId, tokenHash);
    const now = deps.clock.now();
    if (!reset || reset.usedAt || Date.parse(reset.expiresAt) <= now.getTime()) throw invalidToken();
    const user = await deps.accounts.getUserById(deps.issuerId, reset.userId);
    if (!user || user.disabled || user.email !== reset.email) throw invalidToken();
    requireStrongPassword(input.password, 'password', { email: user.email });
    const passwordHash = await hashPassword(input.password);
    if (!(await deps.passwordResets.consume(deps.issuerId, tokenHash, now.toISOString())))
      throw invalidToken();
    const { passwordChangeRequired: _chosen, ...rest } = user;
    await deps.accounts.updateUser(
      {
        ...rest,
        passwordHash,
        passwordChangedAt: now.toISOString(),
        sessionEpoch: (user.sessionEpoch ?? 0) + 1,
      },
      user.sessionEpoch ?? 0,
    );
    deps.logger.info('password reset by mail', { userId: user.id });
  };
