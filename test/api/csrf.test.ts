// CSRF on the JSON API (docs/security.md, "CSRF"): the session cookie is SameSite=Lax, so a page on another port
// of the same host is "same site" and its forms carry the cookie. Such a request must not act; a bearer token
// (API clients, API keys) needs no Origin; a request body must be JSON (or multipart for an upload).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/api-fixtures.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let adminToken: string;

beforeAll(async () => {
  stack = await createTestStack();
  adminToken = await stack.login('admin');
});

/** A fresh exporter of organisation A, made by the admin with a bearer token. */
const newUser = async (): Promise<string> => {
  const created = await stack.request('/api/users', {
    token: adminToken,
    json: { email: `csrf-${randomUUID()}@a.test`, name: 'Target', role: 'exporter', orgId: stack.orgA.id },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  return (await readJson(created)).id;
};

const isDisabled = async (userId: string): Promise<boolean> => {
  const { items } = await readJson(await stack.request('/api/users', { token: adminToken }));
  return items.find((user: { id: string }) => user.id === userId).disabled;
};

/** What a browser sends for a form auto-submitted from another page, with the admin's session cookie. */
const withCookie = (path: string, headers: Record<string, string>, body?: string) =>
  stack.app.request(path, {
    method: 'POST',
    headers: { Cookie: `tc_session=${adminToken}`, ...headers },
    ...(body === undefined ? {} : { body }),
  });

describe('cookie-authenticated unsafe requests', () => {
  it('refuses a text/plain form from another port of the same host with 403 CSRF_REJECTED and disables no one', async () => {
    const userId = await newUser();

    const response = await withCookie(
      `/api/users/${userId}/disable`,
      { Origin: 'http://localhost:4444', 'Content-Type': 'text/plain' },
      'x=y',
    );

    await expectProblem(response, 403, 'CSRF_REJECTED');
    expect(await isDisabled(userId)).toBe(false);
  });

  it.each([
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.test' }],
    ['neither Origin nor Sec-Fetch-Site', {}],
    ['Origin: null', { Origin: 'null' }],
  ])('refuses a bodyless request with %s', async (_what, headers: Record<string, string>) => {
    const userId = await newUser();
    await expectProblem(await withCookie(`/api/users/${userId}/disable`, headers), 403, 'CSRF_REJECTED');
    expect(await isDisabled(userId)).toBe(false);
  });

  it('refuses logout from another origin: the session stays valid', async () => {
    const token = (
      await readJson(
        await stack.request('/api/auth/login', {
          json: { email: stack.users.staff?.email, password: 'correct horse battery staple' },
        }),
      )
    ).token;
    const response = await stack.app.request('/api/auth/logout', {
      method: 'POST',
      headers: { Cookie: `tc_session=${token}`, Origin: 'http://localhost:4444' },
    });
    await expectProblem(response, 403, 'CSRF_REJECTED');
    expect((await stack.request('/api/me', { token })).status).toBe(200);
  });

  it.each([
    ['its own origin', { Origin: 'http://localhost' }],
    ['PUBLIC_BASE_URL', { Origin: 'https://verify.chamber.test' }],
    ['Sec-Fetch-Site: same-origin', { 'Sec-Fetch-Site': 'same-origin' }],
  ])('accepts a request from %s', async (_what, headers: Record<string, string>) => {
    const userId = await newUser();
    const response = await withCookie(`/api/users/${userId}/disable`, headers);
    expect(response.status).toBe(200);
    expect(await isDisabled(userId)).toBe(true);
  });

  it('treats a cookie that authenticates no one as anonymous: 401, as without a cookie', async () => {
    const userId = await newUser();
    const response = await stack.app.request(`/api/users/${userId}/disable`, {
      method: 'POST',
      headers: { Cookie: `tc_session=${'x'.repeat(43)}`, Origin: 'http://localhost:4444' },
    });
    await expectProblem(response, 401, 'UNAUTHENTICATED');
  });

  it('still answers GET with the cookie from anywhere (reads change nothing)', async () => {
    const response = await stack.app.request('/api/me', {
      headers: { Cookie: `tc_session=${adminToken}`, Origin: 'http://localhost:4444' },
    });
    expect(response.status).toBe(200);
  });
});

describe('bearer-authenticated requests', () => {
  it('need no Origin: a bearer token disables a user', async () => {
    const userId = await newUser();
    const response = await stack.app.request(`/api/users/${userId}/disable`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}` },
    });
    expect(response.status).toBe(200);
    expect(await isDisabled(userId)).toBe(true);
  });
});

describe('request bodies', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses %s on a JSON route with 415 UNSUPPORTED_MEDIA_TYPE, even with a bearer token',
    async (contentType) => {
      const response = await stack.app.request('/api/users', {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': contentType },
        body: JSON.stringify({ email: 'x@a.test', name: 'X', role: 'exporter', orgId: stack.orgA.id }),
      });
      await expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    },
  );

  it('refuses a text/plain body on a bodyless route with 415 and disables no one', async () => {
    const userId = await newUser();
    const response = await stack.app.request(`/api/users/${userId}/disable`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'text/plain' },
      body: 'x=y',
    });
    await expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await isDisabled(userId)).toBe(false);
  });

  it('refuses an upload that is not multipart/form-data with 415', async () => {
    const token = await stack.login('exporterA');
    const created = await stack.request('/api/applications', { token, json: { type: 'co', data: {} } });
    const { id } = await readJson(created);
    const response = await stack.app.request(`/api/applications/${id}/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'file=x',
    });
    await expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});
