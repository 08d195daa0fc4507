// Who may call which route (docs/architecture.md §5): every route × every kind of caller, with the status each must get.
// Anonymous callers get 401; another organisation's records answer 404, never 403; a role that may not take an
// action gets 403. Routes that change state get a fresh record for every caller.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCertificateRepository } from '../../functions/adapters/dynamodb/certificate-repository.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { PNG_1X1 } from '../fixtures/documents.ts';
import {
  applicationIn,
  createApiKey,
  createDraft,
  expectProblem,
  firstLogin,
  freshLogin,
  type IssuedApplication,
  issued,
  type Stored,
  submitted,
} from '../support/api-fixtures.ts';
import { type Json, readJson } from '../support/json.ts';
import { createTestStack, PASSWORD, type TestStack } from '../support/test-stack.ts';

const CALLERS = ['anonymous', 'exporterA', 'exporterB', 'staff', 'admin', 'apiKeyA'] as const;
type Caller = (typeof CALLERS)[number];
type Person = Exclude<Caller, 'anonymous' | 'apiKeyA'>;

let stack: TestStack;
const tokens = new Map<Caller, string | undefined>();
let shared: {
  draft: Stored;
  attachmentId: string;
  submitted: Stored;
  submittedAttachmentId: string;
  certificate: IssuedApplication;
  jws: string;
};

beforeAll(async () => {
  stack = await createTestStack();
  for (const person of ['exporterA', 'exporterB', 'staff', 'admin'] as const) {
    tokens.set(person, await stack.login(person));
  }
  tokens.set('anonymous', undefined);
  tokens.set('apiKeyA', (await createApiKey(stack, await stack.login('exporterA'))).secret);
  const draft = await createDraft(stack);
  const attachments = await readJson(
    await stack.request(`/api/applications/${draft.id}/attachments`, { token: tokens.get('exporterA') }),
  );
  const inReview = await submitted(stack);
  const submittedAttachments = await readJson(
    await stack.request(`/api/applications/${inReview.id}/attachments`, { token: tokens.get('exporterA') }),
  );
  const certificate = await issued(stack);
  const stored = await createCertificateRepository(stack.db, stack.config.tableName).findByCode(
    stack.config.issuer.id,
    certificate.code,
  );
  shared = {
    draft,
    attachmentId: attachments.items[0].id,
    submitted: inReview,
    submittedAttachmentId: submittedAttachments.items[0].id,
    certificate,
    jws: stored?.jws ?? '',
  };
});

const as = (token: string | undefined) => ({ token });
const admin = () => stack.login('admin');
const exporterA = () => stack.login('exporterA');

const freshOrg = async (): Promise<string> => {
  const response = await stack.request('/api/orgs', {
    token: await admin(),
    json: {
      name: 'Охридски Бисер ДОО',
      address: { street: 'Кеј Македонија 1', city: 'Охрид', country: 'MK' },
    },
  });
  return (await readJson(response)).id;
};

const freshUser = async (): Promise<string> => {
  const response = await stack.request('/api/users', {
    token: await admin(),
    json: {
      email: `${randomUUID()}@a.test`,
      name: 'Ана Петровска',
      role: 'exporter',
      orgId: stack.orgA.id,
      password: PASSWORD,
    },
  });
  return (await readJson(response)).id;
};

const attachmentOf = async (draft: Stored): Promise<string> => {
  const list = await readJson(
    await stack.request(`/api/applications/${draft.id}/attachments`, { token: await exporterA() }),
  );
  return list.items[0].id;
};

const review = (comment: string) => (version: number) => ({ version, comment });

interface RouteRow {
  route: string;
  send: (token: string | undefined, caller: Caller) => Response | Promise<Response>;
  expected: Record<Caller, number>;
  /** The code of this route's 403 when it is not FORBIDDEN (a submit without a signatory). */
  forbiddenCode?: string;
}

/** One row of the matrix, statuses in the order of CALLERS: anonymous, exporterA, exporterB, staff, admin, apiKeyA. */
const row = (
  route: string,
  statuses: [number, number, number, number, number, number],
  send: RouteRow['send'],
  forbiddenCode?: string,
): RouteRow => ({
  route,
  send,
  ...(forbiddenCode ? { forbiddenCode } : {}),
  expected: Object.fromEntries(CALLERS.map((caller, index) => [caller, statuses[index]])) as Record<
    Caller,
    number
  >,
});

