// The walking skeleton's workflow through the HTTP API, against DynamoDB Local and s3rver.
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import {
  attachInvoice,
  createTestStack,
  submittedApplication,
  type TestStack,
} from '../support/test-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
});

const body = readJson;

describe('applying for and issuing a certificate of origin', () => {
  it('creates a draft, submits it, and issues a certificate when staff approve', async () => {
    const exporter = await stack.login('exporterA');
    const created = await stack.request('/api/applications', {
      token: exporter,
      json: { type: 'co', data: sampleCertificateOfOrigin(2) },
    });
    expect(created.status).toBe(201);
    const draft = await body(created);
    expect(draft).toMatchObject({ type: 'co', status: 'DRAFT', version: 1, orgId: stack.orgA.id });
    expect(created.headers.get('Location')).toBe(`/api/applications/${draft.id}`);

    await attachInvoice(stack.app.request, exporter, draft.id);
    const submitted = await stack.request(`/api/applications/${draft.id}/submit`, {
      token: exporter,
      json: { version: 1 },
    });
    expect(submitted.status).toBe(200);
    expect(await body(submitted)).toMatchObject({ status: 'SUBMITTED', version: 2 });

    const approved = await stack.request(`/api/applications/${draft.id}/approve`, {
      token: await stack.login('staff'),
      json: { version: 2 },
    });
    expect(approved.status).toBe(201);
    const { status, certificate } = await body(approved);
    expect(status).toBe('ISSUED');
    expect(certificate.serial).toMatch(/^MK-CO-\d{4}-000001$/);
    expect(certificate.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(certificate.verifyUrl).toBe(`https://verify.chamber.test/v/${certificate.code}`);
    expect(certificate.sha256).toMatch(/^[0-9a-f]{64}$/);

    const application = await body(await stack.request(`/api/applications/${draft.id}`, { token: exporter }));
    expect(application).toMatchObject({
      status: 'ISSUED',
      version: 4,
      certificate: { serial: certificate.serial },
    });

    const pdf = await stack.request(`/api/certificates/${certificate.serial}/pdf`, { token: exporter });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(certificate.sha256);
  });

  it('accepts an incomplete draft but refuses to submit it, naming the missing fields and invoice at once', async () => {
    const exporter = await stack.login('exporterA');
    const created = await stack.request('/api/applications', {
      token: exporter,
      json: { type: 'co', data: { originCountry: 'MK' } },
    });
    expect(created.status).toBe(201);
    const { id } = await body(created);
    const refused = await stack.request(`/api/applications/${id}/submit`, {
      token: exporter,
      json: { version: 1 },
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('Content-Type')).toBe('application/problem+json');
    const problem = await body(refused);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['data.consignee.name', 'data.goods', 'data.invoices', 'attachments']),
    );
    const unchanged = await body(await stack.request(`/api/applications/${id}`, { token: exporter }));
    expect(unchanged).toMatchObject({ status: 'DRAFT', version: 1 });
  });

  it('lets staff narrow the queue to one exporter, oldest first, and never shows an exporter another one', async () => {
    const submitAs = async (who: 'exporterA' | 'exporterB') => {
      const token = await stack.login(who);
      const created = await stack.request('/api/applications', {
        token,
        json: { type: 'co', data: sampleCertificateOfOrigin(1) },
      });
      const { id } = await body(created);
      await attachInvoice(stack.app.request, token, id);
      expect(
        (await stack.request(`/api/applications/${id}/submit`, { token, json: { version: 1 } })).status,
      ).toBe(200);
      return id as string;
    };
    const a1 = await submitAs('exporterA');
    const b1 = await submitAs('exporterB');
    const a2 = await submitAs('exporterA');
    const list = async (who: 'staff' | 'exporterB', query: string) => {
      const response = await stack.request(`/api/applications?${query}`, { token: await stack.login(who) });
      expect(response.status).toBe(200);
      return ((await body(response)).items as { id: string; orgId: string; status: string }[]) ?? [];
    };

    const ofA = await list('staff', `orgId=${stack.orgA.id}&limit=100`);
    expect(ofA.every((item) => item.orgId === stack.orgA.id && item.status === 'SUBMITTED')).toBe(true);
    const ids = ofA.map((item) => item.id);
    expect(ids).not.toContain(b1);
    expect(ids.indexOf(a1)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(a1)).toBeLessThan(ids.indexOf(a2));

    const probing = await list('exporterB', `orgId=${stack.orgA.id}&limit=100`);
    expect(probing.map((item) => item.id)).toContain(b1);
    expect(probing.every((item) => item.orgId === stack.orgB.id)).toBe(true);

    const bad = await stack.request('/api/applications?orgId=not-an-id', {
      token: await stack.login('staff'),
    });
    expect(bad.status).toBe(400);
  });

  it('refuses malformed data with field-level errors and stores nothing', async () => {
    const exporter = await stack.login('exporterA');
    const data = { ...sampleCertificateOfOrigin(1), originCountry: 'XX', unexpected: true };
    const refused = await stack.request('/api/applications', { token: exporter, json: { type: 'co', data } });
    expect(refused.status).toBe(400);
    const problem = await body(refused);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['data.originCountry', 'data']),
    );
  });

  it('answers a body that is not JSON with 400 MALFORMED_REQUEST', async () => {
    const response = await stack.app.request('/api/applications', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await stack.login('exporterA')}`,
      },
      body: '{"type": "co", ',
    });
    expect(response.status).toBe(400);
    expect((await body(response)).code).toBe('MALFORMED_REQUEST');
  });

  it('answers JSON that is not valid UTF-8 with 400 MALFORMED_REQUEST, with or without an idempotency key', async () => {
    const token = await stack.login('exporterA');
    const invalid = Buffer.concat([
      Buffer.from('{"type":"co","data":{"remarks":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}}'),
    ]);
    for (const key of [undefined, 'utf8-check-1']) {
      const response = await stack.app.request('/api/applications', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
          ...(key ? { 'Idempotency-Key': key } : {}),
        },
        body: invalid,
      });
      expect(response.status).toBe(400);
      expect((await body(response)).code).toBe('MALFORMED_REQUEST');
    }
    const valid = await stack.app.request('/api/applications', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
        'Idempotency-Key': 'utf8-check-2',
      },
      body: JSON.stringify({ type: 'co', data: { remarks: 'Ç ë š — valid' } }),
    });
    expect(valid.status).toBe(201);
  });

  it('refuses a stale version with 409 VERSION_CONFLICT and leaves the application as it was', async () => {
    const { id } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    const response = await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login('staff'),
      json: { version: 1 },
    });
    expect(response.status).toBe(409);
    expect((await body(response)).code).toBe('VERSION_CONFLICT');
    const stored = await body(
      await stack.request(`/api/applications/${id}`, { token: await stack.login('staff') }),
    );
    expect(stored).toMatchObject({ status: 'SUBMITTED', version: 2 });
  });

  // staff cannot see another organisation's draft (docs/security.md, "Who sees drafts"): a 409 would say it exists
  it('refuses to approve a draft with 404 NOT_FOUND', async () => {
    const exporter = await stack.login('exporterA');
    const { id } = await body(
      await stack.request('/api/applications', {
        token: exporter,
        json: { type: 'co', data: sampleCertificateOfOrigin(1) },
      }),
    );
    const response = await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login('staff'),
      json: { version: 1 },
    });
    expect(response.status).toBe(404);
    expect((await body(response)).code).toBe('NOT_FOUND');
  });
});

describe('who may do what', () => {
  it('answers 401 without a session', async () => {
    const response = await stack.request('/api/applications', { json: { type: 'co', data: {} } });
    expect(response.status).toBe(401);
    expect((await body(response)).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong password with 401 INVALID_CREDENTIALS', async () => {
    const response = await stack.request('/api/auth/login', {
      json: { email: 'exporter@a.test', password: 'wrong' },
    });
    expect(response.status).toBe(401);
    expect((await body(response)).code).toBe('INVALID_CREDENTIALS');
  });

  it('sets an HttpOnly session cookie at login that authenticates later requests', async () => {
    const response = await stack.request('/api/auth/login', {
      json: { email: 'exporter@a.test', password: 'correct horse battery staple' },
    });
    const cookie = response.headers.get('Set-Cookie') ?? '';
    expect(cookie).toMatch(/^tc_session=[A-Za-z0-9_-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const me = await stack.request('/api/me', { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(me.status).toBe(200);
    expect(await body(me)).toMatchObject({
      email: 'exporter@a.test',
      role: 'exporter',
      orgId: stack.orgA.id,
    });
  });

  it('does not let an exporter approve (403)', async () => {
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    const response = await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login('exporterA'),
      json: { version },
    });
    expect(response.status).toBe(403);
    expect((await body(response)).code).toBe('FORBIDDEN');
  });

  it('does not let staff create applications (403)', async () => {
    const response = await stack.request('/api/applications', {
      token: await stack.login('staff'),
      json: { type: 'co', data: {} },
    });
    expect(response.status).toBe(403);
  });

  it("answers 404 for another organisation's application and certificate", async () => {
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    const other = await stack.login('exporterB');
    const read = await stack.request(`/api/applications/${id}`, { token: other });
    expect(read.status).toBe(404);
    expect((await body(read)).code).toBe('NOT_FOUND');
    const submit = await stack.request(`/api/applications/${id}/submit`, { token: other, json: { version } });
    expect(submit.status).toBe(404);

    const approved = await body(
      await stack.request(`/api/applications/${id}/approve`, {
        token: await stack.login('staff'),
        json: { version },
      }),
    );
    const pdf = await stack.request(`/api/certificates/${approved.certificate.serial}/pdf`, { token: other });
    expect(pdf.status).toBe(404);
    const meta = await stack.request(`/api/certificates/${approved.certificate.serial}`, { token: other });
    expect(meta.status).toBe(404);
    const own = await stack.request(`/api/certificates/${approved.certificate.serial}`, {
      token: await stack.login('exporterA'),
    });
    expect(own.status).toBe(200);
  });
});
