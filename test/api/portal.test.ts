// The portal through app.request(), against DynamoDB Local and s3rver: forms without a same-site origin are
// refused, each audience has its own pages, another organisation's records answer 404, validation errors come
// back beside their fields, and the staff preview is watermarked and never sealed.
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { pdfToText } from '../support/pdf-tools.ts';
import {
  createTestStack,
  PASSWORD,
  portalLogIn,
  submittedApplication,
  type TestStack,
} from '../support/test-stack.ts';

const ORIGIN = 'http://localhost';

let stack: TestStack;

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

/** Logs in through the portal's form and returns the session cookie. */
const logIn = (email: string): Promise<string> => portalLogIn(stack, email);

const get = (path: string, cookie: string) => stack.app.request(path, { headers: { Cookie: cookie } });

const post = (path: string, cookie: string, fields: Record<string, string>, origin: string | null = ORIGIN) =>
  stack.app.request(path, {
    method: 'POST',
    headers: {
      Cookie: cookie,
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(origin ? { Origin: origin } : {}),
    },
    body: form(fields),
  });

const newDraft = async (cookie: string) => {
  const response = await post('/portal/applications', cookie, { type: 'co' });
  expect(response.status).toBe(303);
  return (response.headers.get('location') ?? '').split('/').pop() ?? '';
};

let exporterA: string;
let exporterB: string;
let staff: string;
/** A reader of org A's applications in every status (staff do not see drafts). */
const readerOfA = () => ({ userId: 'x', email: 'x', role: 'exporter' as const, orgId: stack.orgA.id });
let admin: string;

beforeAll(async () => {
  stack = await createTestStack();
  [exporterA, exporterB, staff, admin] = await Promise.all([
    logIn(stack.users.exporterA?.email ?? ''),
    logIn(stack.users.exporterB?.email ?? ''),
    logIn(stack.users.staff?.email ?? ''),
    logIn(stack.users.admin?.email ?? ''),
  ]);
});

describe('portal sessions and headers', () => {
  it('sets the session cookie HttpOnly and SameSite=Lax, and sends a CSP that allows only its own files', async () => {
    const response = await stack.app.request('/portal/login', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ email: stack.users.exporterA?.email ?? '', password: PASSWORD }),
    });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^tc_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Secure'); // the test stack's PUBLIC_BASE_URL is https://
    const page = await get('/portal/applications', exporterA);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('private, no-store');
  });

  it('refuses a wrong password with the login form again, and sends the anonymous to the login page', async () => {
    const refused = await stack.app.request('/portal/login', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ email: stack.users.exporterB?.email ?? '', password: 'wrong password' }),
    });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('role="alert"');
    const anonymous = await stack.app.request('/portal/applications');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/portal/login');
  });
});

describe('CSRF protection', () => {
  it('refuses form posts without an Origin or from another site, and changes nothing', async () => {
    const before = await stack.core.listApplications({
      actor: { userId: 'x', email: 'x', role: 'exporter', orgId: stack.orgA.id },
    });
    for (const origin of [null, 'https://evil.example']) {
      const response = await post('/portal/applications', exporterA, { type: 'co' }, origin);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('did not come from this site');
    }
    const login = await stack.app.request('/portal/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
      body: form({ email: stack.users.exporterA?.email ?? '', password: PASSWORD }),
    });
    expect(login.status).toBe(403);
    const after = await stack.core.listApplications({
      actor: { userId: 'x', email: 'x', role: 'exporter', orgId: stack.orgA.id },
    });
    expect(after.items.length).toBe(before.items.length);
  });

  it('accepts a same-origin form post told by Sec-Fetch-Site alone (a browser under no-referrer)', async () => {
    const response = await stack.app.request('/portal/applications', {
      method: 'POST',
      headers: {
        Cookie: exporterA,
        'Content-Type': 'application/x-www-form-urlencoded',
        'Sec-Fetch-Site': 'same-origin',
        Origin: 'null',
      },
      body: form({ type: 'eur1' }),
    });
    expect(response.status).toBe(303);
  });
});