const transition =
  (
    action: string,
    fixture: () => Promise<Stored>,
    body: (version: number) => Json = (version) => ({ version }),
  ) =>
  async (token: string | undefined) => {
    const application = await fixture();
    return stack.request(`/api/applications/${application.id}/${action}`, {
      ...as(token),
      json: body(application.version),
    });
  };

//                                                            anon  A    B    staff admin key
const ROUTES: RouteRow[] = [
  row('POST /api/auth/login', [200, 200, 200, 200, 200, 200], (token) =>
    stack.request('/api/auth/login', {
      ...as(token),
      json: { email: 'exporter@a.test', password: PASSWORD },
    }),
  ),
  // Logging out is idempotent: without a session it only clears the cookie.
  row('POST /api/auth/logout', [204, 204, 204, 204, 204, 204], async (token, caller) => {
    const own = caller === 'anonymous' || caller === 'apiKeyA' ? token : await sessionOf(caller);
    return stack.request('/api/auth/logout', { ...as(own), method: 'POST' });
  }),
  row('GET /api/me', [401, 200, 200, 200, 200, 200], (token) => stack.request('/api/me', as(token))),

  row('POST /api/orgs', [401, 403, 403, 403, 201, 403], (token) =>
    stack.request('/api/orgs', {
      ...as(token),
      json: {
        name: 'Вардар Вино ДООЕЛ',
        address: { street: 'Илинденска 4', city: 'Кавадарци', country: 'MK' },
      },
    }),
  ),
  row('GET /api/orgs', [401, 403, 403, 200, 200, 403], (token) => stack.request('/api/orgs', as(token))),
  row('POST /api/orgs/:id/disable', [401, 403, 403, 403, 200, 403], async (token) =>
    stack.request(`/api/orgs/${await freshOrg()}/disable`, { ...as(token), method: 'POST' }),
  ),
  row('POST /api/orgs/:id/enable', [401, 403, 403, 403, 200, 403], async (token) =>
    stack.request(`/api/orgs/${await freshOrg()}/enable`, { ...as(token), method: 'POST' }),
  ),
  row('POST /api/users (role staff)', [401, 403, 403, 403, 201, 403], (token) =>
    stack.request('/api/users', {
      ...as(token),
      json: {
        email: `${randomUUID()}@chamber.test`,
        name: 'Марко Стојанов',
        role: 'staff',
        password: PASSWORD,
      },
    }),
  ),
  row('GET /api/users', [401, 403, 403, 403, 200, 403], (token) => stack.request('/api/users', as(token))),
  row('POST /api/users/:id/disable', [401, 403, 403, 403, 200, 403], async (token) =>
    stack.request(`/api/users/${await freshUser()}/disable`, { ...as(token), method: 'POST' }),
  ),
  row('POST /api/users/:id/enable', [401, 403, 403, 403, 200, 403], async (token) =>
    stack.request(`/api/users/${await freshUser()}/enable`, { ...as(token), method: 'POST' }),
  ),
  // exporter A is no organisation admin; test/api/signatories.test.ts has the organisation admin's rows
  row('POST /api/users/:id/signatory', [401, 403, 403, 403, 200, 403], async (token) =>
    stack.request(`/api/users/${await freshUser()}/signatory`, {
      ...as(token),
      json: { fullName: 'Ана Петровска', function: 'Управител' },
    }),
  ),
  row('DELETE /api/users/:id/signatory', [401, 403, 403, 403, 200, 403], async (token) =>
    stack.request(`/api/users/${await freshUser()}/signatory`, { ...as(token), method: 'DELETE' }),
  ),

  row('POST /api/api-keys', [401, 201, 201, 403, 403, 403], (token) =>
    stack.request('/api/api-keys', { ...as(token), json: { name: 'SAP Business One' } }),
  ),
  row('GET /api/api-keys', [401, 200, 200, 403, 403, 403], (token) =>
    stack.request('/api/api-keys', as(token)),
  ),
  row('DELETE /api/api-keys/:id (a key of org A)', [401, 200, 404, 403, 403, 403], async (token) => {
    const key = await createApiKey(stack, await exporterA());
    return stack.request(`/api/api-keys/${key.id}`, { ...as(token), method: 'DELETE' });
  }),

  row('POST /api/applications', [401, 201, 201, 403, 403, 201], (token) =>
    stack.request('/api/applications', {
      ...as(token),
      json: { type: 'co', data: sampleCertificateOfOrigin(1) },
    }),
  ),
  row('GET /api/applications', [401, 200, 200, 200, 200, 200], (token) =>
    stack.request('/api/applications', as(token)),
  ),
  // A draft is private to its organisation until it is submitted (docs/security.md, "Who sees drafts").
  row('GET /api/applications/:id (a draft)', [401, 200, 404, 404, 404, 200], (token) =>
    stack.request(`/api/applications/${shared.draft.id}`, as(token)),
  ),
  row('GET /api/applications/:id (submitted)', [401, 200, 404, 200, 200, 200], (token) =>
    stack.request(`/api/applications/${shared.submitted.id}`, as(token)),
  ),
  // Exporter actions load the application first: staff and admins cannot see a draft, so they get 404 for it.
  row('PATCH /api/applications/:id', [401, 200, 404, 404, 404, 200], async (token) => {
    const draft = await createDraft(stack, { withInvoice: false });
    return stack.request(`/api/applications/${draft.id}`, {
      ...as(token),
      method: 'PATCH',
      json: { version: draft.version, data: sampleCertificateOfOrigin(2) },
    });
  }),
  row('PATCH /api/applications/:id (returned for changes)', [401, 200, 404, 403, 403, 200], async (token) => {
    const returned = await applicationIn(stack, 'CHANGES_REQUESTED');
    return stack.request(`/api/applications/${returned.id}`, {
      ...as(token),
      method: 'PATCH',
      json: { version: returned.version, data: sampleCertificateOfOrigin(2) },
    });
  }),
  // submitting signs the exporter's declaration: exporter A is a signatory, the key is bound to none
  row(
    'POST /api/applications/:id/submit',
    [401, 200, 404, 404, 404, 403],
    transition('submit', () => createDraft(stack)),
    'SIGNATORY_REQUIRED',
  ),
  row(
    'POST /api/applications/:id/cancel',
    [401, 200, 404, 404, 404, 200],
    transition('cancel', () => createDraft(stack, { withInvoice: false })),
  ),
  // Staff actions check the role before loading anything, so an exporter gets 403 whatever the id: no oracle.
  row(
    'POST /api/applications/:id/request-changes',
    [401, 403, 403, 200, 403, 403],
    transition('request-changes', () => submitted(stack), review('Box 6: describe the goods.')),
  ),
  row(
    'POST /api/applications/:id/reject',
    [401, 403, 403, 200, 403, 403],
    transition('reject', () => submitted(stack), review('Not of preferential origin.')),
  ),
  row(
    'POST /api/applications/:id/approve',
    [401, 403, 403, 201, 403, 403],
    transition('approve', () => submitted(stack)),
  ),
  row('GET /api/applications/:id/events (a draft)', [401, 200, 404, 404, 404, 200], (token) =>
    stack.request(`/api/applications/${shared.draft.id}/events`, as(token)),
  ),
  row('GET /api/applications/:id/events (submitted)', [401, 200, 404, 200, 200, 200], (token) =>
    stack.request(`/api/applications/${shared.submitted.id}/events`, as(token)),
  ),
  row('POST /api/applications/:id/attachments', [401, 201, 404, 404, 404, 201], async (token) => {
    const draft = await createDraft(stack, { withInvoice: false });
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    const form = new FormData();
    form.set('file', new File([PNG_1X1 as Uint8Array<ArrayBuffer>], 'stamp.png'));
    return stack.app.request(`/api/applications/${draft.id}/attachments`, {
      method: 'POST',
      headers,
      body: form,
    });
  }),
  row('GET /api/applications/:id/attachments (a draft)', [401, 200, 404, 404, 404, 200], (token) =>
    stack.request(`/api/applications/${shared.draft.id}/attachments`, as(token)),
  ),
  row('GET /api/applications/:id/attachments (submitted)', [401, 200, 404, 200, 200, 200], (token) =>
    stack.request(`/api/applications/${shared.submitted.id}/attachments`, as(token)),
  ),
  row(
    'GET /api/applications/:id/attachments/:attachmentId (a draft)',
    [401, 200, 404, 404, 404, 200],
    (token) =>
      stack.request(`/api/applications/${shared.draft.id}/attachments/${shared.attachmentId}`, as(token)),
  ),
  row(
    'GET /api/applications/:id/attachments/:attachmentId (submitted)',
    [401, 200, 404, 200, 200, 200],
    (token) =>
      stack.request(
        `/api/applications/${shared.submitted.id}/attachments/${shared.submittedAttachmentId}`,
        as(token),
      ),
  ),
  row(
    'DELETE /api/applications/:id/attachments/:attachmentId',
    [401, 204, 404, 404, 404, 204],
    async (token) => {
      const draft = await createDraft(stack);
      return stack.request(`/api/applications/${draft.id}/attachments/${await attachmentOf(draft)}`, {
        ...as(token),
        method: 'DELETE',
      });
    },
  ),

  row('GET /api/certificates', [401, 200, 200, 403, 403, 200], (token) =>
    stack.request('/api/certificates', as(token)),
  ),
  row('GET /api/certificates/:serial', [401, 200, 404, 200, 200, 200], (token) =>
    stack.request(`/api/certificates/${shared.certificate.serial}`, as(token)),
  ),
  row('GET /api/certificates/:serial/pdf', [401, 200, 404, 200, 200, 200], (token) =>
    stack.request(`/api/certificates/${shared.certificate.serial}/pdf`, as(token)),
  ),

  row('POST /api/certificates/:serial/revoke', [401, 403, 403, 200, 403, 403], async (token) => {
    const certificate = await issued(stack);
    return stack.request(`/api/certificates/${certificate.serial}/revoke`, {
      ...as(token),
      json: { reason: 'issued-in-error' },
    });
  }),
  // a certificate has one open replacement at a time: each caller replaces a fresh one
  row('POST /api/certificates/:serial/replace', [401, 201, 404, 201, 403, 201], async (token) => {
    const certificate = await issued(stack);
    return stack.request(`/api/certificates/${certificate.serial}/replace`, { ...as(token), method: 'POST' });
  }),

  row('POST /api/webhooks', [401, 201, 201, 403, 403, 201], (token) =>
    stack.request('/api/webhooks', {
      ...as(token),
      json: { url: 'https://erp.example.com/hooks/tradecert' },
    }),
  ),
  row('GET /api/webhooks', [401, 200, 200, 403, 403, 200], (token) =>
    stack.request('/api/webhooks', as(token)),
  ),
  row('GET /api/webhooks/deliveries', [401, 200, 200, 403, 403, 200], (token) =>
    stack.request('/api/webhooks/deliveries', as(token)),
  ),
  row('DELETE /api/webhooks/:id (a webhook of org A)', [401, 200, 404, 403, 403, 200], async (token) => {
    const created = await stack.request('/api/webhooks', {
      token: await exporterA(),
      json: { url: 'https://erp.example.com/hooks/revocable' },
    });
    const { id } = await readJson(created);
    return stack.request(`/api/webhooks/${id}`, { ...as(token), method: 'DELETE' });
  }),

  row('GET /api/verify/:code (public)', [200, 200, 200, 200, 200, 200], (token) =>
    stack.request(`/api/verify/${shared.certificate.code}`, as(token)),
  ),
  row('POST /api/verify/jws (public)', [200, 200, 200, 200, 200, 200], (token) =>
    stack.request('/api/verify/jws', { ...as(token), json: { jws: shared.jws } }),
  ),
];

