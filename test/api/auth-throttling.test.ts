// Login rate limits (docs/security.md, "Login"): every attempt is counted atomically before any password work, so
// parallel attempts cannot slip past the limits; a client address is blocked, an account only slowed, so that an
// attacker cannot lock its owner out.
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccountRepository } from '../../functions/adapters/dynamodb/account-repository.ts';
import { createDocumentClient, createDynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { loadConfig } from '../../functions/config/config.ts';
import { LOGIN_LIMITS } from '../../functions/core/auth/sessions.ts';
import type { AccountRepository } from '../../functions/core/ports.ts';
import { expectProblem } from '../support/api-fixtures.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, PASSWORD, type TestStack, testEnvironment } from '../support/test-stack.ts';

let stack: TestStack;
/** Lookups of an account by e-mail: login makes exactly one per attempt that reaches the password check. */
let passwordChecks = 0;
/** The delays the login asked for (the sleep port records instead of waiting). */
let delays: number[] = [];

/** The accounts of the stack, counting the lookups that precede every password verification. */
const countingAccounts = (accounts: AccountRepository): AccountRepository => ({
  ...accounts,
  findUserByEmail: async (issuerId, email) => {
    passwordChecks++;
    return accounts.findUserByEmail(issuerId, email);
  },
});

beforeAll(async () => {
  const environment = await testEnvironment();
  const config = loadConfig(environment);
  const db = createDocumentClient(
    createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint }),
  );
  stack = await createTestStack(
    { TABLE_NAME: environment.TABLE_NAME ?? '', BUCKET_NAME: environment.BUCKET_NAME ?? '' },
    {
      accounts: countingAccounts(createAccountRepository(db, config.tableName)),
      sleep: async (milliseconds) => {
        delays.push(milliseconds);
      },
    },
  );
});

beforeEach(() => {
  delays = [];
});

/** A login from a client address, as the Node server hands the socket to the app. */
const loginFrom = (address: string, email: string, password: string) =>
  stack.app.request(
    '/api/auth/login',
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    },
    { incoming: { socket: { remoteAddress: address, remotePort: 40000, remoteFamily: 'IPv4' } } },
  );

let addressCount = 0;
const freshAddress = () => `198.51.100.${++addressCount}`;

const newUser = async () => {
  const email = `${randomUUID().slice(0, 8)}@a.test`;
  const created = await stack.request('/api/users', {
    token: await stack.login('admin'),
    json: { email, name: 'Тест Корисник', role: 'exporter', orgId: stack.orgA.id, password: PASSWORD },
  });
  expect(created.status).toBe(201);
  return email;
};

const statuses = (responses: Response[]) => {
  const counts = new Map<number, number>();
  for (const response of responses) counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
  return counts;
};

describe('parallel attempts', () => {
  it('lets at most 5 of 200 parallel wrong passwords for one account from one address reach the password check', async () => {
    const email = await newUser();
    const address = freshAddress();
    passwordChecks = 0;

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) => loginFrom(address, email, `wrong password ${index}`)),
    );

    const counts = statuses(responses);
    expect(passwordChecks).toBeLessThanOrEqual(LOGIN_LIMITS.perAccountAndClient);
    expect(counts.get(401) ?? 0).toBe(passwordChecks);
    expect(counts.get(429)).toBe(200 - passwordChecks);
    expect([...counts.keys()].sort()).toEqual([401, 429]);
  });

  it('lets at most 30 of 200 parallel attempts from one address, at 200 accounts, reach the password check', async () => {
    const address = freshAddress();
    passwordChecks = 0;

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        loginFrom(address, `nobody-${index}-${randomUUID().slice(0, 6)}@a.test`, 'wrong password'),
      ),
    );

    const counts = statuses(responses);
    expect(passwordChecks).toBeLessThanOrEqual(LOGIN_LIMITS.perClient);
    expect(counts.get(401) ?? 0).toBe(passwordChecks);
    expect(counts.get(429)).toBe(200 - passwordChecks);
  });
});

describe('an attacker cannot lock the owner out', () => {
  it('refuses the attacker’s address with 429, even with the right password, and lets the owner in from another', async () => {
    const email = await newUser();
    const attacker = freshAddress();
    for (let attempt = 1; attempt <= LOGIN_LIMITS.perAccountAndClient; attempt++) {
      await expectProblem(await loginFrom(attacker, email, `guess ${attempt}`), 401, 'INVALID_CREDENTIALS');
    }
    const blocked = await loginFrom(attacker, email, PASSWORD);
    await expectProblem(blocked, 429, 'RATE_LIMITED');
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0);

    delays = [];
    const owner = await loginFrom(freshAddress(), email, PASSWORD);

    expect(owner.status).toBe(200);
    expect((await readJson(owner)).token).toEqual(expect.any(String));
    // 5 failures: slowed by 250 ms × 2², not refused
    expect(delays).toEqual([1000]);
  });

  it('only slows an account attacked from many addresses: the delay doubles to at most 8 s, and the owner gets in', async () => {
    const email = await newUser();
    for (let round = 0; round < 8; round++) {
      const address = freshAddress();
      for (let attempt = 0; attempt < LOGIN_LIMITS.perAccountAndClient; attempt++) {
        await expectProblem(await loginFrom(address, email, `guess ${round}-${attempt}`), 401);
      }
    }
    // the first 3 failures cost nothing (typos); then 250 ms, doubling, never more than 8 s
    expect(delays.slice(0, 7)).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000]);
    expect(delays).toHaveLength(40 - 3);
    expect(Math.max(...delays)).toBe(LOGIN_LIMITS.maxDelayMs);

    delays = [];
    expect((await loginFrom(freshAddress(), email, PASSWORD)).status).toBe(200);
    expect(delays).toEqual([LOGIN_LIMITS.maxDelayMs]);
  });

  it('gives the pair’s slots back at a successful login: the owner’s own typos never add up to a block', async () => {
    const email = await newUser();
    const address = freshAddress();
    for (let round = 0; round < 3; round++) {
      for (let attempt = 0; attempt < LOGIN_LIMITS.perAccountAndClient - 1; attempt++) {
        await expectProblem(await loginFrom(address, email, 'a typo in it'), 401, 'INVALID_CREDENTIALS');
      }
      expect((await loginFrom(address, email, PASSWORD)).status).toBe(200);
    }
  });

  it('blocks an address after 30 attempts at any accounts, and not another address', async () => {
    const address = freshAddress();
    for (let attempt = 0; attempt < LOGIN_LIMITS.perClient; attempt++) {
      await expectProblem(
        await loginFrom(address, `nobody-${attempt}-${randomUUID().slice(0, 6)}@a.test`, 'wrong password'),
        401,
      );
    }
    await expectProblem(await loginFrom(address, 'exporter@b.test', PASSWORD), 429, 'RATE_LIMITED');
    expect((await loginFrom(freshAddress(), 'exporter@b.test', PASSWORD)).status).toBe(200);
  });
});
