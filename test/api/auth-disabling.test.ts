// Disabled means disabled (docs/security.md, "How sessions and keys end"): disabling a user or an organisation
// ends its sessions and API keys for good; enabling lets people log in again and brings none of them back.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CHOSEN_PASSWORD,
  createApiKey,
  expectProblem,
  firstLogin,
  freshLogin,
} from '../support/api-fixtures.ts';
import { type Json, readJson } from '../support/json.ts';
import { createTestStack, PASSWORD, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
});

const admin = () => stack.login('admin');
const me = (token: string) => stack.request('/api/me', { token });
const post = async (path: string) => stack.request(path, { token: await admin(), method: 'POST' });

const createOrg = async () => {
  const response = await stack.request('/api/orgs', {
    token: await admin(),
    json: {
      name: 'Битолска Пекара ДООЕЛ',
      address: { street: 'Широк Сокак 1', city: 'Битола', country: 'MK' },
    },
  });
  return (await readJson(response)).id as string;
};

/** A person of the organisation who has logged in and chosen their password; with their token and user id. */
const person = async (orgId: string) => {
  const email = `${randomUUID().slice(0, 8)}@bitola.test`;
  const created = await stack.request('/api/users', {
    token: await admin(),
    json: { email, name: 'Марија Николовска', role: 'exporter', orgId, password: PASSWORD },
  });
  expect(created.status).toBe(201);
  const id = (await readJson(created)).id as string;
  return { email, id, token: await firstLogin(stack, email, PASSWORD) };
};

const keyState = async (token: string, id: string): Promise<Json | undefined> =>
  ((await readJson(await stack.request('/api/api-keys', { token }))).items as Json[]).find(
    (item) => item.id === id,
  );

describe('disabling a user', () => {
  it('ends their sessions, and enabling them again does not bring the sessions back', async () => {
    const user = await person(await createOrg());
    const second = await freshLogin(stack, user.email, CHOSEN_PASSWORD);
    expect((await me(user.token)).status).toBe(200);

    expect((await post(`/api/users/${user.id}/disable`)).status).toBe(200);
    await expectProblem(await me(user.token), 401, 'UNAUTHENTICATED');
    expect((await post(`/api/users/${user.id}/enable`)).status).toBe(200);

    await expectProblem(await me(user.token), 401, 'UNAUTHENTICATED');
    await expectProblem(await me(second), 401, 'UNAUTHENTICATED');
    expect((await me(await freshLogin(stack, user.email, CHOSEN_PASSWORD))).status).toBe(200);
  });

  it('revokes the API keys they created, for good; a colleague’s keys of the same organisation go on', async () => {
    const orgId = await createOrg();
    const [leaver, colleague] = [await person(orgId), await person(orgId)];
    const leaversKey = await createApiKey(stack, leaver.token, 'ERP of the leaver');
    const colleaguesKey = await createApiKey(stack, colleague.token, 'ERP of the colleague');
    expect((await me(leaversKey.secret)).status).toBe(200);

    await post(`/api/users/${leaver.id}/disable`);

    await expectProblem(await me(leaversKey.secret), 401, 'UNAUTHENTICATED');
    expect((await keyState(colleague.token, leaversKey.id))?.revokedAt).toEqual(expect.any(String));
    await post(`/api/users/${leaver.id}/enable`);
    await expectProblem(await me(leaversKey.secret), 401, 'UNAUTHENTICATED');
    expect((await me(colleaguesKey.secret)).status).toBe(200);
    expect((await keyState(colleague.token, colleaguesKey.id))?.revokedAt).toBeNull();
  });
});

describe('disabling an organisation', () => {
  it('ends its people’s sessions and all its keys; enabling it lets people log in again and restores neither', async () => {
    const orgId = await createOrg();
    const user = await person(orgId);
    const key = await createApiKey(stack, user.token);

    expect((await post(`/api/orgs/${orgId}/disable`)).status).toBe(200);
    await expectProblem(await me(user.token), 401, 'UNAUTHENTICATED');
    await expectProblem(await me(key.secret), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await stack.request('/api/auth/login', { json: { email: user.email, password: CHOSEN_PASSWORD } }),
      401,
      'INVALID_CREDENTIALS',
    );

    expect((await post(`/api/orgs/${orgId}/enable`)).status).toBe(200);
    await expectProblem(await me(user.token), 401, 'UNAUTHENTICATED');
    await expectProblem(await me(key.secret), 401, 'UNAUTHENTICATED');
    const again = await freshLogin(stack, user.email, CHOSEN_PASSWORD);
    expect((await me(again)).status).toBe(200);
    expect((await keyState(again, key.id))?.revokedAt).toEqual(expect.any(String));
    const newKey = await createApiKey(stack, again);
    expect((await me(newKey.secret)).status).toBe(200);
  });

  it('leaves other organisations alone', async () => {
    const user = await person(await createOrg());
    await post(`/api/orgs/${await createOrg()}/disable`);
    expect((await me(user.token)).status).toBe(200);
  });
});
