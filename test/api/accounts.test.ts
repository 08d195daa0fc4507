// Accounts and sessions: organisations and users created by admins, passwords, disabling, login throttling,
// API keys for ERP systems, logout, who am I; and the lists each kind of caller sees, page by page.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import {
  CHOSEN_PASSWORD,
  createApiKey,
  createDraft,
  errorPaths,
  expectProblem,
  firstLogin,
  freshLogin,
  submitted,
} from '../support/api-fixtures.ts';
import { type Json, readJson } from '../support/json.ts';
import { createTestStack, PASSWORD, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
});

const admin = () => stack.login('admin');
const email = (domain = 'a.test') => `${randomUUID().slice(0, 8)}@${domain}`;

const createOrg = async (name = 'Струмичка Градина ДООЕЛ') => {
  const response = await stack.request('/api/orgs', {
    token: await admin(),
    json: { name, address: { street: 'Маршал Тито 12', postcode: '2400', city: 'Струмица', country: 'MK' } },
  });
  expect(response.status).toBe(201);
  return readJson(response);
};

const createUser = async (body: Json) =>
  stack.request('/api/users', {
    token: await admin(),
    json: { email: email(), name: 'Јована Трајковска', role: 'exporter', orgId: stack.orgA.id, ...body },
  });

const me = (token: string) => stack.request('/api/me', { token });

describe('organisations and users', () => {
  it('lets an admin create an organisation with a Cyrillic name, kept exactly', async () => {
    const organisation = await createOrg('Друштво за трговија „Шар Планина“ ДООЕЛ Тетово');
    expect(organisation).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Друштво за трговија „Шар Планина“ ДООЕЛ Тетово',
      address: { city: 'Струмица', country: 'MK' },
    });
    const { items } = await readJson(await stack.request('/api/orgs', { token: await admin() }));
    expect(items.find((item: Json) => item.id === organisation.id)?.name).toBe(organisation.name);
  });

  it('returns a generated initial password once, which logs the new user in', async () => {
    const address = email();
    const response = await createUser({ email: address });
    expect(response.status).toBe(201);
    const user = await readJson(response);
    expect(user.initialPassword).toEqual(expect.any(String));
    expect(user.initialPassword.length).toBeGreaterThanOrEqual(12);
    expect(user).not.toHaveProperty('passwordHash');

    const login = await stack.request('/api/auth/login', {
      json: { email: address, password: user.initialPassword },
    });
    expect(login.status).toBe(200);
    expect((await readJson(login)).user).toMatchObject({ id: user.id, email: address, role: 'exporter' });

    const { items } = await readJson(await stack.request('/api/users', { token: await admin() }));
    const listed = items.find((item: Json) => item.id === user.id);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty('initialPassword');
    expect(listed).not.toHaveProperty('passwordHash');
  });

  it('returns no initial password when the admin sets one', async () => {
    const user = await readJson(await createUser({ password: PASSWORD }));
    expect(user).not.toHaveProperty('initialPassword');
  });

  it('refuses a password of 11 characters with 400 WEAK_PASSWORD naming the password, and accepts 12', async () => {
    const short = await createUser({ password: 'elevenchars' });
    expect(errorPaths(await expectProblem(short, 400, 'WEAK_PASSWORD'))).toEqual(['password']);
    expect((await createUser({ password: 'twelve chars' })).status).toBe(201);
  });

  it('refuses a duplicate email, in any letter case, with 400 naming the email', async () => {
    const address = email();
    expect((await createUser({ email: address, password: PASSWORD })).status).toBe(201);
    for (const again of [address, address.toUpperCase()]) {
      const duplicate = await createUser({ email: again, password: PASSWORD });
      expect(errorPaths(await expectProblem(duplicate, 400, 'VALIDATION_FAILED'))).toEqual(['email']);
    }
  });

  it.each([
    ['an exporter without an organisation', { role: 'exporter', orgId: undefined }, 'orgId'],
    ['a staff member with an organisation', { role: 'staff' }, 'orgId'],
    ['an exporter of an organisation that does not exist', { orgId: randomUUID() }, 'orgId'],
    ['an unknown role', { role: 'superuser' }, 'role'],
    ['an email that is not one', { email: 'not-an-email' }, 'email'],
  ])('refuses %s with 400 naming %s', async (_what, body, path) => {
    const response = await createUser(body);
    expect(errorPaths(await expectProblem(response, 400, 'VALIDATION_FAILED'))).toContain(path);
  });
});

