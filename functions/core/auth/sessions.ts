// Logging in and out, changing one's password, and turning a bearer token, session cookie or ERP API key back
// into an actor. Logins are rate-limited per client address and per (account, address) pair, atomically and before
// any password work, and slowed per account (docs/security.md, "Login"); sessions end when their user or
// organisation is disabled or the password changes (docs/security.md, "How sessions and keys end").
import type { Actor, Organisation, User } from '../accounts.ts';
import { sha256Hex } from '../canonical-json.ts';
import { AppError } from '../errors.ts';
import type {
  AccountRepository,
  ApiKeyRepository,
  Clock,
  RandomSource,
  SessionRepository,
  Sleep,
  ThrottleStore,
} from '../ports.ts';
import { API_KEY_PREFIX, authenticateApiKey } from './api-keys.ts';
import { MAX_PASSWORD_LENGTH, requireStrongPassword, weakPassword } from './password-policy.ts';
import { DECOY_HASH, hashPassword, verifyPassword } from './passwords.ts';

export { MAX_PASSWORD_LENGTH } from './password-policy.ts';

export interface SessionDeps {
  issuerId: string;
  accounts: AccountRepository;
  sessions: SessionRepository;
  apiKeys: ApiKeyRepository;
  throttle: ThrottleStore;
  clock: Clock;
  random: RandomSource;
  sleep: Sleep;
  sessionTtlMs: number;
}

export const LOGIN_LIMITS = {
  windowSeconds: 15 * 60,
  /** Attempts one client address may make in a window, for any accounts: the hard limit on guessing. */
  perClient: 30,
  /** Attempts at one account from one address in a window; a successful login gives them back. */
  perAccountAndClient: 5,
  /** Failed logins of an account, from anywhere, before its logins are slowed. */
  freeFailuresPerAccount: 3,
  firstDelayMs: 250,
  maxDelayMs: 8000,
};

/** The wait before checking a password of an account with this many recent failures: 0, then 250 ms doubling to 8 s. */
export const loginDelayMs = (failures: number): number =>
  failures < LOGIN_LIMITS.freeFailuresPerAccount
    ? 0
    : Math.min(
        LOGIN_LIMITS.maxDelayMs,
        LOGIN_LIMITS.firstDelayMs * 2 ** (failures - LOGIN_LIMITS.freeFailuresPerAccount),
      );

/** The longest e-mail address (RFC 5321) a login takes; a longer one is no account's. */
export const MAX_EMAIL_LENGTH = 254;

const invalidCredentials = () =>
  new AppError('INVALID_CREDENTIALS', 'The email or password is not correct, or the account is disabled.');

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: User['role']; orgId: string | null };
  /** The user must choose a new password; until then the session may do nothing else. */
  passwordChangeRequired?: true;
}

const throttled = (resetAt: number, now: number) =>
  new AppError('RATE_LIMITED', 'Too many failed logins; wait a few minutes and try again.', {
    retryAfterSeconds: Math.max(1, resetAt - Math.floor(now / 1000)),
  });

const epochOf = (record: { sessionEpoch?: number | undefined } | undefined) => record?.sessionEpoch ?? 0;

const orgOf = async (deps: SessionDeps, user: User): Promise<Organisation | undefined> =>
  user.orgId ? deps.accounts.getOrganisation(deps.issuerId, user.orgId) : undefined;

/** A new session for a user who has just proved who they are, under the user's and organisation's epochs. */
const startSession = async (
  deps: SessionDeps,
  user: User,
  organisation: Organisation | undefined,
): Promise<LoginResult> => {
  const now = deps.clock.now();
  const token = Buffer.from(deps.random.bytes(32)).toString('base64url');
  const expiresAt = new Date(now.getTime() + deps.sessionTtlMs).toISOString();
  const actor: Actor = {
    userId: user.id,
    email: user.email,
    role: user.role,
    ...(user.orgId ? { orgId: user.orgId } : {}),
    ...(user.orgAdmin ? { orgAdmin: true } : {}),
  };
  await deps.sessions.create({
    tokenHash: sha256Hex(token),
    issuerId: deps.issuerId,
    actor,
    userEpoch: epochOf(user),
    ...(organisation ? { orgEpoch: epochOf(organisation) } : {}),
    createdAt: now.toISOString(),
    expiresAt,
  });
  return {
    token,
    expiresAt,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, orgId: user.orgId ?? null },
    ...(user.passwordChangeRequired ? { passwordChangeRequired: true as const } : {}),
  };
};

/** Takes a slot of each limit in turn; the first one that is used up refuses the attempt. */
const takeLoginSlots = async (deps: SessionDeps, keys: { client: string; pair: string }) => {
  const now = deps.clock.now().getTime();
  for (const [key, limit] of [
    [keys.client, LOGIN_LIMITS.perClient],
    [keys.pair, LOGIN_LIMITS.perAccountAndClient],
  ] as const) {
    const slot = await deps.throttle.take(deps.issuerId, key, limit, LOGIN_LIMITS.windowSeconds);
    if (!slot.granted) throw throttled(slot.resetAt, now);
  }
};

