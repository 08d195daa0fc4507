// Logging in and out and turning a token back into an actor (functions/core/auth/sessions.ts), on the in-memory
// adapters with a clock that only moves when told. The throttling expectations read LOGIN_LIMITS, so that a change
// of the limits changes them with it.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../functions/core/accounts.ts';
import { hashPassword } from '../../../functions/core/auth/passwords.ts';
import {
  LOGIN_LIMITS,
  MAX_EMAIL_LENGTH,
  MAX_PASSWORD_LENGTH,
} from '../../../functions/core/auth/sessions.ts';
import { type ErrorCode, isAppError } from '../../../functions/core/errors.ts';
import { type MemoryCore, memoryCore, TEST_ISSUER } from '../../support/memory/memory-core.ts';

const PASSWORD = 'correct horse battery staple';
const TTL_MS = 2 * 3_600_000;
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A world whose exporter A can log in, as `Exporter@A.test`. */
const withLogin = async () => {
  const world = await memoryCore({ sessionTtlMs: TTL_MS });
  const user: User = {
    id: 'user-login',
    issuerId: TEST_ISSUER.id,
    email: 'exporter@a.test',
    name: 'Ana Exporter',
    role: 'exporter',
    orgId: world.orgA.id,
    passwordHash,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  await world.deps.accounts.createUser(user);
  return { world, user };
};

const login = (
  world: MemoryCore,
  password = PASSWORD,
  email = 'Exporter@A.test ',
  clientAddress = '192.0.2.1',
) => world.core.login({ email, password, clientAddress });

const codeOf = async (work: Promise<unknown>): Promise<ErrorCode | 'OK'> => {
  try {
    await work;
    return 'OK';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
};

describe('login', () => {
  it('starts a session: a random token, only its hash stored, expiring after the session lifetime', async () => {
    const { world, user } = await withLogin();

    const result = await login(world);

    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.expiresAt).toBe(new Date(world.clock.now().getTime() + TTL_MS).toISOString());
    expect(result.user).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      role: 'exporter',
      orgId: world.orgA.id,
    });
    const stored = await world.deps.sessions.get(TEST_ISSUER.id, sha256(result.token));
    expect(stored).toEqual({
      tokenHash: sha256(result.token),
      issuerId: TEST_ISSUER.id,
      actor: { userId: user.id, email: user.email, role: 'exporter', orgId: world.orgA.id },
      createdAt: world.clock.now().toISOString(),
      expiresAt: result.expiresAt,
      // the epochs it was made under: disabling the user or the organisation moves them on, ending it
      userEpoch: 0,
      orgEpoch: 0,
    });
    expect(JSON.stringify([...world.tables.sessions.entries()])).not.toContain(result.token);
  });

  it('gives each login its own token', async () => {
    const { world } = await withLogin();
    const [one, two] = [await login(world), await login(world)];
    expect(one.token).not.toBe(two.token);
    expect(world.tables.sessions.size).toBe(2);
  });

  it('answers INVALID_CREDENTIALS alike for a wrong password, an unknown email and a disabled account or organisation', async () => {
    const { world, user } = await withLogin();
    expect(await codeOf(login(world, 'wrong password'))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(login(world, PASSWORD, 'nobody@a.test'))).toBe('INVALID_CREDENTIALS');

    await world.deps.accounts.updateUser({ ...user, disabled: true });
    expect(await codeOf(login(world))).toBe('INVALID_CREDENTIALS');
    await world.deps.accounts.updateUser(user);
    await world.deps.accounts.putOrganisation({ ...world.orgA, disabled: true });
    expect(await codeOf(login(world))).toBe('INVALID_CREDENTIALS');
    expect(world.tables.sessions.size).toBe(0);
  });

  it('refuses an over-long email or password before looking anything up', async () => {
    const { world } = await withLogin();
    const lookups = world.faults.calls('accounts.findUserByEmail');

    expect(await codeOf(login(world, PASSWORD, `${'a'.repeat(MAX_EMAIL_LENGTH)}@a.test`))).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(await codeOf(login(world, 'p'.repeat(MAX_PASSWORD_LENGTH + 1)))).toBe('INVALID_CREDENTIALS');
    expect(world.faults.calls('accounts.findUserByEmail')).toBe(lookups);
  });
});

