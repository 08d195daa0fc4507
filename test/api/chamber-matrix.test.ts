// Chamber × role × route (docs/network.md §2): two chambers on one deployment, each with its full set of callers.
// A caller of chamber B, on B's path, gets for every record of chamber A exactly what it gets for a record that
// does not exist (404, or 403 where its role may not act at all): B cannot tell that A's records exist. B's
// sessions and keys presented on A's address authenticate no one (401), and so do A's on B's. The operator, in
// its own scope, reaches no chamber's records. After every refusal, A's stored records are as they were.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { PNG_1X1 } from '../fixtures/documents.ts';
import {
  createApiKey,
  createDraft,
  expectProblem,
  type IssuedApplication,
  issued,
  type Stored,
  snapshot,
  submitted,
} from '../support/api-fixtures.ts';
import { type Json, readJson } from '../support/json.ts';
import {
  addChamber,
  createTestStack,
  operatorLogin,
  PASSWORD,
  type TestStack,
} from '../support/test-stack.ts';

const B = 'b-chamber';
const CALLERS_OF_B = ['exporterB', 'staffB', 'adminB', 'apiKeyB', 'operator'] as const;
type CallerOfB = (typeof CALLERS_OF_B)[number];

let stack: TestStack;
let chamberB: Awaited<ReturnType<typeof addChamber>>;
const tokens = new Map<CallerOfB | 'staffA' | 'exporterA', string>();
let a: {
  draft: Stored;
  submitted: Stored;
  certificate: IssuedApplication;
  attachmentId: string;
  orgId: string;
  userId: string;
  apiKeyId: string;
  webhookId: string;
};

beforeAll(async () => {
  stack = await createTestStack();
  chamberB = await addChamber(stack, B, { serialPrefix: 'AL' });
  tokens.set('exporterA', await stack.login('exporterA'));
  tokens.set('staffA', await stack.login('staff'));
  tokens.set('exporterB', await chamberB.login('exporter'));
  tokens.set('staffB', await chamberB.login('staff'));
  tokens.set('adminB', await chamberB.login('admin'));
  tokens.set('operator', await operatorLogin(stack));
  const keyB = await stack.request(`/c/${B}/api/api-keys`, {
    token: tokens.get('exporterB'),
    json: { name: 'ERP of B' },
  });
  expect(keyB.status).toBe(201);
  tokens.set('apiKeyB', (await readJson(keyB)).secret);

  const draft = await createDraft(stack);
  const attachments = await readJson(
    await stack.request(`/api/applications/${draft.id}/attachments`, { token: tokens.get('exporterA') }),
  );
  const users = await readJson(await stack.request('/api/users', { token: await stack.login('admin') }));
  const apiKey = await createApiKey(stack, await stack.login('exporterA'));
  const webhook = await readJson(
    await stack.request('/api/webhooks', {
      token: tokens.get('exporterA'),
      json: { url: 'https://erp.example.com/hooks/a' },
    }),
  );
  a = {
    draft,
    submitted: await submitted(stack),
    certificate: await issued(stack),
    attachmentId: attachments.items[0].id,
    orgId: stack.orgA.id,
    userId: users.items.find((user: Json) => user.email === 'exporter@a.test').id,
    apiKeyId: apiKey.id,
    webhookId: webhook.id,
  };
});

/** A route that names one of chamber A's records; `id` picks it, so the same request can name a made-up one. */
interface RecordRoute {
  route: string;
  send: (base: string, token: string, pick: (real: string, madeUp: string) => string) => Promise<Response>;
}

const call = async (method: string, path: string, token: string, json?: Json): Promise<Response> =>
  stack.request(path, { method, token, ...(json === undefined ? {} : { json }) });

