// Many chambers on one deployment (docs/network.md §1–§4), through the real routing on DynamoDB Local and s3rver:
// a second chamber on the path form issues under its own serial prefix, key ring and captions; the deployment's
// verification answers for both; the operator creates chambers with their first administrator; a suspended chamber
// approves nothing; pages on the path form keep their links and cookies inside it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chamberExportOf, exportMembers, listHostedChambers } from '../../functions/cli/network-commands.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { sampleInvoicePdf } from '../fixtures/documents.ts';
import { expectProblem, issued, uploadFile } from '../support/api-fixtures.ts';
import { type Json, readJson } from '../support/json.ts';
import {
  addChamber,
  createTestStack,
  operatorLogin,
  PASSWORD,
  type TestStack,
} from '../support/test-stack.ts';

const B = 'al-chamber';
let stack: TestStack;
let chamberB: Awaited<ReturnType<typeof addChamber>>;

/** An application of chamber B's exporter, submitted with an invoice; answers its id and version. */
const submittedInB = async () => {
  const token = await chamberB.login('exporter');
  const created = await stack.request(`/c/${B}/api/applications`, {
    token,
    json: { type: 'co', data: sampleCertificateOfOrigin(1) },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = await readJson(created);
  const uploaded = await uploadFile(
    stack,
    token,
    id,
    await sampleInvoicePdf(),
    'invoice.pdf',
    'invoice',
    `/c/${B}`,
  );
  expect(uploaded.status).toBe(201);
  const submitted = await stack.request(`/c/${B}/api/applications/${id}/submit`, {
    token,
    json: { version: 1 },
  });
  expect(submitted.status, await submitted.clone().text()).toBe(200);
  return { id, version: (await readJson(submitted)).version as number };
};

beforeAll(async () => {
  stack = await createTestStack();
  chamberB = await addChamber(stack, B, { serialPrefix: 'AL', labelLanguages: ['sq', 'en'] });
});

describe('a second chamber on one deployment', () => {
  let certificate: Json;

  beforeAll(async () => {
    const application = await submittedInB();
    const approved = await stack.request(`/c/${B}/api/applications/${application.id}/approve`, {
      token: await chamberB.login('staff'),
      json: { version: application.version },
    });
    expect(approved.status, await approved.clone().text()).toBe(201);
    certificate = (await readJson(approved)).certificate;
  });

  it('issues under its own serial prefix, and its QR points at its own base URL', async () => {
    expect(certificate.serial).toMatch(/^AL-CO-\d{4}-000001$/);
    expect(certificate.verifyUrl).toBe(`https://verify.chamber.test/c/${B}/v/${certificate.code}`);
    // the first chamber's series is its own: its first certificate is number 1 too
    expect((await issued(stack)).serial).toMatch(/^MK-CO-\d{4}-000001$/);
  });

  it('prints its captions in its own label languages (sq/en)', async () => {
    const pdf = await stack.request(`/c/${B}/api/certificates/${certificate.serial}/pdf`, {
      token: await chamberB.login('exporter'),
    });
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'tradecert-network-'));
    writeFileSync(join(dir, 'b.pdf'), new Uint8Array(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'b.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain(`Chamber ${B}`);
    expect(text).toMatch(/Eksportuesi|Eksportues/);
  });

  it('signs with its own key ring, published on its own JWKS', async () => {
    const own = await readJson(await stack.request('/.well-known/jwks.json'));
    const theirs = await readJson(await stack.request(`/c/${B}/.well-known/jwks.json`));
    const kids = (set: Json) => set.keys.map((key: Json) => key.kid as string);
    expect(kids(theirs)).toHaveLength(1);
    expect(kids(own)).not.toContain(kids(theirs)[0]);
  });

  it('verifies VALID on its own path and on the deployment’s shared address', async () => {
    for (const path of [`/c/${B}/api/verify/${certificate.code}`, `/api/verify/${certificate.code}`]) {
      const body = await readJson(await stack.request(path));
      expect(body.status, path).toBe('VALID');
      expect(body.certificate.serial).toBe(certificate.serial);
      expect(body.certificate.issuer.name).toBe(`Chamber ${B}`);
    }
    const page = await stack.request(`/v/${certificate.code}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`Chamber ${B}`);
  });

  it('answers on <id>.localhost as on its path', async () => {
    const token = await chamberB.login('staff');
    const me = await stack.app.request('/api/me', {
      headers: { Host: `${B}.localhost:3000`, Authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    expect((await readJson(me)).email).toBe(`staff@${B}.test`);
  });

  it('answers 404 UNKNOWN_CHAMBER for a chamber that is not there', async () => {
    await expectProblem(await stack.request('/c/nowhere/api/me'), 404, 'UNKNOWN_CHAMBER');
    await expectProblem(await stack.request('/c/nowhere/api/verify/ABCD'), 404, 'UNKNOWN_CHAMBER');
    await expectProblem(
      await stack.app.request('/api/me', { headers: { Host: 'nowhere.localhost' } }),
      404,
      'UNKNOWN_CHAMBER',
    );
  });
});

describe('the operator', () => {
  const newChamber = (id: string, serialPrefix: string) => ({
    id,
    name: 'Chamber of Commerce of Montenegro (demo)',
    nameLocal: 'Привредна комора Црне Горе (демо)',
    country: 'ME',
    city: 'Podgorica',
    timeZone: 'Europe/Podgorica',
    serialPrefix,
    labelLanguages: ['cnr', 'en'],
    contact: {
      address: 'Novaka Miloševa 29, Podgorica',
      phone: '+382 20 230 545',
      email: 'info@me.example',
      web: 'https://me.example',
    },
    admin: { email: `admin@${id}.test`, name: 'Milica Vuković' },
  });

  it('creates a chamber and its first administrator, who must choose a password at first login', async () => {
    const token = await operatorLogin(stack);
    const created = await stack.request('/c/platform/api/chambers', {
      token,
      json: newChamber('me-chamber', 'ME'),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const body = await readJson(created);
    expect(body.chamber).toMatchObject({ id: 'me-chamber', status: 'active', version: 1 });
    expect(body.chamber.publicBaseUrl).toBe('https://verify.chamber.test/c/me-chamber');
    expect(body.initialPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const login = await stack.request('/c/me-chamber/api/auth/login', {
      json: { email: 'admin@me-chamber.test', password: body.initialPassword },
    });
    expect(login.status).toBe(200);
    const session = (await readJson(login)).token;
    await expectProblem(
      await stack.request('/c/me-chamber/api/users', { token: session }),
      403,
      'PASSWORD_CHANGE_REQUIRED',
    );
    const listed = await readJson(await stack.request('/c/platform/api/chambers', { token }));
    expect(listed.items.map((chamber: Json) => chamber.id)).toEqual(
      expect.arrayContaining(['me-chamber', B]),
    );
  });

  it('refuses a taken id, a taken serial prefix and a reserved id, storing nothing', async () => {
    const token = await operatorLogin(stack);
    const before = await readJson(await stack.request('/c/platform/api/chambers', { token }));
    const takenId = await expectProblem(
      await stack.request('/c/platform/api/chambers', { token, json: newChamber(B, 'ZZ') }),
      400,
      'VALIDATION_FAILED',
    );
    expect(takenId.errors).toEqual([expect.objectContaining({ path: 'id', code: 'already_registered' })]);
    const takenPrefix = await expectProblem(
      await stack.request('/c/platform/api/chambers', { token, json: newChamber('xk-chamber', 'AL') }),
      400,
      'VALIDATION_FAILED',
    );
    expect(takenPrefix.errors).toEqual([
      expect.objectContaining({ path: 'serialPrefix', code: 'already_registered' }),
    ]);
    await expectProblem(
      await stack.request('/c/platform/api/chambers', { token, json: newChamber('platform', 'PL') }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await readJson(await stack.request('/c/platform/api/chambers', { token }))).toEqual(before);
    await expectProblem(await stack.request('/c/xk-chamber/api/me'), 404, 'UNKNOWN_CHAMBER');
  });

  it('suspends a chamber: it approves nothing until reactivated, and the application stays as it was', async () => {
    const token = await operatorLogin(stack);
    const application = await submittedInB();
    const chamber = await readJson(await stack.request(`/c/platform/api/chambers/${B}`, { token }));
    const suspended = await stack.request(`/c/platform/api/chambers/${B}/status`, {
      token,
      json: { status: 'suspended', version: chamber.version },
    });
    expect(suspended.status, await suspended.clone().text()).toBe(200);
    await expectProblem(
      await stack.request(`/c/platform/api/chambers/${B}/status`, {
        token,
        json: { status: 'active', version: chamber.version },
      }),
      409,
      'VERSION_CONFLICT',
    );
    const staff = await chamberB.login('staff');
    await expectProblem(
      await stack.request(`/c/${B}/api/applications/${application.id}/approve`, {
        token: staff,
        json: { version: application.version },
      }),
      409,
      'CHAMBER_NOT_ACTIVE',
    );
    const after = await readJson(
      await stack.request(`/c/${B}/api/applications/${application.id}`, { token: staff }),
    );
    expect(after).toMatchObject({ status: 'SUBMITTED', version: application.version });
    const reactivated = await stack.request(`/c/platform/api/chambers/${B}/status`, {
      token,
      json: { status: 'active', version: chamber.version + 1 },
    });
    expect(reactivated.status).toBe(200);
    const approved = await stack.request(`/c/${B}/api/applications/${application.id}/approve`, {
      token: staff,
      json: { version: application.version },
    });
    expect(approved.status, await approved.clone().text()).toBe(201);
  });
});

describe('the portal on the path form', () => {
  it('keeps its form, its redirect and its session cookie under /c/<id>', async () => {
    const page = await stack.request(`/c/${B}/portal/login`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`action="/c/${B}/portal/login"`);
    expect(html).not.toMatch(/(href|action|src)="\/portal\//);
    const login = await stack.app.request(`/c/${B}/portal/login`, {
      method: 'POST',
      headers: { Origin: 'http://localhost', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: `staff@${B}.test`, password: PASSWORD }),
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('Location')).toMatch(new RegExp(`^/c/${B}/portal/`));
    expect(login.headers.get('Set-Cookie')).toMatch(new RegExp(`Path=/c/${B}/`));
    const cookie = (login.headers.get('Set-Cookie') ?? '').split(';')[0] ?? '';
    const queue = await stack.app.request(`/c/${B}/portal/queue`, { headers: { Cookie: cookie } });
    expect(queue.status).toBe(200);
    // the same cookie means nothing to the first chamber
    const elsewhere = await stack.app.request('/portal/queue', { headers: { Cookie: cookie } });
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers.get('Location')).toBe('/portal/login');
  });
});

describe("a chamber administrator's own chamber", () => {
  it('changes its contact and captions, optimistic on the version; staff may not; nothing of another chamber', async () => {
    const admin = await chamberB.login('admin');
    const own = await readJson(await stack.request(`/c/${B}/api/chamber`, { token: admin }));
    expect(own.id).toBe(B);
    const changed = await stack.request(`/c/${B}/api/chamber`, {
      method: 'PATCH',
      token: admin,
      json: { version: own.version, contact: { ...own.contact, phone: '+355 4 222 2222' } },
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect((await readJson(changed)).contact.phone).toBe('+355 4 222 2222');
    await expectProblem(
      await stack.request(`/c/${B}/api/chamber`, {
        method: 'PATCH',
        token: admin,
        json: { version: own.version, city: 'Vlorë' },
      }),
      409,
      'VERSION_CONFLICT',
    );
    await expectProblem(
      await stack.request(`/c/${B}/api/chamber`, {
        method: 'PATCH',
        token: admin,
        json: { version: own.version + 1, serialPrefix: 'XX' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      await stack.request(`/c/${B}/api/chamber`, { token: await chamberB.login('staff') }),
      403,
      'FORBIDDEN',
    );
    const first = await readJson(await stack.request('/api/chamber', { token: await stack.login('admin') }));
    expect(first.id).toBe(stack.config.issuer.id);
    expect(first.contact.phone).not.toBe('+355 4 222 2222');
  });
});

describe('the member export for the trust list', () => {
  it('lists every chamber this deployment hosts, each with its own keys', async () => {
    const hosted = await listHostedChambers(stack.config);
    expect(hosted[0]?.id).toBe(stack.config.issuer.id);
    expect(hosted.map((chamber) => chamber.id)).toContain(B);
    const members = exportMembers(
      await Promise.all(hosted.map((chamber) => chamberExportOf(stack.config, chamber))),
    );
    const theirs = members.find((member) => member.id === B);
    const published = await readJson(await stack.request(`/c/${B}/.well-known/jwks.json`));
    expect(theirs?.jwks.keys.map((key) => key.kid)).toEqual(published.keys.map((key: Json) => key.kid));
    expect(theirs?.verifyBaseUrl).toBe(`https://verify.chamber.test/c/${B}`);
  });
});