/** A session of its own for a person, so that logging it out does not end the suite's cached session. */
const sessionOf = (caller: Person) => freshLogin(stack, stack.users[caller]?.email ?? '', PASSWORD);

const PROBLEM_CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

const why = (caller: Caller, status: number): string => {
  if (status < 300) return 'allowed';
  if (status === 401) return 'no session';
  if (status === 404) return "another organisation's record, or a draft, is hidden";
  return `${caller === 'apiKeyA' ? 'an API key' : 'this role'} may not`;
};

const cases = ROUTES.flatMap((entry) =>
  CALLERS.map(
    (caller) =>
      [
        entry.route,
        caller,
        entry.expected[caller],
        why(caller, entry.expected[caller]),
        entry.send,
        entry.expected[caller] === 403 && entry.forbiddenCode ? entry.forbiddenCode : undefined,
      ] as const,
  ),
);

describe('authorization matrix: every route × every caller', () => {
  it.each(cases)('%s as %s answers %i (%s)', async (_route, caller, status, _why, send, code) => {
    const response = await send(tokens.get(caller), caller);
    if (status >= 400) {
      await expectProblem(response, status, code ?? PROBLEM_CODES[status]);
    } else {
      expect(response.status, await response.clone().text()).toBe(status);
    }
  });
});