export const login =
  (deps: SessionDeps) =>
  async (credentials: {
    email: string;
    password: string;
    clientAddress?: string | undefined;
  }): Promise<LoginResult> => {
    const email = credentials.email.trim().toLowerCase();
    // refused before any lookup: an e-mail this long is also too long for a storage key
    if (email.length > MAX_EMAIL_LENGTH || credentials.password.length > MAX_PASSWORD_LENGTH) {
      throw invalidCredentials();
    }
    const account = sha256Hex(email);
    const client = credentials.clientAddress ?? 'unknown';
    const keys = {
      account: `login:account:${account}`,
      client: `login:client:${client}`,
      pair: `login:pair:${account}:${client}`,
    };
    // every attempt is counted, atomically, before any password work: parallel attempts cannot slip past
    await takeLoginSlots(deps, keys);
    const failures = (await deps.throttle.peek(deps.issuerId, keys.account))?.count ?? 0;
    const delay = loginDelayMs(failures);
    if (delay > 0) await deps.sleep(delay);
    const user = await deps.accounts.findUserByEmail(deps.issuerId, email);
    const matches = await verifyPassword(credentials.password, user?.passwordHash ?? DECOY_HASH);
    const organisation = user && matches && !user.disabled ? await orgOf(deps, user) : undefined;
    if (!user || !matches || user.disabled || organisation?.disabled) {
      await deps.throttle.hit(deps.issuerId, keys.account, LOGIN_LIMITS.windowSeconds);
      throw invalidCredentials();
    }
    // the owner's success gives back what it used: the pair's slots and its own slot of the address
    await Promise.all([
      deps.throttle.reset(deps.issuerId, keys.pair),
      deps.throttle.giveBack(deps.issuerId, keys.client),
    ]);
    return startSession(deps, user, organisation);
  };

/** Attempts at the current password through a change, per user and window: a stolen session cannot guess on. */
const PASSWORD_CHANGE_ATTEMPTS = 5;

/**
 * Changes the caller's own password. The current one must be given; the new one must pass the policy. Every
 * session of the user ends, this one too, and a new session is returned in its place.
 */
export const changePassword =
  (deps: SessionDeps) =>
  async (input: {
    actor: Actor;
    token: string | undefined;
    currentPassword: string;
    newPassword: string;
  }): Promise<LoginResult> => {
    if (input.actor.apiKeyId) throw new AppError('FORBIDDEN', 'An API key has no password to change.');
    const user = await deps.accounts.getUserById(deps.issuerId, input.actor.userId);
    if (!user || user.disabled) throw new AppError('UNAUTHENTICATED', 'Log in first.');
    const attempts = `password:user:${user.id}`;
    const slot = await deps.throttle.take(
      deps.issuerId,
      attempts,
      PASSWORD_CHANGE_ATTEMPTS,
      LOGIN_LIMITS.windowSeconds,
    );
    if (!slot.granted) throw throttled(slot.resetAt, deps.clock.now().getTime());
    if (
      input.currentPassword.length > MAX_PASSWORD_LENGTH ||
      !(await verifyPassword(input.currentPassword, user.passwordHash))
    ) {
      throw new AppError('VALIDATION_FAILED', 'The current password is not correct.', {
        errors: [{ path: 'currentPassword', message: 'is not correct', code: 'incorrect' }],
      });
    }
    await deps.throttle.reset(deps.issuerId, attempts);
    requireStrongPassword(input.newPassword, 'newPassword', { email: user.email });
    if (input.newPassword.normalize('NFC') === input.currentPassword.normalize('NFC')) {
      throw weakPassword('newPassword', 'SAME_AS_CURRENT');
    }
    const { passwordChangeRequired: _done, ...rest } = user;
    const next: User = {
      ...rest,
      passwordHash: await hashPassword(input.newPassword),
      passwordChangedAt: deps.clock.now().toISOString(),
      sessionEpoch: epochOf(user) + 1,
    };
    await deps.accounts.updateUser(next, epochOf(user));
    if (input.token) await deps.sessions.delete(deps.issuerId, sha256Hex(input.token));
    return startSession(deps, next, await orgOf(deps, next));
  };

/**
 * The actor behind a token, or undefined when it is unknown, expired, revoked, its account is disabled, or its
 * user's or organisation's epoch has moved on since it was made (disabled, password changed).
 */
export const authenticate =
  (deps: SessionDeps) =>
  async (token: string): Promise<Actor | undefined> => {
    if (token.startsWith(API_KEY_PREFIX)) return authenticateApiKey(deps)(token);
    const session = await deps.sessions.get(deps.issuerId, sha256Hex(token));
    if (!session || Date.parse(session.expiresAt) <= deps.clock.now().getTime()) return undefined;
    const user = await deps.accounts.findUserByEmail(deps.issuerId, session.actor.email);
    if (!user || user.disabled || user.id !== session.actor.userId) return undefined;
    if (epochOf(user) !== (session.userEpoch ?? 0)) return undefined;
    const organisation = await orgOf(deps, user);
    if (organisation && (organisation.disabled || epochOf(organisation) !== (session.orgEpoch ?? 0)))
      return undefined;
    return user.passwordChangeRequired ? { ...session.actor, passwordChangeRequired: true } : session.actor;
  };

export const logout =
  (deps: SessionDeps) =>
  async (token: string): Promise<void> => {
    await deps.sessions.delete(deps.issuerId, sha256Hex(token));
  };
