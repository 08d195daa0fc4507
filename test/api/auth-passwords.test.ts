// Passwords (docs/security.md, "Passwords"): one policy for every password someone chooses, changing one's own,
// a forced change at the first login with a password an administrator set, and an administrator's reset.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccountRepository } from '../../functions/adapters/dynamodb/account-repository.ts';
import { seedDemoAccounts } from '../../functions/local/seed.ts';
import { CHOSEN_PASSWORD, expectProblem, firstLogin, freshLogin } from '../support/api-fixtures.ts';
import { type Json, readJson } from '../support/json.ts';
import { createTestStack, PASSWORD, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
});

const admin = () => stack.login('admin');
const me = (token: string) => stack.request('/api/me', { token });
const applications = (token: string) => stack.request('/api/applications', { token });

const createUser = async (extra: Json = {}) => {
  const email = `${randomUUID().slice(0, 8)}@a.test`;
  const response = await stack.request('/api/users', {
    token: await admin(),
    json: { email, name: 'Јована Трајковска', role: 'exporter', orgId: stack.orgA.id, ...extra },
  });
  return { email, response };
};

const changePassword = (token: string, currentPassword: string, newPassword: string) =>
  stack.request('/api/me/password', { token, json: { currentPassword, newPassword } });

const reasonOf = (problem: Json) => (problem.errors as Json[])[0]?.reason;

describe('the password policy, where an administrator sets a password', () => {
  it.each([
    ['twelve spaces', ' '.repeat(12), 'BLANK'],
    ['"password1234"', 'password1234', 'COMMON'],
    ['a common word with digits around it', '2024iloveyou!!', 'COMMON'],
    ['eleven characters', 'elevenchars', 'TOO_SHORT'],
    ['one character repeated', 'aaaaaaaaaaaaaaaa', 'REPETITIVE'],
    ['a short piece repeated', 'abc123abc123', 'REPETITIVE'],
  ])('refuses %s with 400 WEAK_PASSWORD on password, saying why', async (_what, password, reason) => {
    const { response } = await createUser({ password });
    const problem = await expectProblem(response, 400, 'WEAK_PASSWORD');
    expect(problem.errors).toEqual([
      { path: 'password', message: expect.any(String), code: 'weak_password', reason },
    ]);
  });

  it('refuses the new user’s own e-mail address, or its part before the @, as PERSONAL', async () => {
    const email = `jovana.${randomUUID().slice(0, 8)}@firma.test`;
    for (const password of [email, `${email.split('@')[0]}-2026!`]) {
      const response = await stack.request('/api/users', {
        token: await admin(),
        json: { email, name: 'Јована', role: 'exporter', orgId: stack.orgA.id, password },
      });
      const problem = await expectProblem(response, 400, 'WEAK_PASSWORD');
      expect(reasonOf(problem)).toBe('PERSONAL');
    }
  });

  it('accepts a long passphrase', async () => {
    expect((await createUser({ password: 'twelve chars' })).response.status).toBe(201);
  });
});

