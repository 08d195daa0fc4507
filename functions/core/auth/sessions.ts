// Logging in and out, and turning a bearer token or session cookie back into an actor.
import type { Actor, User } from '../accounts.ts';
import { sha256Hex } from '../canonical-json.ts';
import { AppError } from '../errors.ts';
import type { AccountRepository, Clock, RandomSource, SessionRepository } from '../ports.ts';
import { DECOY_HASH, verifyPassword } from './passwords.ts';

export interface SessionDeps {
  issuerId: string;
  accounts: AccountRepository;
  sessions: SessionRepository;
  clock: Clock;
  random: RandomSource;
  sessionTtlMs: number;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: User['role']; orgId: string | null };
}

export const login =
  (deps: SessionDeps) =>
  async (credentials: { email: string; password: string }): Promise<LoginResult> => {
    const user = await deps.accounts.findUserByEmail(deps.issuerId, credentials.email.trim().toLowerCase());
    const matches = await verifyPassword(credentials.password, user?.passwordHash ?? DECOY_HASH);
    if (!user || !matches) throw new AppError('INVALID_CREDENTIALS', 'The email or password is not correct.');
    const token = Buffer.from(deps.random.bytes(32)).toString('base64url');
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + deps.sessionTtlMs).toISOString();
    const actor: Actor = {
      userId: user.id,
      email: user.email,
      role: user.role,
      ...(user.orgId ? { orgId: user.orgId } : {}),
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

/** The actor behind a session token, or undefined when the token is unknown or expired. */
export const authenticate =
  (deps: SessionDeps) =>
  async (token: string): Promise<Actor | undefined> => {
    const session = await deps.sessions.get(deps.issuerId, sha256Hex(token));
    if (!session || Date.parse(session.expiresAt) <= deps.clock.now().getTime()) return undefined;
    return session.actor;
  };

export const logout =
  (deps: SessionDeps) =>
  async (token: string): Promise<void> => {
    await deps.sessions.delete(deps.issuerId, sha256Hex(token));
  };