describe('who may open which page', () => {
  it('refuses an exporter the staff and admin pages, and staff the exporter and admin pages', async () => {
    for (const path of [
      '/portal/queue',
      '/portal/certificates',
      '/portal/admin/users',
      '/portal/admin/keys',
    ]) {
      expect((await get(path, exporterA)).status, path).toBe(403);
    }
    for (const path of ['/portal/applications', '/portal/settings/api-keys', '/portal/admin/organisations']) {
      expect((await get(path, staff)).status, path).toBe(403);
    }
    expect((await get('/portal/queue', staff)).status).toBe(200);
    expect((await get('/portal/admin/users', admin)).status).toBe(200);
  });

  it("answers 404 for another organisation's application, document and certificate", async () => {
    const { id } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    expect((await get(`/portal/applications/${id}`, exporterA)).status).toBe(200);
    const page = await get(`/portal/applications/${id}`, exporterB);
    expect(page.status).toBe(404);
    const [attachment] = await stack.core.listAttachments({
      actor: readerOfA(),
      applicationId: id,
    });
    expect((await get(`/portal/applications/${id}/attachments/${attachment?.id}`, exporterB)).status).toBe(
      404,
    );
    expect(
      (await post(`/portal/applications/${id}/cancel`, exporterB, { version: '2', confirm: 'yes' })).status,
    ).toBe(404);
    expect((await get(`/portal/queue/${id}/preview.pdf`, exporterA)).status).toBe(403);
  });
});

