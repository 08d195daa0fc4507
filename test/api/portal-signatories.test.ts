// The exporter's declaration in the portal (docs/legal.md §8): the signatory reads the declaration of the
// certificate type in their language and ticks the box that signs it; a colleague who may not sign is told why
// and whom to ask, and cannot submit; staff see who declared, in what function, where and when.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { sampleMovementCertificate } from '../fixtures/movement-certificate-eur1.ts';
import { CHOSEN_PASSWORD, createDraft, firstLogin } from '../support/api-fixtures.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, portalLogIn, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let exporter: string;
let colleague: { cookie: string; token: string };

const get = (path: string, cookie: string) => stack.app.request(path, { headers: { Cookie: cookie } });

const post = (path: string, cookie: string, fields: Record<string, string>) =>
  stack.app.request(path, {
    method: 'POST',
    headers: {
      Cookie: cookie,
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: 'http://localhost',
    },
    body: new URLSearchParams(fields),
  });

/** The data as the form posts it: `consignee.name`, `goods.0.quantity.value`, numbers as text. */
const formFields = (value: unknown, prefix = ''): Record<string, string> => {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object') return { [prefix]: String(value) };
  return Object.entries(value).reduce<Record<string, string>>(
    (fields, [key, inner]) => Object.assign(fields, formFields(inner, prefix ? `${prefix}.${key}` : key)),
    {},
  );
};

const statusOf = async (id: string, token: string) =>
  (await readJson(await stack.request(`/api/applications/${id}`, { token }))).status;

beforeAll(async () => {
  stack = await createTestStack();
  exporter = await portalLogIn(stack, stack.users.exporterA?.email ?? '');
  const email = `${randomUUID().slice(0, 8)}@a.test`;
  const created = await readJson(
    await stack.request('/api/users', {
      token: await stack.login('admin'),
      json: { email, name: 'Јована Трајковска', role: 'exporter', orgId: stack.orgA.id },
    }),
  );
  const token = await firstLogin(stack, email, created.initialPassword);
  colleague = { token, cookie: await portalLogIn(stack, email, CHOSEN_PASSWORD) };
});

