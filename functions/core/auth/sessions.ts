// Logging in and out, and turning a bearer token, session cookie or ERP API key back into an actor.
// Logins are throttled per account and per client address; disabled users and organisations are shut out at once.
import type { Actor, User } from '../accounts.ts';
import { sha256Hex } from '../canonical-json.ts';
import { AppError } from '../errors.ts';
import type {
  AccountRepository,
  ApiKeyRepository,
  Clock,
  RandomSource,
  SessionRepository,
  ThrottleStore,
} from '../ports.ts';
import { API_KEY_PREFIX, authenticateApiKey } from './api-keys.ts';
import { DECOY_HASH, verifyPassword } from './passwords.ts';

export interface SessionDeps {
  issuerId: string;
  accounts: AccountRepository;
  sessions: SessionRepository;
  apiKeys: ApiKeyRepository;
  throttle: ThrottleStore;
  clock: Clock;
  random: RandomSource;
  sessionTtlMs: number;
}

export const LOGIN_LIMITS = {
  windowSeconds: 15 * 60,
  perAccount: 5,
  perClient: 30,
};

/** The longest e-mail address (RFC 5321) and password a login takes; longer ones are no account's. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_PASSWORD_LENGTH = 1024;

const invalidCredentials = () =>
  new AppError('INVALID_CREDENTIALS', 'The email or password is not correct, or the account is disabled.');

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: User['role']; orgId: string | null };
}

const throttled = (resetAt: number, now: number) =>
  new AppError('RATE_LIMITED', 'Too many failed logins; wait a few minutes and try again.', {
    retryAfterSeconds: resetAt - Math.floor(now / 1000),
  });

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
    const accountKey = `login:account:${sha256Hex(email)}`;
    const clientKey = `login:client:${credentials.clientAddress ?? 'unknown'}`;
    const now = deps.clock.now();
    for (const [key, limit] of [
      [accountKey, LOGIN_LIMITS.perAccount],
      [clientKey, LOGIN_LIMITS.perClient],
    ] as const) {
      const attempts = await deps.throttle.peek(deps.issuerId, key);
      if (attempts && attempts.count >= limit) throw throttled(attempts.resetAt, now.getTime());
    }
    const user = await deps.accounts.findUserByEmail(deps.issuerId, email);
    const matches = await verifyPassword(credentials.password, user?.passwordHash ?? DECOY_HASH);
    if (!user || !matches || user.disabled) {
      await Promise.all([
        deps.throttle.hit(deps.issuerId, accountKey, LOGIN_LIMITS.windowSeconds),
        deps.throttle.hit(deps.issuerId, clientKey, LOGIN_LIMITS.windowSeconds),
      ]);
      throw invalidCredentials();
    }
    if (user.orgId && (await deps.accounts.getOrganisation(deps.issuerId, user.orgId))?.disabled) {
      throw invalidCredentials();
    }
    await deps.throttle.reset(deps.issuerId, accountKey);
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
      createdAt: now.toISOString(),
      expiresAt,
    });
    return {
      token,
      expiresAt,
      user: { id: user.id, email: user.email, name: user.name, role: user.role, orgId: user.orgId ?? null },
    };
  };

/** The actor behind a token, or undefined when it is unknown, expired, revoked or its account is disabled. */
export const authenticate =
  (deps: SessionDeps) =>
  async (token: string): Promise<Actor | undefined> => {
    if (token.startsWith(API_KEY_PREFIX)) return authenticateApiKey(deps)(token);
    const session = await deps.sessions.get(deps.issuerId, sha256Hex(token));
    if (!session || Date.parse(session.expiresAt) <= deps.clock.now().getTime()) return undefined;
    const user = await deps.accounts.findUserByEmail(deps.issuerId, session.actor.email);
    if (!user || user.disabled || user.id !== session.actor.userId) return undefined;
    if (user.orgId && (await deps.accounts.getOrganisation(deps.issuerId, user.orgId))?.disabled)
      return undefined;
    return session.actor;
  };

export const logout =
  (deps: SessionDeps) =>
  async (token: string): Promise<void> => {
    await deps.sessions.delete(deps.issuerId, sha256Hex(token));
  };