describe('the application form', () => {
  it('shows each validation error beside its field, with the typed values kept', async () => {
    const id = await newDraft(exporterA);
    const response = await post(`/portal/applications/${id}`, exporterA, {
      version: '1',
      action: 'save',
      'consignee.name': 'Müller & Söhne GmbH',
      'goods.0.description': 'Cotton T-shirts',
      'goods.0.packages.count': 'ten',
      'goods.0.packages.kind': 'cartons',
      'goods.0.hsCode': '61',
      'goods.0.quantity.value': '1200',
      'goods.0.quantity.unit': 'pcs',
      'invoices.0.date': '20.11.2026',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    const errorOf = (id: string) => new RegExp(`id="${id}-error">([^<]*)<`).exec(html)?.[1];
    expect(errorOf('f-goods-0-hsCode')).toContain('HS code');
    expect(errorOf('f-goods-0-packages-count')).toBe('must be a number');
    expect(errorOf('f-invoices-0-date')).toContain('YYYY-MM-DD');
    expect(html).toMatch(/id="f-goods-0-hsCode"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="Müller &amp; Söhne GmbH"');
    expect(html).toContain('<a href="#f-goods-0-hsCode">');
  });

  it('reports the missing boxes and the missing invoice on submit, in Macedonian when asked', async () => {
    const id = await newDraft(exporterA);
    const response = await post(`/portal/applications/${id}?lang=mk`, exporterA, {
      version: '1',
      action: 'submit',
      declare: 'yes',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('lang="mk"');
    expect(html).toMatch(/id="f-consignee-name-error">е задолжително</);
    expect(html).toMatch(/id="f-originCountry-error">/);
  });

  it('imports goods lines from CSV and reports the bad rows by number', async () => {
    const id = await newDraft(exporterA);
    const body = new FormData();
    body.set('version', '1');
    body.set('action', 'import');
    body.set(
      'goodsCsv',
      new File(
        [
          'description,hs_code,packages_count,packages_kind,quantity,unit\n' +
            'Cotton T-shirts,6109.10,10,cartons,1200,pcs\n' +
            'Wool sweaters,sweaters,5,cartons,300,pcs\n',
        ],
        'goods.csv',
        { type: 'text/csv' },
      ),
    );
    const response = await stack.app.request(`/portal/applications/${id}`, {
      method: 'POST',
      headers: { Cookie: exporterA, Origin: ORIGIN },
      body,
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<tr data-row="3">');
    expect(html).toContain('<code>hs_code</code>');
    const saved = await stack.core.getApplication({
      actor: readerOfA(),
      applicationId: id,
    });
    expect(saved.data.goods).toEqual([
      {
        marks: '',
        description: 'Cotton T-shirts',
        hsCode: '6109.10',
        packages: { count: 10, kind: 'cartons' },
        quantity: { value: 1200, unit: 'pcs' },
      },
    ]);
  });
});

describe('the review screen', () => {
  it('shows staff a preview watermarked DRAFT — NOT VALID, with no seal and no verifiable QR', async () => {
    const { id } = await submittedApplication(stack, sampleCertificateOfOrigin(2));
    const page = await get(`/portal/queue/${id}`, staff);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`/portal/queue/${id}/preview.pdf`);
    const response = await get(`/portal/queue/${id}/preview.pdf`, staff);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = new Uint8Array(await response.arrayBuffer());
    const document = await PDFDocument.load(pdf);
    expect(document.getTitle()).toMatch(/^DRAFT — NOT VALID/);
    const text = await pdfToText(pdf);
    expect(text).toContain('DRAFT');
    expect(text).not.toMatch(/MK-CO-\d{4}-\d{6}/);
    const raw = Buffer.from(pdf).toString('latin1');
    expect(raw).not.toContain('/ByteRange');
    expect(raw).not.toContain('/TradecertSeal');
    const application = await stack.core.getApplication({
      actor: readerOfA(),
      applicationId: id,
    });
    expect(application.status).toBe('SUBMITTED');
  });

  it('needs a comment to request changes, and one confirmation to approve', async () => {
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    const missing = await post(`/portal/queue/${id}/review`, staff, {
      version: String(version),
      decision: 'request-changes',
      comment: '',
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('id="f-comment-error"');
    const unconfirmed = await post(`/portal/queue/${id}/approve`, staff, { version: String(version) });
    expect(unconfirmed.status).toBe(303);
    expect(
      (
        await stack.core.getApplication({
          actor: readerOfA(),
          applicationId: id,
        })
      ).status,
    ).toBe('SUBMITTED');
    const approved = await post(`/portal/queue/${id}/approve`, staff, {
      version: String(version),
      confirm: 'yes',
    });
    expect(approved.status).toBe(303);
    const issued = await stack.core.getApplication({
      actor: readerOfA(),
      applicationId: id,
    });
    expect(issued.status).toBe('ISSUED');
    const serial = issued.certificate?.serial ?? '';
    const download = await get(`/portal/certificates/${serial}/pdf`, exporterA);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${serial}.pdf"`);
    expect((await get(`/portal/certificates/${serial}/pdf`, exporterB)).status).toBe(404);
  });
});

describe('signing keys', () => {
  /** The key ids on the keys page, newest last, with the one that signs. */
  const keysPage = async () => {
    const html = await (await get('/portal/admin/keys', admin)).text();
    const rows = [...html.matchAll(/<code>([A-Za-z0-9_-]{43})<\/code><\/td><td[^>]*>([^<]*)/g)];
    return {
      html,
      kids: rows.map((row) => row[1]),
      active: rows.filter((row) => (row[2] ?? '').startsWith('Signs new')).map((row) => row[1]),
    };
  };

  it('lets an admin rotate the key with one confirmation; the old key stays listed; staff may not', async () => {
    const before = await keysPage();
    expect(before.active).toHaveLength(1);

    expect((await post('/portal/admin/keys/rotate', staff, { confirm: 'yes' })).status).toBe(403);
    expect((await post('/portal/admin/keys/rotate', admin, { confirm: 'yes' }, null)).status).toBe(403);
    const unconfirmed = await post('/portal/admin/keys/rotate', admin, {});
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('Tick the box to confirm the rotation');
    expect((await keysPage()).kids).toEqual(before.kids);

    const rotated = await post('/portal/admin/keys/rotate', admin, { confirm: 'yes' });
    expect(rotated.status).toBe(303);
    const after = await get(
      '/portal/admin/keys',
      `${admin}; ${(rotated.headers.get('set-cookie') ?? '').split(';')[0]}`,
    );
    expect(await after.text()).toContain('A new signing key is active');
    const { kids, active } = await keysPage();
    expect(kids).toEqual(expect.arrayContaining(before.kids));
    expect(kids).toHaveLength(before.kids.length + 1);
    expect(active).toHaveLength(1);
    expect(before.kids).not.toContain(active[0]);
  });
});