describe('the declaration on the submit page', () => {
  it("shows a signatory the certificate of origin's declaration in Macedonian, and the box that signs it", async () => {
    const { id } = await createDraft(stack);
    const html = await (await get(`/portal/applications/${id}?lang=mk`, exporter)).text();
    expect(html).toContain('Изјава на извозникот');
    expect(html).toContain('потекнуваат од земјата наведена во рубрика 3');
    expect(html).toMatch(/<input type="checkbox" name="declare" value="yes" form="application-form"/);
    expect(html).toContain('Го изјавувам ова, потпишувајќи електронски како Ана Петровска, Управител.');
    expect(html).toContain('name="action" value="submit"');
  });

  it("shows the EUR.1 declaration in Albanian, which differs from the certificate of origin's", async () => {
    const eur1 = await createDraft(stack, { type: 'eur1', data: sampleMovementCertificate(1) });
    const co = await createDraft(stack);
    const eur1Page = await (await get(`/portal/applications/${eur1.id}?lang=sq`, exporter)).text();
    const coPage = await (await get(`/portal/applications/${co.id}?lang=sq`, exporter)).text();
    const eur1Text = 'plotësojnë kushtet e kërkuara për lëshimin e kësaj certifikate';
    expect(eur1Page).toContain(eur1Text);
    expect(eur1Page).toContain(
      'E deklaroj këtë, duke nënshkruar elektronikisht si Ана Петровска, Управител.',
    );
    expect(coPage).not.toContain(eur1Text);
    expect(coPage).toContain('e kanë origjinën në vendin e treguar në kutinë 3');
  });

  it('refuses a submit without the ticked box: nothing is stored, the box is flagged with the other problems', async () => {
    const { id } = await createDraft(stack, { data: {} });
    const fields = { ...formFields(sampleCertificateOfOrigin(1)), 'consignee.name': '' };
    const refused = await post(`/portal/applications/${id}`, exporter, {
      version: '1',
      action: 'submit',
      ...fields,
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Tick the box to sign the declaration');
    expect(html).toContain('href="#f-declare"');
    expect(html).toMatch(/id="f-consignee-name-error"/);
    expect(await statusOf(id, await stack.login('exporterA'))).toBe('DRAFT');
    const { items } = await readJson(
      await stack.request(`/api/applications/${id}/events`, { token: await stack.login('exporterA') }),
    );
    expect(items.map((event: { action: string }) => event.action)).toEqual(['create', 'attach']);
  });

  it('submits with the ticked box and records the declaration, shown in the history', async () => {
    const { id } = await createDraft(stack, { data: {} });
    const fields = formFields(sampleCertificateOfOrigin(1));
    const response = await post(`/portal/applications/${id}`, exporter, {
      version: '1',
      action: 'submit',
      declare: 'yes',
      ...fields,
    });
    expect(response.status, await response.clone().text()).toBe(303);
    const application = await readJson(
      await stack.request(`/api/applications/${id}`, { token: await stack.login('exporterA') }),
    );
    expect(application).toMatchObject({
      status: 'SUBMITTED',
      declaration: { name: 'Ана Петровска', function: 'Управител', place: 'Скопје' },
    });
    const page = await (await get(`/portal/applications/${id}`, exporter)).text();
    expect(page).toMatch(
      /data-declaration[^>]*>Declared electronically by Ана Петровска, Управител, at Скопје on /,
    );
  });
});

describe('a colleague who is not a signatory', () => {
  it('is told why they cannot submit and who in the organisation can, in their language, without a Submit button', async () => {
    const { id } = await createDraft(stack, { token: colleague.token });
    const html = await (await get(`/portal/applications/${id}?lang=mk`, colleague.cookie)).text();
    expect(html).toContain('id="not-signatory"');
    expect(html).toContain('Само овластен потписник на вашата организација');
    expect(html).toMatch(/<li>Ана Петровска, Управител<\/li>/);
    expect(html).not.toContain('name="action" value="submit"');
    expect(html).not.toContain('name="declare"');
    expect(html).toContain('name="action" value="save"');
  });

  it('cannot submit by posting the form anyway: 403, and the application stays a draft', async () => {
    const { id } = await createDraft(stack, { token: colleague.token });
    const response = await post(`/portal/applications/${id}`, colleague.cookie, {
      version: '1',
      action: 'submit',
      declare: 'yes',
      ...formFields(sampleCertificateOfOrigin(1)),
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Only an authorised signatory of your organisation');
    expect(await statusOf(id, colleague.token)).toBe('DRAFT');
  });
});

describe("staff's review page", () => {
  it('shows who declared, in what function, where and when', async () => {
    const token = await stack.login('exporterA');
    const { id } = await createDraft(stack);
    const submitted = await stack.request(`/api/applications/${id}/submit`, {
      token,
      json: { version: 1, place: 'Куманово' },
    });
    expect(submitted.status).toBe(200);
    const staff = await portalLogIn(stack, stack.users.staff?.email ?? '');
    const html = await (await get(`/portal/queue/${id}?lang=mk`, staff)).text();
    expect(html).toMatch(
      /<p data-declared="true">Изјавено електронски од Ана Петровска, Управител, во Куманово на [^<]+\.<\/p>/,
    );
  });
});

describe('keys and signatories in the portal', () => {
  it('offers a signatory a key that submits in their name, and a colleague only a key that does not', async () => {
    const page = await (await get('/portal/settings/api-keys', exporter)).text();
    expect(page).toContain('signs the exporter’s declaration for me, Ана Петровска, Управител.');
    const created = await post('/portal/settings/api-keys', exporter, { name: 'ERP bound', declares: 'yes' });
    expect(created.status).toBe(201);
    const secret = /data-secret[^>]*>(tck_[^<]+)</.exec(await created.text())?.[1] ?? '';
    const draft = await createDraft(stack, { token: secret });
    const submitted = await stack.request(`/api/applications/${draft.id}/submit`, {
      token: secret,
      json: { version: 1 },
    });
    expect((await readJson(submitted)).declaration).toMatchObject({ name: 'Ана Петровска' });

    const theirs = await (await get('/portal/settings/api-keys', colleague.cookie)).text();
    expect(theirs).not.toContain('name="declares"');
    // a colleague who posts the box anyway is refused: no key declares in the name of someone who is no signatory
    const refused = await post('/portal/settings/api-keys', colleague.cookie, {
      name: 'ERP',
      declares: 'yes',
    });
    expect(refused.status).toBe(403);
  });
});

describe("the chamber administrator's signatory page", () => {
  it('registers a colleague as a signatory, shows it in the users list, and revokes it', async () => {
    const admin = await portalLogIn(stack, stack.users.admin?.email ?? '');
    const userId = (await readJson(await stack.request('/api/me', { token: colleague.token }))).userId;
    const form = await (await get(`/portal/admin/users/${userId}/signatory?lang=sq`, admin)).text();
    expect(form).toContain('Emri i plotë, siç shtypet');
    const empty = await post(`/portal/admin/users/${userId}/signatory`, admin, {
      fullName: 'Јована',
      function: '',
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/id="f-function-error"/);

    const saved = await post(`/portal/admin/users/${userId}/signatory`, admin, {
      fullName: 'Јована Трајковска',
      function: 'Прокурист',
    });
    expect(saved.status).toBe(303);
    const list = await (await get(`/portal/admin/users?orgId=${stack.orgA.id}`, admin)).text();
    expect(list).toContain('Јована Трајковска, Прокурист');
    const submitPage = await (await get(`/portal/applications/new?type=co`, colleague.cookie)).text();
    expect(submitPage).toContain('name="declare"');

    const revoked = await post(`/portal/admin/users/${userId}/signatory/revoke`, admin, {});
    expect(revoked.status).toBe(303);
    const after = await (await get(`/portal/applications/new?type=co`, colleague.cookie)).text();
    expect(after).toContain('id="not-signatory"');
  });

  it('is not for staff, nor for an exporter', async () => {
    const userId = (await readJson(await stack.request('/api/me', { token: colleague.token }))).userId;
    const staff = await portalLogIn(stack, stack.users.staff?.email ?? '');
    expect((await get(`/portal/admin/users/${userId}/signatory`, staff)).status).toBe(403);
    const byExporter = await post(`/portal/admin/users/${userId}/signatory`, exporter, {
      fullName: 'X',
      function: 'Y',
    });
    expect(byExporter.status).toBe(403);
  });
});
