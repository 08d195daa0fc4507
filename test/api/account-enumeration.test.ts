// An exporter organisation's admin learns nothing of accounts outside the organisation (docs/security.md,
// "Accounts of other organisations"): an e-mail taken anywhere gets one answer that does not say where.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorPaths, expectProblem, firstLogin } from '../support/api-fixtures.ts';
import type { Json } from '../support/json.ts';
import { createTestStack, PASSWORD, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let orgAdmin: string;

beforeAll(async () => {
  stack = await createTestStack();
  const email = `org-admin-${randomUUID().slice(0, 8)}@a.test`;
  const created = await stack.request('/api/users', {
    token: await stack.login('admin'),
    json: {
      email,
      name: 'Елена Организаторка',
      role: 'exporter',
      orgId: stack.orgA.id,
      orgAdmin: true,
      password: PASSWORD,
    },
  });
  expect(created.status).toBe(201);
  orgAdmin = await firstLogin(stack, email, PASSWORD);
});

const invite = (token: string, email: string) =>
  stack.request('/api/users', { token, json: { email, name: 'Нов Колега', role: 'exporter' } });

/** The body of an answer without what differs between any two requests. */
const shape = (body: Json) => ({ ...body, instance: undefined });

describe('an organisation admin creating a user with a taken e-mail', () => {
  it('hears the same 409 EMAIL_UNAVAILABLE for chamber staff, another exporter and a colleague, naming no one', async () => {
    const answers: Json[] = [];
    for (const taken of ['staff@chamber.test', 'exporter@b.test', 'exporter@a.test', 'ADMIN@chamber.test']) {
      answers.push(shape(await expectProblem(await invite(orgAdmin, taken), 409, 'EMAIL_UNAVAILABLE')));
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(errorPaths(answers[0] as Json)).toEqual(['email']);
    expect(JSON.stringify(answers[0])).not.toMatch(/staff|already|exists|registered|another organisation/i);
  });

  it('still creates a user with a free e-mail', async () => {
    expect((await invite(orgAdmin, `${randomUUID().slice(0, 8)}@a.test`)).status).toBe(201);
  });

  it('lets a chamber administrator, who sees every account anyway, hear that the e-mail is registered', async () => {
    const response = await stack.request('/api/users', {
      token: await stack.login('admin'),
      json: { email: 'exporter@b.test', name: 'X', role: 'exporter', orgId: stack.orgA.id },
    });
    expect(errorPaths(await expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual(['email']);
  });

  it('refuses with 429 after 10 taken addresses in an hour, so that addresses cannot be tried in bulk', async () => {
    const email = `org-admin-${randomUUID().slice(0, 8)}@a.test`;
    await stack.request('/api/users', {
      token: await stack.login('admin'),
      json: {
        email,
        name: 'Проба',
        role: 'exporter',
        orgId: stack.orgA.id,
        orgAdmin: true,
        password: PASSWORD,
      },
    });
    const prober = await firstLogin(stack, email, PASSWORD);
    for (let probe = 0; probe < 10; probe++) {
      await expectProblem(await invite(prober, 'staff@chamber.test'), 409, 'EMAIL_UNAVAILABLE');
    }
    await expectProblem(await invite(prober, 'staff2@chamber.test'), 429, 'RATE_LIMITED');
  });
});