describe('another organisation cannot tell whether a record exists', () => {
  const probes = [
    ['GET', ''],
    ['GET', '/events'],
    ['GET', '/attachments'],
    ['POST', '/submit'],
    ['POST', '/cancel'],
    ['POST', '/approve'],
    ['POST', '/reject'],
  ] as const;

  it.each(probes)(
    'exporter B gets the same answer from %s /api/applications/:id%s for org A’s application as for a non-existent one',
    async (method, suffix) => {
      const path = (id: string) => `/api/applications/${id}${suffix}`;
      const token = await stack.login('exporterB');
      const init = method === 'GET' ? { token } : { token, json: { version: 1, comment: 'x' } };
      const theirs = await stack.request(path(shared.draft.id), init);
      const nobodys = await stack.request(path(randomUUID()), init);
      expect(theirs.status).toBe(nobodys.status);
      expect((await readJson(theirs)).code).toBe((await readJson(nobodys)).code);
    },
  );

  it("answers 404 for another organisation's certificate exactly as for an unknown serial", async () => {
    const token = await stack.login('exporterB');
    const theirs = await stack.request(`/api/certificates/${shared.certificate.serial}`, { token });
    const unknown = await stack.request(`/api/certificates/${shared.certificate.serial}9`, { token });
    await expectProblem(theirs, 404, 'NOT_FOUND');
    await expectProblem(unknown, 404, 'NOT_FOUND');
  });
});