describe('disabling', () => {
  it('ends a disabled user’s existing session (401) and refuses their login; enabling lets them back in', async () => {
    const address = email();
    const user = await readJson(await createUser({ email: address, password: PASSWORD }));
    const token = await freshLogin(stack, address, PASSWORD);
    expect((await me(token)).status).toBe(200);

    const disabled = await stack.request(`/api/users/${user.id}/disable`, {
      token: await admin(),
      method: 'POST',
    });
    expect(disabled.status).toBe(200);
    expect((await readJson(disabled)).disabled).toBe(true);

    await expectProblem(await me(token), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await stack.request('/api/auth/login', { json: { email: address, password: PASSWORD } }),
      401,
      'INVALID_CREDENTIALS',
    );

    await stack.request(`/api/users/${user.id}/enable`, { token: await admin(), method: 'POST' });
    expect((await me(await freshLogin(stack, address, PASSWORD))).status).toBe(200);
  });

  it('does not let an admin disable their own account (403)', async () => {
    const self = await readJson(await me(await admin()));
    await expectProblem(
      await stack.request(`/api/users/${self.userId}/disable`, { token: await admin(), method: 'POST' }),
      403,
      'FORBIDDEN',
    );
  });

  it('shuts out the users and API keys of a disabled organisation; enabling lets its people log in again, and ends the old sessions and keys for good', async () => {
    const organisation = await createOrg();
    const address = email('strumica.test');
    expect((await createUser({ email: address, orgId: organisation.id, password: PASSWORD })).status).toBe(
      201,
    );
    const token = await firstLogin(stack, address, PASSWORD);
    const key = (await createApiKey(stack, token)).secret;
    expect((await me(key)).status).toBe(200);

    const disabled = await stack.request(`/api/orgs/${organisation.id}/disable`, {
      token: await admin(),
      method: 'POST',
    });
    expect(disabled.status).toBe(200);
    expect((await readJson(disabled)).disabled).toBe(true);

    await expectProblem(await me(token), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await stack.request('/api/applications', { token: key, json: { type: 'co', data: {} } }),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(
      await stack.request('/api/auth/login', { json: { email: address, password: CHOSEN_PASSWORD } }),
      401,
      'INVALID_CREDENTIALS',
    );

    await stack.request(`/api/orgs/${organisation.id}/enable`, { token: await admin(), method: 'POST' });
    // docs/security.md, "How sessions and keys end"
    await expectProblem(await me(token), 401, 'UNAUTHENTICATED');
    await expectProblem(await me(key), 401, 'UNAUTHENTICATED');
    expect((await me(await freshLogin(stack, address, CHOSEN_PASSWORD))).status).toBe(200);
  });

  it('answers 404 for disabling an organisation or user that does not exist', async () => {
    for (const path of [`/api/orgs/${randomUUID()}/disable`, `/api/users/${randomUUID()}/disable`]) {
      await expectProblem(
        await stack.request(path, { token: await admin(), method: 'POST' }),
        404,
        'NOT_FOUND',
      );
    }
  });
});

describe('login throttling', () => {
  it('after 5 wrong passwords for one account from one address, refuses the 6th attempt from there, even the right one, with 429 and Retry-After', async () => {
    const address = email();
    expect((await createUser({ email: address, password: PASSWORD })).status).toBe(201);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await stack.request('/api/auth/login', {
        json: { email: address, password: `wrong ${attempt}` },
      });
      await expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    }

    const sixth = await stack.request('/api/auth/login', { json: { email: address, password: PASSWORD } });

    await expectProblem(sixth, 429, 'RATE_LIMITED');
    const retryAfter = Number(sixth.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('counts the account however its email is written', async () => {
    const address = email();
    expect((await createUser({ email: address, password: PASSWORD })).status).toBe(201);
    const spellings = [
      address,
      address.toUpperCase(),
      ` ${address}`,
      `${address} `,
      address.replace(/^./, (c) => c.toUpperCase()),
    ];
    for (const spelling of spellings) {
      await expectProblem(
        await stack.request('/api/auth/login', { json: { email: spelling, password: 'wrong password' } }),
        401,
      );
    }
    await expectProblem(
      await stack.request('/api/auth/login', { json: { email: address, password: PASSWORD } }),
      429,
      'RATE_LIMITED',
    );
  });

  it('does not lock out other accounts', async () => {
    expect(
      (await stack.request('/api/auth/login', { json: { email: 'exporter@b.test', password: PASSWORD } }))
        .status,
    ).toBe(200);
  });
});

describe('API keys', () => {
  it('shows the secret once, lists keys without it, authenticates as org A, records use, and stops at revocation', async () => {
    const exporter = await stack.login('exporterA');
    const created = await stack.request('/api/api-keys', { token: exporter, json: { name: 'Pantheon ERP' } });
    expect(created.status).toBe(201);
    const key = await readJson(created);
    expect(key).toMatchObject({
      name: 'Pantheon ERP',
      orgId: stack.orgA.id,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(key.secret).toMatch(/^tck_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{43}$/);

    const listed = (await readJson(await stack.request('/api/api-keys', { token: exporter })))
      .items as Json[];
    const entry = listed.find((item) => item.id === key.id);
    expect(entry).toEqual({ ...key, secret: undefined });
    for (const item of listed) {
      expect(item).not.toHaveProperty('secret');
      expect(item).not.toHaveProperty('secretHash');
      expect(JSON.stringify(item)).not.toContain(key.secret.slice(-43));
    }

    const application = await stack.request('/api/applications', {
      token: key.secret,
      json: { type: 'co', data: sampleCertificateOfOrigin(1) },
    });
    expect(application.status).toBe(201);
    expect((await readJson(application)).orgId).toBe(stack.orgA.id);
    expect(await readJson(await me(key.secret))).toMatchObject({
      role: 'exporter',
      orgId: stack.orgA.id,
      apiKeyId: key.id,
    });

    const used = (
      (await readJson(await stack.request('/api/api-keys', { token: exporter }))).items as Json[]
    ).find((item) => item.id === key.id);
    expect(Date.parse(used?.lastUsedAt)).not.toBeNaN();

    const revoked = await stack.request(`/api/api-keys/${key.id}`, { token: exporter, method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(Date.parse((await readJson(revoked)).revokedAt)).not.toBeNaN();
    await expectProblem(await me(key.secret), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await stack.request('/api/applications', { token: key.secret, json: { type: 'co', data: {} } }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('refuses a key whose secret is altered (401)', async () => {
    const { secret } = await createApiKey(stack, await stack.login('exporterA'));
    const altered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    await expectProblem(await me(altered), 401, 'UNAUTHENTICATED');
    await expectProblem(await me(`${secret.slice(0, 27)}`), 401, 'UNAUTHENTICATED');
  });

  it("keeps an organisation's keys out of another organisation's list and hands (404 on revoke)", async () => {
    const key = await createApiKey(stack, await stack.login('exporterA'));
    const other = await stack.login('exporterB');
    const theirs = (await readJson(await stack.request('/api/api-keys', { token: other }))).items as Json[];
    expect(theirs.map((item) => item.id)).not.toContain(key.id);
    await expectProblem(
      await stack.request(`/api/api-keys/${key.id}`, { token: other, method: 'DELETE' }),
      404,
      'NOT_FOUND',
    );
    expect((await me(key.secret)).status).toBe(200);
  });
});

describe('sessions', () => {
  it('ends the session at logout: the bearer token answers 401 afterwards', async () => {
    const token = await freshLogin(stack, 'exporter@a.test', PASSWORD);
    expect((await me(token)).status).toBe(200);
    const out = await stack.request('/api/auth/logout', { token, method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.get('Set-Cookie')).toMatch(/^tc_session=;.*Max-Age=0/);
    await expectProblem(await me(token), 401, 'UNAUTHENTICATED');
  });

  it('ends a cookie session at logout', async () => {
    const login = await stack.request('/api/auth/login', {
      json: { email: 'exporter@a.test', password: PASSWORD },
    });
    const cookie = (login.headers.get('Set-Cookie') ?? '').split(';')[0] ?? '';
    expect((await stack.request('/api/me', { headers: { Cookie: cookie } })).status).toBe(200);
    expect(
      // a browser sends its page's origin with the cookie (docs/security.md, "CSRF")
      (
        await stack.request('/api/auth/logout', {
          method: 'POST',
          headers: { Cookie: cookie, Origin: 'http://localhost' },
        })
      ).status,
    ).toBe(204);
    expect((await stack.request('/api/me', { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('tells an exporter who they are and which organisation they act for', async () => {
    const response = await me(await stack.login('exporterA'));
    expect(response.status).toBe(200);
    expect(await readJson(response)).toEqual({
      userId: expect.any(String),
      email: 'exporter@a.test',
      role: 'exporter',
      orgId: stack.orgA.id,
    });
  });

  it('tells staff who they are, with no organisation', async () => {
    const body = await readJson(await me(await stack.login('staff')));
    expect(body).toMatchObject({ email: 'staff@chamber.test', role: 'staff' });
    expect(body).not.toHaveProperty('orgId');
  });

  it('answers 401 to a token that was never issued', async () => {
    await expectProblem(await me('x'.repeat(43)), 401, 'UNAUTHENTICATED');
  });
});

describe('application lists', () => {
  /** Every item of a list, page by page; fails on a page larger than the limit. */
  const walk = async (token: string, query: string, limit = 2) => {
    const items: Json[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await stack.request(
        `/api/applications?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token },
      );
      expect(response.status).toBe(200);
      const page = await readJson(response);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 200);
    return items;
  };

  let ofA: string[];
  let ofB: string;
  let eur1: string;
  let queue: string[];

  beforeAll(async () => {
    const exporterB = await stack.login('exporterB');
    ofA = [];
    for (let index = 0; index < 3; index++) ofA.push((await createDraft(stack, { withInvoice: false })).id);
    ofB = (await createDraft(stack, { token: exporterB, withInvoice: false })).id;
    eur1 = (await createDraft(stack, { type: 'eur1', data: {}, withInvoice: false })).id;
    queue = [];
    for (let index = 0; index < 3; index++) queue.push((await submitted(stack)).id);
  });

  it("shows exporter A only org A's applications", async () => {
    const items = await walk(await stack.login('exporterA'), '', 100);
    expect(new Set(items.map((item) => item.orgId))).toEqual(new Set([stack.orgA.id]));
    expect(items.map((item) => item.id)).toEqual(expect.arrayContaining([...ofA, eur1, ...queue]));
    expect(items.map((item) => item.id)).not.toContain(ofB);
    const ofOrgB = await walk(await stack.login('exporterB'), '', 100);
    expect(ofOrgB.map((item) => item.id)).toContain(ofB);
    expect(ofOrgB.map((item) => item.id)).not.toContain(ofA[0]);
  });

  it('shows staff the SUBMITTED queue by default, oldest first', async () => {
    const items = await walk(await stack.login('staff'), '', 100);
    expect(new Set(items.map((item) => item.status))).toEqual(new Set(['SUBMITTED']));
    const ids = items.map((item) => item.id);
    expect(ids.filter((id) => queue.includes(id))).toEqual(queue);
    const times = items.map((item) => item.updatedAt);
    expect(times).toEqual([...times].sort());
  });

  it('never lists exporters\' drafts to staff, even with ?status=DRAFT (docs/security.md, "Who sees drafts")', async () => {
    const items = await walk(await stack.login('staff'), 'status=DRAFT', 100);
    const ids = items.map((item) => item.id);
    for (const draft of [...ofA, ofB]) expect(ids).not.toContain(draft);
    const ofOrgA = await walk(await stack.login('staff'), `status=DRAFT&orgId=${stack.orgA.id}`, 100);
    expect(ofOrgA.map((item) => item.id)).not.toContain(ofA[0]);
  });

  it('filters by certificate type with ?type=', async () => {
    const token = await stack.login('exporterA');
    const eur1s = await walk(token, 'type=eur1', 100);
    expect(eur1s.map((item) => item.id)).toEqual([eur1]);
    const cos = await walk(token, 'type=co', 100);
    expect(new Set(cos.map((item) => item.type))).toEqual(new Set(['co']));
    expect(cos.map((item) => item.id)).toEqual(expect.arrayContaining(ofA));
    expect(cos.map((item) => item.id)).not.toContain(eur1);
  });

  it.each([
    ['exporter A, all', 'exporterA', ''],
    ['exporter A, type=co', 'exporterA', 'type=co'],
    ['exporter A, type=eur1', 'exporterA', 'type=eur1'],
    ['staff, SUBMITTED', 'staff', ''],
  ] as const)('walks every item with limit=2 and no duplicates (%s)', async (_what, who, query) => {
    const token = await stack.login(who);
    const paged = (await walk(token, query, 2)).map((item) => item.id);
    const whole = (await walk(token, query, 100)).map((item) => item.id);
    expect(new Set(paged).size).toBe(paged.length);
    expect(paged).toEqual(whole);
  });

  it('refuses bad list parameters with 400', async () => {
    const token = await stack.login('exporterA');
    for (const query of ['type=pdf', 'status=ARCHIVED', 'limit=0', 'limit=101', 'limit=two', 'sort=asc']) {
      await expectProblem(
        await stack.request(`/api/applications?${query}`, { token }),
        400,
        'VALIDATION_FAILED',
      );
    }
  });

  describe('a forged cursor', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const realCursor = async (token: string) => {
      const page = await readJson(await stack.request('/api/applications?limit=1', { token }));
      expect(page.cursor).toEqual(expect.any(String));
      return JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')) as Record<string, string>;
    };

    it.each([
      ['garbage', async () => 'not a cursor at all!'],
      ['base64 of text', async () => Buffer.from('hello').toString('base64url')],
      ['an empty object', async () => encode({})],
      ['an array', async () => encode([1, 2])],
      ['a key with a number in it', async () => encode({ PK: 1, SK: 2, GSI1PK: 3 })],
      [
        "org A's cursor moved into org B's partition",
        async () => {
          const key = await realCursor(await stack.login('exporterA'));
          return encode(
            Object.fromEntries(
              Object.entries(key).map(([name, value]) => [
                name,
                value.replaceAll(stack.orgA.id, stack.orgB.id),
              ]),
            ),
          );
        },
      ],
      ["the staff queue's cursor", async () => encode(await realCursor(await stack.login('staff')))],
      [
        'a cursor with too many attributes',
        async () => encode(Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`k${i}`, 'v']))),
      ],
    ])('is refused with 400 naming the cursor: %s', async (_what, forge) => {
      const cursor = await forge();
      const response = await stack.request(`/api/applications?limit=2&cursor=${encodeURIComponent(cursor)}`, {
        token: await stack.login('exporterA'),
      });
      expect(errorPaths(await expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual(['cursor']);
    });
  });
});
