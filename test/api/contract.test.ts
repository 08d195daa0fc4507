// The contract check of test/support/contract.ts, which every API test runs on every answer: it passes what the
// document describes and fails, loudly, a status, a field, a media type or a route that the document does not.
import { Hono } from 'hono';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type Contract, ContractViolation, checkAnswers, servedContract } from '../support/contract.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let contract: Contract;

beforeAll(async () => {
  stack = await createTestStack();
  contract = await servedContract(stack.app);
});

const answer = (status: number, body: unknown, mediaType = 'application/json') =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'Content-Type': mediaType },
  });

const problem = (status: number, code: string) => ({
  type: `https://tradecert.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
  title: 'Not found',
  status,
  code,
  detail: 'No application with this id.',
});

const anApplication = async () => {
  const token = await stack.login('exporterA');
  const created = await stack.request('/api/applications', { token, json: { type: 'co', data: {} } });
  expect(created.status).toBe(201);
  return (await readJson(created)) as Record<string, unknown> & { id: string };
};

describe('the contract check on every answer of the API tests', () => {
  it('passes an answer the document describes, also under a chamber prefix', async () => {
    const application = await anApplication();
    const url = `/api/applications/${application.id}`;
    await expect(contract.check({ method: 'GET', url, response: answer(200, application) })).resolves.toBe(
      undefined,
    );
    await expect(
      contract.check({ method: 'GET', url: `/c/demo-chamber${url}`, response: answer(200, application) }),
    ).resolves.toBe(undefined);
    await expect(
      contract.check({
        method: 'GET',
        url,
        response: answer(404, problem(404, 'NOT_FOUND'), 'application/problem+json'),
      }),
    ).resolves.toBe(undefined);
  });

  it('fails a status the route does not document, naming the request and the documented statuses', async () => {
    const check = contract.check({
      method: 'GET',
      url: '/api/applications/0d5d2a4e-8f47-4d52-9a1c-2f4b8e6f1a10',
      response: answer(418, problem(418, 'NOT_FOUND'), 'application/problem+json'),
    });
    await expect(check).rejects.toThrow(ContractViolation);
    await expect(check).rejects.toThrow(
      /GET \/api\/applications\/0d5d2a4e-8f47-4d52-9a1c-2f4b8e6f1a10 answered 418 .*status 418 is not documented .*documented: 200, 400/s,
    );
  });

  it('fails a field the schema does not have, with ajv’s words', async () => {
    const application = await anApplication();
    await expect(
      contract.check({
        method: 'GET',
        url: `/api/applications/${application.id}`,
        response: answer(200, { ...application, lastEventHash: 'internal' }),
      }),
    ).rejects.toThrow(
      /answered 200 application\/json: the body does not match .*additional properties 'lastEventHash'/s,
    );
  });

  it('fails a missing field, a wrong type and a code that is not one of the stable codes', async () => {
    const application = await anApplication();
    const url = `/api/applications/${application.id}`;
    const { version: _version, ...withoutVersion } = application;
    await expect(
      contract.check({ method: 'GET', url, response: answer(200, withoutVersion) }),
    ).rejects.toThrow(/required property 'version'/);
    await expect(
      contract.check({ method: 'GET', url, response: answer(200, { ...application, version: '1' }) }),
    ).rejects.toThrow(/must be integer/);
    await expect(
      contract.check({
        method: 'GET',
        url,
        response: answer(404, problem(404, 'NO_SUCH_THING'), 'application/problem+json'),
      }),
    ).rejects.toThrow(/body.code must be equal to one of the allowed values/);
  });

  it('fails a media type the response does not document, and a problem whose status is not the answer’s', async () => {
    await expect(
      contract.check({ method: 'GET', url: '/api/me', response: answer(200, { userId: 'x' }, 'text/plain') }),
    ).rejects.toThrow(/media type text\/plain is not documented for 200/);
    await expect(
      contract.check({
        method: 'GET',
        url: '/api/me',
        response: answer(401, problem(404, 'NOT_FOUND'), 'application/problem+json'),
      }),
    ).rejects.toThrow(/another status/);
  });

  it('fails a route the document does not have, unless it is the 404 problem of a path no route serves', async () => {
    await expect(
      contract.check({ method: 'GET', url: '/api/everything', response: answer(200, {}) }),
    ).rejects.toThrow(/no operation GET \/api\/everything/);
    const response = await stack.request('/api/everything');
    expect(response.status).toBe(404);
  });

  it('checks against the document the stack serves (the global setup generates it once)', async () => {
    const { servers: _served, ...served } = await readJson(await stack.request('/openapi.json'));
    const { servers: _provided, ...provided } = inject('openapiDocument');
    expect(provided).toEqual(served);
  });

  it('makes the request itself fail, so that the test which received the answer fails', async () => {
    const app = new Hono().get('/api/me', (c) =>
      c.json({ userId: 'u', email: 'a@b.test', role: 'staff', x: 1 }),
    );
    checkAnswers(app, contract);
    await expect(app.request('/api/me')).rejects.toThrow(
      /GET \/api\/me answered 200 .*additional properties 'x'/s,
    );
  });

  it('does not check the portal’s pages, which are not part of the API', async () => {
    const response = await stack.request('/portal/login');
    expect(response.status).toBe(200);
  });
});