describe("an exporter organisation's admin", () => {
  let orgAdmin: string;

  beforeAll(async () => {
    const email = `org-admin-${randomUUID()}@a.test`;
    const created = await stack.request('/api/users', {
      token: await admin(),
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
    expect(await readJson(created)).toMatchObject({ orgAdmin: true, orgId: stack.orgA.id, role: 'exporter' });
    orgAdmin = await firstLogin(stack, email, PASSWORD);
  });

  const invite = (extra: Json) =>
    stack.request('/api/users', {
      token: orgAdmin,
      json: { email: `${randomUUID()}@a.test`, name: 'Нов Колега', password: PASSWORD, ...extra },
    });

  it.each([
    ['an exporter of org A', 201, 'exporter', 'A'],
    ['an exporter without naming the org (it defaults to org A)', 201, 'exporter', undefined],
    ['a staff member', 403, 'staff', undefined],
    ['an admin', 403, 'admin', undefined],
    ['an exporter of org B', 404, 'exporter', 'B'],
  ] as const)('inviting %s answers %i', async (_what, status, role, org) => {
    const orgId = org === undefined ? undefined : org === 'A' ? stack.orgA.id : stack.orgB.id;
    const response = await invite({ role, ...(orgId ? { orgId } : {}) });
    if (status === 201) {
      expect(response.status).toBe(201);
      expect(await readJson(response)).toMatchObject({
        role: 'exporter',
        orgId: stack.orgA.id,
        orgAdmin: false,
      });
    } else {
      await expectProblem(response, status, status === 403 ? 'FORBIDDEN' : 'NOT_FOUND');
    }
  });

  it('sees only the people of its own organisation in GET /api/users', async () => {
    const response = await stack.request('/api/users', { token: orgAdmin });
    expect(response.status).toBe(200);
    const { items } = await readJson(response);
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((user: Json) => user.orgId))).toEqual(new Set([stack.orgA.id]));
    const ofOrgB = await readJson(
      await stack.request(`/api/users?orgId=${stack.orgB.id}`, { token: orgAdmin }),
    );
    expect(ofOrgB.items).toEqual([]);
  });

  it.each([
    ['POST /api/orgs', '/api/orgs', { name: 'X', address: { street: 'X 1', city: 'X', country: 'MK' } }],
    ['POST /api/users/:id/disable', '/users/disable', undefined],
  ] as const)('is refused %s with 403', async (_route, path, json) => {
    const target = path === '/users/disable' ? `/api/users/${await freshUser()}/disable` : path;
    const response = await stack.request(target, {
      token: orgAdmin,
      method: 'POST',
      ...(json ? { json } : {}),
    });
    await expectProblem(response, 403, 'FORBIDDEN');
  });

  it('is an ordinary exporter for POST /api/users when not an org admin (403)', async () => {
    const response = await stack.request('/api/users', {
      token: await exporterA(),
      json: { email: `${randomUUID()}@a.test`, name: 'X', role: 'exporter', password: PASSWORD },
    });
    await expectProblem(response, 403, 'FORBIDDEN');
  });

  it('may not invite colleagues through an API key of the organisation (403)', async () => {
    const response = await stack.request('/api/users', {
      token: tokens.get('apiKeyA'),
      json: { email: `${randomUUID()}@a.test`, name: 'X', role: 'exporter', password: PASSWORD },
    });
    await expectProblem(response, 403, 'FORBIDDEN');
  });
});