const ROUTES: RecordRoute[] = [
  {
    route: 'GET /api/applications/:id (draft)',
    send: (b, t, id) => call('GET', `${b}/api/applications/${id(a.draft.id, randomUUID())}`, t),
  },
  {
    route: 'GET /api/applications/:id (submitted)',
    send: (b, t, id) => call('GET', `${b}/api/applications/${id(a.submitted.id, randomUUID())}`, t),
  },
  {
    route: 'PATCH /api/applications/:id',
    send: (b, t, id) =>
      call('PATCH', `${b}/api/applications/${id(a.draft.id, randomUUID())}`, t, {
        version: 1,
        data: sampleCertificateOfOrigin(2),
      }),
  },
  {
    route: 'POST /api/applications/:id/submit',
    send: (b, t, id) =>
      call('POST', `${b}/api/applications/${id(a.draft.id, randomUUID())}/submit`, t, { version: 1 }),
  },
  {
    route: 'POST /api/applications/:id/cancel',
    send: (b, t, id) =>
      call('POST', `${b}/api/applications/${id(a.draft.id, randomUUID())}/cancel`, t, { version: 1 }),
  },
  {
    route: 'POST /api/applications/:id/request-changes',
    send: (b, t, id) =>
      call('POST', `${b}/api/applications/${id(a.submitted.id, randomUUID())}/request-changes`, t, {
        version: a.submitted.version,
        comment: 'Box 6',
      }),
  },
  {
    route: 'POST /api/applications/:id/reject',
    send: (b, t, id) =>
      call('POST', `${b}/api/applications/${id(a.submitted.id, randomUUID())}/reject`, t, {
        version: a.submitted.version,
        comment: 'No',
      }),
  },
  {
    route: 'POST /api/applications/:id/approve',
    send: (b, t, id) =>
      call('POST', `${b}/api/applications/${id(a.submitted.id, randomUUID())}/approve`, t, {
        version: a.submitted.version,
      }),
  },
  {
    route: 'GET /api/applications/:id/events',
    send: (b, t, id) => call('GET', `${b}/api/applications/${id(a.submitted.id, randomUUID())}/events`, t),
  },
  {
    route: 'GET /api/applications/:id/attachments',
    send: (b, t, id) =>
      call('GET', `${b}/api/applications/${id(a.submitted.id, randomUUID())}/attachments`, t),
  },
  {
    route: 'GET /api/applications/:id/attachments/:attachmentId',
    send: (b, t, id) =>
      call('GET', `${b}/api/applications/${a.draft.id}/attachments/${id(a.attachmentId, randomUUID())}`, t),
  },
  {
    route: 'DELETE /api/applications/:id/attachments/:attachmentId',
    send: (b, t, id) =>
      call(
        'DELETE',
        `${b}/api/applications/${a.draft.id}/attachments/${id(a.attachmentId, randomUUID())}`,
        t,
      ),
  },
  {
    route: 'POST /api/applications/:id/attachments',
    send: async (b, t, id) => {
      const form = new FormData();
      form.set('file', new File([PNG_1X1 as Uint8Array<ArrayBuffer>], 'stamp.png'));
      return stack.app.request(`${b}/api/applications/${id(a.draft.id, randomUUID())}/attachments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${t}` },
        body: form,
      });
    },
  },
  {
    route: 'GET /api/certificates/:serial',
    send: (b, t, id) =>
      call('GET', `${b}/api/certificates/${id(a.certificate.serial, 'MK-CO-2026-999999')}`, t),
  },
  {
    route: 'GET /api/certificates/:serial/pdf',
    send: (b, t, id) =>
      call('GET', `${b}/api/certificates/${id(a.certificate.serial, 'MK-CO-2026-999999')}/pdf`, t),
  },
  {
    route: 'GET /api/certificates/:serial/vc',
    send: (b, t, id) =>
      call('GET', `${b}/api/certificates/${id(a.certificate.serial, 'MK-CO-2026-999999')}/vc`, t),
  },
  {
    route: 'POST /api/certificates/:serial/revoke',
    send: (b, t, id) =>
      call('POST', `${b}/api/certificates/${id(a.certificate.serial, 'MK-CO-2026-999999')}/revoke`, t, {
        reason: 'issued-in-error',
      }),
  },
  {
    route: 'POST /api/certificates/:serial/replace',
    send: (b, t, id) =>
      call('POST', `${b}/api/certificates/${id(a.certificate.serial, 'MK-CO-2026-999999')}/replace`, t),
  },
  {
    route: 'POST /api/orgs/:id/disable',
    send: (b, t, id) => call('POST', `${b}/api/orgs/${id(a.orgId, randomUUID())}/disable`, t),
  },
  {
    route: 'POST /api/orgs/:id/enable',
    send: (b, t, id) => call('POST', `${b}/api/orgs/${id(a.orgId, randomUUID())}/enable`, t),
  },
  {
    route: 'POST /api/users/:id/disable',
    send: (b, t, id) => call('POST', `${b}/api/users/${id(a.userId, randomUUID())}/disable`, t),
  },
  {
    route: 'POST /api/users/:id/enable',
    send: (b, t, id) => call('POST', `${b}/api/users/${id(a.userId, randomUUID())}/enable`, t),
  },
  {
    route: 'POST /api/users/:id/reset-password',
    send: (b, t, id) => call('POST', `${b}/api/users/${id(a.userId, randomUUID())}/reset-password`, t),
  },
  {
    route: 'POST /api/users (into A’s organisation)',
    send: (b, t, id) =>
      call('POST', `${b}/api/users`, t, {
        email: `${randomUUID()}@x.test`,
        name: 'Arta Hoxha',
        role: 'exporter',
        orgId: id(a.orgId, randomUUID()),
        password: PASSWORD,
      }),
  },
  {
    route: 'DELETE /api/api-keys/:id',
    send: (b, t, id) =>
      call('DELETE', `${b}/api/api-keys/${id(a.apiKeyId, randomUUID().replaceAll('-', '').slice(0, 22))}`, t),
  },
  {
    route: 'DELETE /api/webhooks/:id',
    send: (b, t, id) => call('DELETE', `${b}/api/webhooks/${id(a.webhookId, randomUUID())}`, t),
  },
];

