// The portal in the reader's language where it used to leak English (create-user errors, the 403 page, unit
// codes, the webhooks nav), and the admin's users page: creating a user and resetting a password through a
// confirmation, with the one-time password shown once after a redirect, never at the POST's URL.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import {
  createTestStack,
  PASSWORD,
  portalLogIn,
  submittedApplication,
  type TestStack,
} from '../support/test-stack.ts';

const ORIGIN = 'http://localhost';

let stack: TestStack;
let exporterA: string;
let admin: string;

const logIn = (email: string): Promise<string> => portalLogIn(stack, email);

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

/** The cookies a response sets, as a Cookie header to send with the session's. */
const setCookies = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0] ?? '')
    .join('; ');

/** Follows a 303 as a browser does: GET the location, with the session and the cookies the POST set. */
const follow = async (response: Response, session: string, language = 'en') => {
  expect(response.status).toBe(303);
  const location = response.headers.get('location') ?? '';
  expect(location).not.toMatch(/password|secret/i);
  const cookies = `${session}; ${setCookies(response)}`;
  return { location, cookies, page: await get(location, cookies, language) };
};

const newUser = async (extra: Record<string, string> = {}) => {
  const email = `${randomUUID().slice(0, 8)}@a.test`;
  const response = await post('/portal/admin/users', admin, {
    email,
    name: 'Јована Трајковска',
    role: 'exporter',
    orgId: stack.orgA.id,
    ...extra,
  });
  return { email, response };
};

const canLogIn = async (email: string, password: string) =>
  (await stack.request('/api/auth/login', { json: { email, password } })).status === 200;

describe('creating a user and resetting a password on the users page', () => {
  it.each([
    ['en', 'Јована Трајковска', 'has an account now', 'Initial password for Јована Трајковска'],
    ['mk', 'Јована Трајковска', 'е создадена', 'Почетна лозинка за Јована Трајковска'],
    ['sq', 'Јована Трајковска', 'u krijua', 'Fjalëkalimi fillestar për Јована Трајковска'],
  ])(
    '%s: says whom it created, and a generated password once, after a redirect',
    async (language, name, created, initial) => {
      const email = `${randomUUID().slice(0, 8)}@a.test`;
      const response = await post(
        '/portal/admin/users',
        admin,
        { email, name, role: 'exporter', orgId: stack.orgA.id },
        language,
      );
      const { location, page } = await follow(response, admin, language);
      expect(location).toBe(`/portal/admin/users?orgId=${stack.orgA.id}`);
      const html = await page.text();
      expect(textOf(html)).toContain(`${name} (${email})`);
      expect(textOf(html)).toContain(created);
      expect(textOf(html)).toContain(initial);
      const password = /<code class="secret">([^<]+)<\/code>/.exec(html)?.[1] ?? '';
      expect(await canLogIn(email, password)).toBe(true);
      // the notice is read once: the cookie is deleted, and the same page again shows no password
      expect(page.headers.get('set-cookie') ?? '').toMatch(/tc_account_notice=;/);
      expect(await (await get(location, admin, language)).text()).not.toContain('class="secret"');
    },
  );

  it('names the user created with a password of the admin’s choice, and shows no password', async () => {
    const { email, response } = await newUser({ password: PASSWORD });
    const html = await (await follow(response, admin)).page.text();
    expect(textOf(html)).toContain(`Јована Трајковска (${email}) has an account now.`);
    expect(html).not.toContain('class="secret"');
  });

  it.each([
    ['mk', 'Да се ресетира лозинката на Јована Трајковска', 'Привремена лозинка за Јована Трајковска'],
    [
      'sq',
      'Të rivendoset fjalëkalimi për Јована Трајковска',
      'Fjalëkalimi i përkohshëm për Јована Трајковска',
    ],
  ])(
    '%s: asks before a reset, names the user, and a reload resets nothing again',
    async (language, question, notice) => {
      const { email } = await newUser({ password: PASSWORD });
      const users = await (await get(`/portal/admin/users?orgId=${stack.orgA.id}`, admin, language)).text();
      const id = new RegExp(
        `href="/portal/admin/users/([0-9a-f-]+)/reset-password"[^>]*>[^<]*<span class="sr-only"> ${email}`,
      ).exec(users)?.[1];
      expect(id).toBeDefined();

      // the list's button only opens the question; nothing is reset yet
      const confirm = await get(`/portal/admin/users/${id}/reset-password`, admin, language);
      expect(confirm.status).toBe(200);
      const confirmHtml = await confirm.text();
      expect(textOf(confirmHtml)).toContain(`${question} (${email})?`);
      expect(confirmHtml).toContain('name="confirm" value="yes"');
      expect(await canLogIn(email, PASSWORD)).toBe(true);

      const reset = await post(
        `/portal/admin/users/${id}/reset-password`,
        admin,
        { confirm: 'yes' },
        language,
      );
      const { location, page } = await follow(reset, admin, language);
      const html = await page.text();
      expect(textOf(html)).toContain(`${notice} (${email})`);
      const temporary = /<code class="secret">([^<]+)<\/code>/.exec(html)?.[1] ?? '';
      expect(await canLogIn(email, PASSWORD)).toBe(false);
      expect(await canLogIn(email, temporary)).toBe(true);

      // reloading the page the browser shows is a GET: no second reset, and the password is not shown again
      const reloaded = await get(location, admin, language);
      expect(await reloaded.text()).not.toContain('class="secret"');
      expect(await canLogIn(email, temporary)).toBe(true);
    },
  );
});

describe('a password with the account’s own address', () => {
  it.each([
    ['mk', 'не смее да ја содржи е-поштата на сметката ниту делот пред @'],
    ['sq', 'nuk duhet të përmbajë email-in e llogarisë as pjesën para @'],
  ])('%s: is refused on the new-user form, saying why', async (language, words) => {
    const email = `jovana.${randomUUID().slice(0, 8)}@firma.test`;
    const response = await post(
      '/portal/admin/users',
      admin,
      { email, name: 'Јована', role: 'exporter', orgId: stack.orgA.id, password: `${email}!` },
      language,
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(words);
  });
});

describe('wording of the users and password pages', () => {
  it.each([
    ['mk', 'Име и презиме', 'Назив', 'Ќе бидете одјавени од сите други уреди.'],
    ['sq', 'Emri dhe mbiemri', '>Emri<', 'Do të dilni nga llogaria në të gjitha pajisjet e tjera.'],
  ])(
    '%s: a person has a name and surname, not a title; changing the password says what happens',
    async (language, personName, notThis, intro) => {
      const users = await (await get('/portal/admin/users', admin, language)).text();
      expect(users).toContain(`>${personName}<`);
      expect(users).toContain(`>${personName}</label>`);
      expect(users).not.toContain(notThis);
      const password = await (await get('/portal/password', admin, language)).text();
      expect(password).toContain(intro);
    },
  );
});
