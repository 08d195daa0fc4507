// The portal in the reader's language where it used to leak English (create-user errors, the 403 page, unit
// codes, the webhooks nav), and the admin's users page: creating a user and resetting a password through a
// confirmation, with the one-time password shown once after a redirect, never at the POST's URL.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { createTestStack, PASSWORD, submittedApplication, type TestStack } from '../support/test-stack.ts';

const ORIGIN = 'http://localhost';

let stack: TestStack;
let exporterA: string;
let admin: string;

const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

const logIn = async (email: string): Promise<string> => {
  const response = await stack.app.request('/portal/login', {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(303);
  return cookieOf(response);
};

const get = (path: string, cookie: string, language = 'en') =>
  stack.app.request(path, { headers: { Cookie: cookie, 'Accept-Language': language } });

const post = (path: string, cookie: string, fields: Record<string, string>, language = 'en') =>
  stack.app.request(path, {
    method: 'POST',
    headers: {
      Cookie: cookie,
      Origin: ORIGIN,
      'Accept-Language': language,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields),
  });

/** The page's text without tags, spaces collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ :/g, ':')
    .trim();

beforeAll(async () => {
  stack = await createTestStack();
  [exporterA, admin] = await Promise.all([
    logIn(stack.users.exporterA?.email ?? ''),
    logIn(stack.users.admin?.email ?? ''),
  ]);
});

describe('create-user errors in the reader language', () => {
  const cases = [
    ['mk', 'Организација: е задолжителна за извозник', 'Е-пошта: веќе е регистрирана за друга сметка'],
    ['sq', 'Organizata: është e detyrueshme për një eksportues', 'Email: është regjistruar tashmë'],
    ['en', 'Organisation: is required for an exporter', 'Email: is already registered to another account'],
  ] as const;
  it.each(cases)(
    '%s: an exporter without organisation, staff with one, a taken e-mail',
    async (language, noOrg, taken) => {
      const name = 'Ана Петровска';
      const withoutOrg = await post(
        '/portal/admin/users',
        admin,
        { email: `${randomUUID()}@a.test`, name, role: 'exporter' },
        language,
      );
      expect(withoutOrg.status).toBe(400);
      const withoutOrgText = textOf(await withoutOrg.text());
      expect(withoutOrgText).toContain(noOrg);
      expect(withoutOrgText).not.toMatch(/is required for exporters/);

      const staffWithOrg = await post(
        '/portal/admin/users',
        admin,
        { email: `${randomUUID()}@a.test`, name, role: 'staff', orgId: stack.orgA.id },
        language,
      );
      expect(staffWithOrg.status).toBe(400);
      expect(textOf(await staffWithOrg.text())).not.toContain('must be empty for staff and admins');

      const takenEmail = await post(
        '/portal/admin/users',
        admin,
        { email: stack.users.exporterB?.email ?? '', name, role: 'exporter', orgId: stack.orgB.id },
        language,
      );
      expect(takenEmail.status).toBe(400);
      const takenText = textOf(await takenEmail.text());
      expect(takenText).toContain(taken);
      expect(takenText).not.toContain('is already registered.');
    },
  );
});

describe('other pages in the reader language', () => {
  it.each([
    ['mk', 'Оваа страница е за вработените во комората.'],
    ['sq', 'Kjo faqe është për punonjësit e odës.'],
  ])('%s: the 403 page says whose page it is', async (language, words) => {
    const page = await get('/portal/certificates', exporterA, language);
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain(words);
    expect(html).not.toContain('This page is for');
  });

  it.each([
    ['mk', 'парчиња', 'картонски кутии', 'Известувања'],
    ['sq', 'copë', 'kuti kartoni', 'Njoftimet'],
  ])(
    '%s: units and kinds of package in words, the webhooks page by a plain name',
    async (language, pieces, cartons, nav) => {
      const { id } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
      const html = await (await get(`/portal/applications/${id}`, exporterA, language)).text();
      expect(textOf(html)).toMatch(new RegExp(`\\d ${pieces}`));
      expect(textOf(html)).toContain(cartons);
      expect(textOf(html)).not.toMatch(/\d pcs|\bcartons\b/);
      expect(html).toContain(`>${nav}</a>`);
      expect(html).not.toContain('>Webhooks<');

      const draft = await post('/portal/applications', exporterA, { type: 'eur1' }, language);
      const form = await (await get(draft.headers.get('location') ?? '', exporterA, language)).text();
      expect(form).toContain(`<option value="pcs">${pieces}</option>`);
    },
  );
});