/** Where each caller of B is at home: its chamber's path, or the operator's scope. */
const baseOf = (caller: CallerOfB) => (caller === 'operator' ? '/c/platform' : `/c/${B}`);

const storedA = async () => ({
  draft: await snapshot(stack, a.draft.id),
  submitted: await snapshot(stack, a.submitted.id),
  certificate: await readJson(
    await stack.request(`/api/certificates/${a.certificate.serial}`, { token: tokens.get('staffA') }),
  ),
  users: await readJson(await stack.request('/api/users', { token: await stack.login('admin') })),
  orgs: await readJson(await stack.request('/api/orgs', { token: tokens.get('staffA') })),
  keys: await readJson(await stack.request('/api/api-keys', { token: tokens.get('exporterA') })),
  webhooks: await readJson(await stack.request('/api/webhooks', { token: tokens.get('exporterA') })),
});

const cases = ROUTES.flatMap((route) => CALLERS_OF_B.map((caller) => [route.route, caller, route] as const));

describe('chamber × role × route: chamber B cannot tell that chamber A’s records exist', () => {
  it.each(cases)('%s as %s of the other chamber', async (_name, caller, route) => {
    const token = tokens.get(caller) ?? '';
    const before = await storedA();
    const real = await route.send(baseOf(caller), token, (real) => real);
    const madeUp = await route.send(baseOf(caller), token, (_real, madeUp) => madeUp);
    expect(real.status, await real.clone().text()).toBeGreaterThanOrEqual(400);
    // 400 only where the made-up record gets the same answer (an organisation that is not there to join)
    expect([400, 403, 404]).toContain(real.status);
    expect(real.status).toBe(madeUp.status);
    expect((await readJson(real)).code).toBe((await readJson(madeUp)).code);
    expect(await storedA()).toEqual(before);
  });
});

describe("a chamber's sessions and keys count only on its own address", () => {
  const ownPaths = ['/api/me', '/api/applications', '/api/certificates', '/api/orgs', '/api/api-keys'];
  it.each(CALLERS_OF_B.flatMap((caller) => ownPaths.map((path) => [caller, path] as const)))(
    '%s on chamber A’s address: %s answers 401',
    async (caller, path) => {
      await expectProblem(await call('GET', path, tokens.get(caller) ?? ''), 401, 'UNAUTHENTICATED');
    },
  );
  it.each(['exporterA', 'staffA'] as const)('%s on chamber B’s path answers 401', async (caller) => {
    await expectProblem(
      await call('GET', `/c/${B}/api/me`, tokens.get(caller) ?? ''),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(
      await call('GET', '/c/platform/api/me', tokens.get(caller) ?? ''),
      401,
      'UNAUTHENTICATED',
    );
  });
  it('a login with chamber A’s e-mail and password on chamber B’s path fails as for an unknown account', async () => {
    const response = await stack.request(`/c/${B}/api/auth/login`, {
      json: { email: 'exporter@a.test', password: PASSWORD },
    });
    await expectProblem(response, 401, 'INVALID_CREDENTIALS');
  });
});

describe('lists show only the chamber’s own records', () => {
  it.each([
    ['staffB', '/api/applications'],
    ['exporterB', '/api/applications'],
    ['exporterB', '/api/certificates'],
    ['staffB', '/api/orgs'],
    ['adminB', '/api/users'],
  ] as const)('%s: %s holds nothing of chamber A', async (caller, path) => {
    const body = JSON.stringify(
      await readJson(await call('GET', `/c/${B}${path}`, tokens.get(caller) ?? '')),
    );
    for (const id of [
      a.draft.id,
      a.submitted.id,
      a.certificate.serial,
      a.orgId,
      a.userId,
      'exporter@a.test',
    ]) {
      expect(body).not.toContain(id);
    }
  });
});

describe('the operator', () => {
  it.each(['/api/applications', '/api/orgs', '/api/users', '/api/certificates', '/api/webhooks'])(
    'is refused %s in its own scope (403): it runs the network, not a chamber',
    async (path) => {
      await expectProblem(
        await call('GET', `/c/platform${path}`, tokens.get('operator') ?? ''),
        403,
        'FORBIDDEN',
      );
    },
  );
  it.each(['exporterB', 'staffB', 'adminB', 'apiKeyB'] as const)(
    'is the only one who may list or create chambers (%s gets 403)',
    async (caller) => {
      await expectProblem(
        await call('GET', `/c/${B}/api/chambers`, tokens.get(caller) ?? ''),
        403,
        'FORBIDDEN',
      );
      await expectProblem(await call('GET', '/api/chambers', tokens.get('staffA') ?? ''), 403, 'FORBIDDEN');
    },
  );
});