describe('throttling logins (docs/security.md, "Login")', () => {
  /** A world whose core records the login delays instead of waiting them out. */
  const withRecordedDelays = async () => {
    const delays: number[] = [];
    const { world, user } = await withLogin();
    const core = (await import('../../../functions/core/core.ts')).createCore({
      ...world.deps,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    return { world: { ...world, core }, user, delays };
  };

  it('blocks an address at one account after its attempts, even with the right password, until the window ends', async () => {
    const { world } = await withRecordedDelays();
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndClient; i++) {
      expect(await codeOf(login(world, 'wrong'))).toBe('INVALID_CREDENTIALS');
    }

    const refused = await login(world).catch((error) => error);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED' });

    world.clock.advance(LOGIN_LIMITS.windowSeconds * 1000);
    expect(await codeOf(login(world))).toBe('OK');
  });

  it('never locks the owner out: from a fresh address the right password logs in, only slowed', async () => {
    const { world, delays } = await withRecordedDelays();
    // an attacker spreads failures over many addresses
    for (let i = 0; i < 12; i++) {
      expect(await codeOf(login(world, 'wrong', undefined, `198.51.100.${i}`))).toBe('INVALID_CREDENTIALS');
    }

    expect(await codeOf(login(world, PASSWORD, undefined, '203.0.113.50'))).toBe('OK');
    expect(Math.max(...delays)).toBe(LOGIN_LIMITS.maxDelayMs);
  });

  it('slows an account after its free failures: 250 ms, doubling, at most 8 s', async () => {
    const { world, delays } = await withRecordedDelays();
    for (let i = 0; i < LOGIN_LIMITS.freeFailuresPerAccount + 7; i++) {
      await codeOf(login(world, 'wrong', undefined, `198.51.100.${i}`));
    }
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('gives an address its attempts at an account back after a successful login', async () => {
    const { world } = await withRecordedDelays();
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndClient - 1; i++) await codeOf(login(world, 'wrong'));
    await login(world);
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndClient - 1; i++) await codeOf(login(world, 'wrong'));

    expect(await codeOf(login(world))).toBe('OK');
  });

  it('refuses a client address after its attempts across accounts', async () => {
    const { world } = await withRecordedDelays();
    const client = '203.0.113.9';
    const clientKey = `login:client:${client}`;
    await codeOf(login(world, 'wrong', 'someone@a.test', client));
    expect(await world.deps.throttle.peek(TEST_ISSUER.id, clientKey)).toMatchObject({ count: 1 });
    // the rest of the attempts straight into the store: each real one costs a scrypt
    for (let i = 1; i < LOGIN_LIMITS.perClient; i++) {
      await world.deps.throttle.take(
        TEST_ISSUER.id,
        clientKey,
        LOGIN_LIMITS.perClient,
        LOGIN_LIMITS.windowSeconds,
      );
    }

    expect(await codeOf(login(world, PASSWORD, undefined, client))).toBe('RATE_LIMITED');
    expect(await codeOf(login(world, PASSWORD, undefined, '203.0.113.10'))).toBe('OK');
  });

  it('lets at most the pair limit of 200 parallel attempts reach a password check', async () => {
    const { world } = await withRecordedDelays();
    const lookups = world.faults.calls('accounts.findUserByEmail');
    const answers = await Promise.all(Array.from({ length: 200 }, () => codeOf(login(world, 'wrong'))));

    expect(answers.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(
      LOGIN_LIMITS.perAccountAndClient,
    );
    expect(answers.filter((code) => code === 'RATE_LIMITED')).toHaveLength(
      200 - LOGIN_LIMITS.perAccountAndClient,
    );
    expect(world.faults.calls('accounts.findUserByEmail') - lookups).toBeLessThanOrEqual(
      LOGIN_LIMITS.perAccountAndClient,
    );
  });
});

describe('authenticate', () => {
  it('turns a live token into its actor, and an unknown one into nothing', async () => {
    const { world, user } = await withLogin();
    const { token } = await login(world);

    expect(await world.core.authenticate(token)).toEqual({
      userId: user.id,
      email: user.email,
      role: 'exporter',
      orgId: world.orgA.id,
    });
    expect(await world.core.authenticate('not-a-token')).toBeUndefined();
  });

  it('stops at expiresAt, even while the store still holds the session (TTL is lazy)', async () => {
    const { world } = await withLogin();
    const { token } = await login(world);

    world.clock.advance(TTL_MS - 1);
    expect(await world.core.authenticate(token)).toBeDefined();
    world.clock.advance(1);
    expect(await world.core.authenticate(token)).toBeUndefined();
    expect(world.tables.sessions.size).toBe(1);
  });

  it('shuts out a disabled user, a disabled organisation and a user re-created under the same email at once', async () => {
    const { world, user } = await withLogin();
    const { token } = await login(world);

    await world.deps.accounts.updateUser({ ...user, disabled: true });
    expect(await world.core.authenticate(token)).toBeUndefined();
    await world.deps.accounts.updateUser(user);
    expect(await world.core.authenticate(token)).toBeDefined();

    await world.deps.accounts.putOrganisation({ ...world.orgA, disabled: true });
    expect(await world.core.authenticate(token)).toBeUndefined();
    await world.deps.accounts.putOrganisation(world.orgA);

    await world.deps.accounts.updateUser({ ...user, id: 'user-recreated' });
    expect(await world.core.authenticate(token)).toBeUndefined();
  });
});

describe('logout', () => {
  it('ends the session; the token no longer authenticates and logging out again is harmless', async () => {
    const { world } = await withLogin();
    const { token } = await login(world);
    const other = await login(world);

    await world.core.logout(token);

    expect(await world.core.authenticate(token)).toBeUndefined();
    expect(await world.core.authenticate(other.token)).toBeDefined();
    await expect(world.core.logout(token)).resolves.toBeUndefined();
  });
});

describe('API keys', () => {
  it('authenticate as the exporter organisation until revoked', async () => {
    const world = await memoryCore();
    const created = await world.core.createApiKey({ actor: world.actors.exporterA, name: 'ERP' });

    const actor = await world.core.authenticate(created.secret);
    expect(actor).toMatchObject({ role: 'exporter', orgId: world.orgA.id, apiKeyId: created.key.id });
    const tampered = `${created.secret.slice(0, -1)}${created.secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await world.core.authenticate(tampered)).toBeUndefined();

    await world.core.revokeApiKey({ actor: world.actors.exporterA, id: created.key.id });
    expect(await world.core.authenticate(created.secret)).toBeUndefined();
  });
});
