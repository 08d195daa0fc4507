// One access-log line per request in each app (functions/http/access-log.ts, docs/deploy.md "Logs"): request id,
// chamber, method, route pattern, status, latency, and nothing personal beyond ids.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../functions/adapters/log/json-logger.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import {
  addChamber,
  createTestStack,
  PASSWORD,
  portalLogIn,
  submittedApplication,
  type TestStack,
} from '../support/test-stack.ts';

let stack: TestStack;
let lines: string[] = [];

beforeAll(async () => {
  stack = await createTestStack();
  await addChamber(stack, 'al-logs');
  logger.setLevel('info');
  const write = process.stdout.write.bind(process.stdout) as (chunk: string | Uint8Array) => boolean;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (!text.includes('"message":"request"')) return write(chunk);
    lines.push(...text.split('\n').filter(Boolean));
    return true;
  });
});

afterEach(() => {
  lines = [];
});

afterAll(() => {
  vi.restoreAllMocks();
  logger.setLevel('warn');
});

const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the access log', () => {
  it('writes one line per request with the route pattern, never the path with its ids', async () => {
    const { id } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    lines = [];
    const response = await stack.request(`/api/applications/${id}`, {
      token: await stack.login('exporterA'),
    });
    expect(response.status).toBe(200);
    const [entry, ...more] = entries();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      level: 'info',
      message: 'request',
      chamberId: stack.config.issuer.id,
      method: 'GET',
      route: '/api/applications/:id',
      status: 200,
    });
    expect(Object.keys(entry ?? {}).sort()).toEqual(
      ['time', 'level', 'message', 'requestId', 'chamberId', 'method', 'route', 'status', 'latencyMs'].sort(),
    );
    expect(entry?.latencyMs).toEqual(expect.any(Number));
    expect(entry?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('X-Request-Id')).toBe(entry?.requestId);
    expect(lines.join('\n')).not.toContain(id);
  });

  it('logs a login by the API and by the portal with no e-mail, password or token', async () => {
    const api = await stack.request('/api/auth/login', {
      json: { email: stack.users.exporterA?.email, password: PASSWORD },
    });
    expect(api.status).toBe(200);
    const { token } = (await api.json()) as { token: string };
    const wrong = await stack.request('/api/auth/login', {
      json: { email: 'nobody-here@example.test', password: 'not the password at all' },
    });
    expect(wrong.status).toBe(401);
    await portalLogIn(stack, stack.users.staff?.email ?? '');
    expect(entries().map(({ route, status }) => [route, status])).toEqual([
      ['/api/auth/login', 200],
      ['/api/auth/login', 401],
      ['/portal/login', 303],
    ]);
    const text = lines.join('\n');
    for (const secret of [
      stack.users.exporterA?.email,
      stack.users.staff?.email,
      'nobody-here',
      '@',
      PASSWORD,
      token,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('names the chamber of the path form, the verify app’s routes, and the request id API Gateway gave', async () => {
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    const approved = await readJson(
      await stack.request(`/api/applications/${id}/approve`, {
        token: await stack.login('staff'),
        json: { version },
      }),
    );
    const { code } = approved.certificate as { code: string };
    lines = [];
    expect(
      (await stack.request(`/v/${code}`, { headers: { 'x-amzn-requestid': 'Kx9-abcdEFGH=' } })).status,
    ).toBe(200);
    expect(
      (await stack.request('/c/al-logs/v', { headers: { 'x-amzn-requestid': 'b5c1d2e3-0000-4000' } })).status,
    ).toBe(200);
    expect((await stack.request('/c/no-such-chamber/api/me')).status).toBe(404);
    const [page, form, unknown] = entries();
    // a header that is not shaped like an AWS request id is not copied into the logs
    expect(page).toMatchObject({ route: '/v/:code', status: 200, chamberId: stack.config.issuer.id });
    expect(page?.requestId).not.toBe('Kx9-abcdEFGH=');
    expect(form).toMatchObject({ route: '/v', chamberId: 'al-logs', requestId: 'b5c1d2e3-0000-4000' });
    expect(unknown).toMatchObject({ status: 404, chamberId: null });
    expect(lines.join('\n')).not.toContain(code);
  });

  it('takes Lambda’s request id from the Lambda context', async () => {
    const response = await stack.app.request(
      '/healthz',
      {},
      { lambdaContext: { awsRequestId: 'c0ffee00-1234-4abc-8def-0123456789ab' } },
    );
    expect(response.status).toBe(200);
    expect(entries()).toMatchObject([
      { route: '/healthz', requestId: 'c0ffee00-1234-4abc-8def-0123456789ab', status: 200 },
    ]);
  });
});