describe('the first login with a password an administrator set', () => {
  it('may only change the password (403 PASSWORD_CHANGE_REQUIRED elsewhere); after the change everything works', async () => {
    const { email } = await createUser({ password: PASSWORD });
    const login = await stack.request('/api/auth/login', { json: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    const session = await readJson(login);
    expect(session.passwordChangeRequired).toBe(true);

    await expectProblem(await applications(session.token), 403, 'PASSWORD_CHANGE_REQUIRED');
    await expectProblem(
      await stack.request('/api/api-keys', { token: session.token, json: { name: 'ERP' } }),
      403,
      'PASSWORD_CHANGE_REQUIRED',
    );
    expect(await readJson(await me(session.token))).toMatchObject({ email, passwordChangeRequired: true });

    const changed = await changePassword(session.token, PASSWORD, CHOSEN_PASSWORD);
    expect(changed.status).toBe(200);
    const next = await readJson(changed);
    expect(next.passwordChangeRequired).toBeUndefined();
    expect((await applications(next.token)).status).toBe(200);
    await expectProblem(await me(session.token), 401, 'UNAUTHENTICATED');
  });

  it('applies to a generated initial password as well', async () => {
    const { email, response } = await createUser();
    const { initialPassword } = await readJson(response);
    const token = await freshLogin(stack, email, initialPassword);
    await expectProblem(await applications(token), 403, 'PASSWORD_CHANGE_REQUIRED');
  });

  it('does not apply to the demo accounts that npm start seeds, whose DEMO_PASSWORD is exempt from the policy', async () => {
    const demoPassword = 'demo1234';
    const accounts = createAccountRepository(stack.db, stack.config.tableName);
    expect((await seedDemoAccounts(accounts, stack.config.issuer.id, demoPassword)).created).toBe(true);
    const login = await stack.request('/api/auth/login', {
      json: { email: 'exporter@demo.test', password: demoPassword },
    });
    expect(login.status).toBe(200);
    const session = await readJson(login);
    expect(session.passwordChangeRequired).toBeUndefined();
    expect((await applications(session.token)).status).toBe(200);
  });
});

describe('changing one’s password', () => {
  it('needs the current password, checks the new one, and ends the user’s other sessions', async () => {
    const { email } = await createUser({ password: PASSWORD });
    const token = await firstLogin(stack, email, PASSWORD);
    const other = await freshLogin(stack, email, CHOSEN_PASSWORD);

    const wrong = await expectProblem(
      await changePassword(token, 'not the password', 'a brand new passphrase'),
      400,
      'VALIDATION_FAILED',
    );
    expect((wrong.errors as Json[]).map((error) => error.path)).toEqual(['currentPassword']);
    expect(
      reasonOf(
        await expectProblem(
          await changePassword(token, CHOSEN_PASSWORD, 'qwerty123456'),
          400,
          'WEAK_PASSWORD',
        ),
      ),
    ).toBe('COMMON');
    expect(
      reasonOf(
        await expectProblem(
          await changePassword(token, CHOSEN_PASSWORD, CHOSEN_PASSWORD),
          400,
          'WEAK_PASSWORD',
        ),
      ),
    ).toBe('SAME_AS_CURRENT');
    expect(
      reasonOf(
        await expectProblem(
          await changePassword(token, CHOSEN_PASSWORD, `my ${email.split('@')[0]} password`),
          400,
          'WEAK_PASSWORD',
        ),
      ),
    ).toBe('PERSONAL');
    expect((await me(other)).status).toBe(200);

    const changed = await changePassword(token, CHOSEN_PASSWORD, 'a brand new passphrase');
    expect(changed.status).toBe(200);
    expect(changed.headers.get('Set-Cookie')).toMatch(/^tc_session=/);
    const fresh = (await readJson(changed)).token;

    await expectProblem(await me(other), 401, 'UNAUTHENTICATED');
    await expectProblem(await me(token), 401, 'UNAUTHENTICATED');
    expect((await me(fresh)).status).toBe(200);
    await expectProblem(
      await stack.request('/api/auth/login', { json: { email, password: CHOSEN_PASSWORD } }),
      401,
      'INVALID_CREDENTIALS',
    );
    expect((await freshLogin(stack, email, 'a brand new passphrase')).length).toBeGreaterThan(20);
  });

  it('refuses a sixth wrong current password in 15 minutes with 429: a stolen session cannot guess it', async () => {
    const { email } = await createUser({ password: PASSWORD });
    const token = await firstLogin(stack, email, PASSWORD);
    for (let attempt = 0; attempt < 5; attempt++) {
      await expectProblem(await changePassword(token, `guess ${attempt}`, 'a brand new passphrase'), 400);
    }
    await expectProblem(
      await changePassword(token, CHOSEN_PASSWORD, 'a brand new passphrase'),
      429,
      'RATE_LIMITED',
    );
  });

  it('is refused to an API key (403)', async () => {
    const created = await stack.request('/api/api-keys', {
      token: await stack.login('exporterA'),
      json: { name: 'ERP' },
    });
    const { secret } = await readJson(created);
    await expectProblem(await changePassword(secret, PASSWORD, 'a brand new passphrase'), 403, 'FORBIDDEN');
  });
});

describe('an administrator’s reset', () => {
  it('sets a temporary password, shown once, ends the user’s sessions, and forces a change at the next login', async () => {
    const { email, response } = await createUser({ password: PASSWORD });
    const { id } = await readJson(response);
    const token = await firstLogin(stack, email, PASSWORD);

    const reset = await stack.request(`/api/users/${id}/reset-password`, {
      token: await admin(),
      method: 'POST',
    });
    expect(reset.status).toBe(200);
    const body = await readJson(reset);
    expect(body).toMatchObject({ id, email, passwordChangeRequired: true });
    expect(body.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(body).not.toHaveProperty('passwordHash');

    await expectProblem(await me(token), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await stack.request('/api/auth/login', { json: { email, password: CHOSEN_PASSWORD } }),
      401,
      'INVALID_CREDENTIALS',
    );
    const temporary = await freshLogin(stack, email, body.temporaryPassword);
    await expectProblem(await applications(temporary), 403, 'PASSWORD_CHANGE_REQUIRED');
    const changed = await changePassword(temporary, body.temporaryPassword, 'my own passphrase again');
    expect((await applications((await readJson(changed)).token)).status).toBe(200);
  });

  it('is for administrators only (403), and not for their own account', async () => {
    const { response } = await createUser({ password: PASSWORD });
    const { id } = await readJson(response);
    for (const who of ['exporterA', 'staff'] as const) {
      await expectProblem(
        await stack.request(`/api/users/${id}/reset-password`, {
          token: await stack.login(who),
          method: 'POST',
        }),
        403,
        'FORBIDDEN',
      );
    }
    const self = (await readJson(await me(await admin()))).userId;
    await expectProblem(
      await stack.request(`/api/users/${self}/reset-password`, { token: await admin(), method: 'POST' }),
      403,
      'FORBIDDEN',
    );
  });
});

describe('in the portal', () => {
  const ORIGIN = 'http://localhost';
  const form = (cookie: string, fields: Record<string, string>) => ({
    method: 'POST',
    headers: {
      Origin: ORIGIN,
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });
  const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  it('sends a user whose password an administrator set to the password page, and nowhere else, until it is changed', async () => {
    const { email } = await createUser({ password: PASSWORD });
    const login = await stack.app.request('/portal/login', form('', { email, password: PASSWORD }));
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/portal/password');
    const cookie = cookieOf(login);

    const elsewhere = await stack.app.request('/portal/applications', { headers: { Cookie: cookie } });
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers.get('location')).toBe('/portal/password');
    const page = await stack.app.request('/portal/password?lang=mk', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Вашата лозинка ја постави администратор');

    const weak = await stack.app.request(
      '/portal/password?lang=sq',
      form(cookie, { currentPassword: PASSWORD, newPassword: 'password1234' }),
    );
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('është ndër fjalëkalimet më të përdorura');

    const changed = await stack.app.request(
      '/portal/password',
      form(cookie, { currentPassword: PASSWORD, newPassword: CHOSEN_PASSWORD }),
    );
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe('/portal/applications');
    const fresh = cookieOf(changed);
    expect(fresh).not.toBe(cookie);
    expect((await stack.app.request('/portal/applications', { headers: { Cookie: fresh } })).status).toBe(
      200,
    );
  });

  it('lets an administrator reset a password from the users page, after a confirmation, showing the temporary password once', async () => {
    const { response } = await createUser({ password: PASSWORD });
    const { id } = await readJson(response);
    const adminCookie = cookieOf(
      await stack.app.request('/portal/login', form('', { email: 'admin@chamber.test', password: PASSWORD })),
    );
    const users = await stack.app.request('/portal/admin/users', { headers: { Cookie: adminCookie } });
    const usersPage = await users.text();
    expect(usersPage).toContain(`/portal/admin/users/${id}/reset-password`);
    // one's own e-mail in the header leads to the password page
    expect(usersPage).toMatch(/<a href="\/portal\/password" title="Change password">admin@chamber.test/);

    // without the confirmation nothing is reset: the confirmation page names the user
    const unconfirmed = await stack.app.request(
      `/portal/admin/users/${id}/reset-password`,
      form(adminCookie, {}),
    );
    expect(unconfirmed.status).toBe(303);
    expect(unconfirmed.headers.get('location')).toBe(`/portal/admin/users/${id}/reset-password`);
    expect(unconfirmed.headers.get('set-cookie') ?? '').not.toContain('tc_account_notice');
    const reset = await stack.app.request(
      `/portal/admin/users/${id}/reset-password`,
      form(adminCookie, { confirm: 'yes' }),
    );
    expect(reset.status).toBe(303);
    const notice = cookieOf(reset);
    const html = await (
      await stack.app.request(reset.headers.get('location') ?? '', {
        headers: { Cookie: `${adminCookie}; ${notice}` },
      })
    ).text();
    expect(html).toContain('Temporary password for Јована Трајковска');
    expect(html).toMatch(/<code class="secret">[A-Za-z0-9_-]{20}<\/code>/);
  });
});
