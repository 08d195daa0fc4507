// The platform operator's portal pages (docs/network.md §2) on the path form /c/platform/portal: the chambers,
// a chamber created with its first administrator (the password shown once, after a redirect), who then logs in
// at /c/<id>/portal and must choose a password; status changes that ask first and refuse a stale version; and
// every chamber role refused.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../support/json.ts';
import {
  createTestStack,
  operatorLogin,
  portalLogIn,
  portalLogInAt,
  type TestStack,
} from '../support/test-stack.ts';

const ORIGIN = 'http://localhost';
const PLATFORM = '/c/platform';
const OPERATOR = 'operator@network.test';

let stack: TestStack;
let operator: string;
let operatorToken: string;

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

/** A cookie a response sets, as `name=value` to send back. */
const cookieOf = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith(`${name}=`))
    ?.split(';')[0] ?? '';

const chamberForm = (id: string, prefix: string): Record<string, string> => ({
  id,
  name: `Chamber of Commerce ${id}`,
  nameLocal: `Dhoma e Tregtisë ${id}`,
  country: 'AL',
  city: 'Tiranë / Tirana',
  timeZone: 'Europe/Tirane',
  serialPrefix: prefix,
  'labelLanguages.0': 'sq',
  'labelLanguages.1': 'en',
  'contact.address': 'Rruga e Kavajës 6, Tiranë',
  'contact.phone': '+355 4 222 2222',
  'contact.email': `info@${id}.test`,
  'contact.web': 'https://dhoma.example',
  hosts: '',
  publicBaseUrl: '',
  'admin.email': `admin@${id}.test`,
  'admin.name': 'Arta Hoxha',
});

const chamberOf = async (id: string) =>
  readJson(await stack.request(`${PLATFORM}/api/chambers/${id}`, { token: operatorToken }));

/** A fresh id and serial prefix, so that the tests do not depend on one another. */
const freshChamber = () => {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 6);
  return { id: `al-${suffix}`, prefix: `A${suffix.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 8) };
};

beforeAll(async () => {
  stack = await createTestStack();
  operatorToken = await operatorLogin(stack);
  const login = await portalLogInAt(stack, PLATFORM, OPERATOR);
  expect(login.location).toBe(`${PLATFORM}/portal/network/chambers`);
  operator = login.cookie;
});

describe('the chambers page', () => {
  it('lists the chambers on the path form, with only the operator’s navigation', async () => {
    const response = await get(`${PLATFORM}/portal/network/chambers`, operator);
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = textOf(html);
    expect(html).toContain(`data-chamber="${stack.config.issuer.id}"`);
    expect(text).toContain(stack.config.issuer.serialPrefix);
    expect(text).toContain('Active');
    // links stay under /c/platform, a chamber's portal is its own absolute address
    expect(html).toContain(`href="${PLATFORM}/portal/network/chambers/new"`);
    // each change is a GET to the page that asks first, with the version the list shows
    expect(html).toContain(`action="${PLATFORM}/portal/network/chambers/${stack.config.issuer.id}/status"`);
    expect(html).toMatch(/name="to" value="suspended"[^>]*>\s*<input type="hidden" name="version" value="1"/);
    expect(html).toContain(`href="${stack.config.publicBaseUrl}/portal/login"`);
    expect(html).not.toContain('/portal/admin/');
    expect(html).not.toContain('/portal/queue');
    expect(html).not.toContain('href="/portal');
  });

  it('speaks Macedonian and Albanian', async () => {
    expect(textOf(await (await get(`${PLATFORM}/portal/network/chambers`, operator, 'mk')).text())).toContain(
      'Комори во мрежата',
    );
    expect(textOf(await (await get(`${PLATFORM}/portal/network/chambers`, operator, 'sq')).text())).toContain(
      'Dhomat e rrjetit',
    );
  });
});

describe('creating a chamber', () => {
  it('shows the form with its action on the path form', async () => {
    const response = await get(`${PLATFORM}/portal/network/chambers/new`, operator);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`action="${PLATFORM}/portal/network/chambers"`);
    // the caption languages to choose from are those with a complete caption set
    for (const tag of ['mk', 'sq', 'sr-Latn', 'cnr', 'en']) expect(html).toContain(`<option value="${tag}"`);
    for (const name of ['id', 'labelLanguages.0', 'labelLanguages.1', 'contact.web', 'admin.email']) {
      expect(html).toContain(`name="${name}"`);
    }
  });

  it('refuses wrong fields, each in the reader’s words, and stores nothing', async () => {
    const { prefix } = freshChamber();
    const form = {
      ...chamberForm('Bad Id!', prefix.toLowerCase()),
      timeZone: 'Europe/Nowhere',
      'contact.web': 'not a url',
      'admin.email': '',
    };
    const before = (await readJson(await stack.request(`${PLATFORM}/api/chambers`, { token: operatorToken })))
      .items as unknown[];
    const response = await post(`${PLATFORM}/portal/network/chambers`, operator, form);
    expect(response.status).toBe(400);
    const html = await response.text();
    const text = textOf(html);
    expect(text).toMatch(/Chamber id: \S/);
    expect(text).toMatch(/Serial prefix: \S/);
    expect(text).toMatch(/Time zone: \S/);
    expect(text).toMatch(/Web site: \S/);
    expect(text).toContain('Administrator’s e-mail: is required');
    // what was typed stays in the form
    expect(html).toContain('value="Bad Id!"');
    const mk = textOf(await (await post(`${PLATFORM}/portal/network/chambers`, operator, form, 'mk')).text());
    expect(mk).toContain('Е-пошта на администраторот:');
    expect(mk).not.toContain('is required');
    const after = (await readJson(await stack.request(`${PLATFORM}/api/chambers`, { token: operatorToken })))
      .items as unknown[];
    expect(after).toHaveLength(before.length);
  });

  it('creates it, shows the first password once, and the administrator must change it at first login', async () => {
    const { id, prefix } = freshChamber();
    const created = await post(`${PLATFORM}/portal/network/chambers`, operator, chamberForm(id, prefix));
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe(`${PLATFORM}/portal/network/chambers`);
    expect(created.headers.get('location')).not.toMatch(/password|secret/i);
    const noticeCookie = created.headers
      .getSetCookie()
      .find((cookie) => cookie.startsWith('tc_chamber_notice='));
    expect(noticeCookie).toMatch(/Path=\/c\/platform\/portal\/network\/chambers/);
    expect(noticeCookie).toMatch(/HttpOnly/);

    const notice = cookieOf(created, 'tc_chamber_notice');
    const shown = await get(`${PLATFORM}/portal/network/chambers`, `${operator}; ${notice}`);
    const html = await shown.text();
    const password = /<code class="secret">([^<]+)<\/code>/.exec(html)?.[1];
    expect(password).toMatch(/^[\w-]{20}$/);
    expect(textOf(html)).toContain(
      `Chamber Chamber of Commerce ${id} (${id}) is created. Its administrator admin@${id}.test logs in at ${stack.config.publicBaseUrl}/c/${id}/portal/login.`,
    );
    // read once: the page deletes the notice, and a reload shows no password
    expect(shown.headers.getSetCookie().some((cookie) => /^tc_chamber_notice=;/.test(cookie))).toBe(true);
    const reloaded = await (await get(`${PLATFORM}/portal/network/chambers`, operator)).text();
    expect(reloaded).not.toContain(password);
    expect(reloaded).toContain(`data-chamber="${id}"`);

    const record = await chamberOf(id);
    expect(record).toMatchObject({
      id,
      serialPrefix: prefix,
      labelLanguages: ['sq', 'en'],
      status: 'active',
      version: 1,
      publicBaseUrl: `${stack.config.publicBaseUrl}/c/${id}`,
    });

    const adminLogin = await portalLogInAt(stack, `/c/${id}`, `admin@${id}.test`, password);
    expect(adminLogin.location).toBe(`/c/${id}/portal/password`);
    const forced = await get(`/c/${id}/portal/admin/users`, adminLogin.cookie);
    expect(forced.status).toBe(303);
    expect(forced.headers.get('location')).toBe(`/c/${id}/portal/password`);
    // and the new chamber's admin is no operator
    expect((await get(`/c/${id}/portal/network/chambers`, adminLogin.cookie)).status).not.toBe(200);
  });

  it('refuses a taken id and serial prefix in words, and keeps the one that exists', async () => {
    const { id, prefix } = freshChamber();
    expect(
      (await post(`${PLATFORM}/portal/network/chambers`, operator, chamberForm(id, prefix))).status,
    ).toBe(303);
    const again = await post(`${PLATFORM}/portal/network/chambers`, operator, {
      ...chamberForm(id, prefix),
      'admin.email': `second@${id}.test`,
    });
    expect(again.status).toBe(400);
    const text = textOf(await again.text());
    expect(text).toContain('Chamber id: is already used by another chamber');
    expect(text).toContain('Serial prefix: is already used by another chamber');
    expect(await chamberOf(id)).toMatchObject({ version: 1, contact: { email: `info@${id}.test` } });
  });
});

describe('status changes', () => {
  const createOne = async () => {
    const { id, prefix } = freshChamber();
    const response = await stack.request(`${PLATFORM}/api/chambers`, {
      token: operatorToken,
      json: {
        id,
        name: `Chamber ${id}`,
        nameLocal: `Dhoma ${id}`,
        country: 'AL',
        city: 'Tirana',
        timeZone: 'Europe/Tirane',
        serialPrefix: prefix,
        labelLanguages: ['sq', 'en'],
        contact: {
          address: 'Rruga 1, Tiranë',
          phone: '+355 4 000 0000',
          email: `info@${id}.test`,
          web: 'https://dhoma.example',
        },
        admin: { email: `admin@${id}.test`, name: 'Admin' },
      },
    });
    expect(response.status).toBe(201);
    return id;
  };

  it('asks first, then suspends and reactivates', async () => {
    const id = await createOne();
    const ask = await get(
      `${PLATFORM}/portal/network/chambers/${id}/status?to=suspended&version=1`,
      operator,
    );
    expect(ask.status).toBe(200);
    const html = await ask.text();
    expect(textOf(html)).toContain(`Suspend Chamber ${id} (${id})?`);
    expect(html).toContain(`action="${PLATFORM}/portal/network/chambers/${id}/status"`);
    expect(html).toContain('name="version" value="1"');

    // without the confirmation nothing changes
    const unconfirmed = await post(`${PLATFORM}/portal/network/chambers/${id}/status`, operator, {
      status: 'suspended',
      version: '1',
    });
    expect(unconfirmed.status).toBe(303);
    expect(await chamberOf(id)).toMatchObject({ status: 'active', version: 1 });

    const suspended = await post(`${PLATFORM}/portal/network/chambers/${id}/status`, operator, {
      status: 'suspended',
      version: '1',
      confirm: 'yes',
    });
    expect(suspended.status).toBe(303);
    expect(suspended.headers.get('location')).toBe(`${PLATFORM}/portal/network/chambers`);
    expect(await chamberOf(id)).toMatchObject({ status: 'suspended', version: 2 });
    const list = await (await get(`${PLATFORM}/portal/network/chambers`, operator)).text();
    const row = list.slice(list.indexOf(`data-chamber="${id}"`));
    expect(row.slice(0, row.indexOf('</tr>'))).toMatch(
      /name="to" value="active"[^>]*>\s*<input type="hidden" name="version" value="2"/,
    );

    const reactivated = await post(`${PLATFORM}/portal/network/chambers/${id}/status`, operator, {
      status: 'active',
      version: '2',
      confirm: 'yes',
    });
    expect(reactivated.status).toBe(303);
    expect(await chamberOf(id)).toMatchObject({ status: 'active', version: 3 });
  });

  it('a stale version: the page says so in words and nothing changes', async () => {
    const id = await createOne();
    // the operator opened the page at version 1; meanwhile someone suspended and reactivated the chamber
    for (const [status, version] of [
      ['suspended', 1],
      ['active', 2],
    ] as const) {
      const changed = await stack.request(`${PLATFORM}/api/chambers/${id}/status`, {
        token: operatorToken,
        json: { status, version },
      });
      expect(changed.status).toBe(200);
    }
    for (const [language, words] of [
      ['en', 'Someone else changed this chamber since you opened the page, so nothing was changed.'],
      ['mk', 'Некој друг ја променил комората откако ја отворивте страницата, па ништо не е променето.'],
      ['sq', 'Dikush tjetër e ndryshoi këtë dhomë pasi hapët faqen, prandaj asgjë nuk u ndryshua.'],
    ] as const) {
      const stale = await post(
        `${PLATFORM}/portal/network/chambers/${id}/status`,
        operator,
        { status: 'suspended', version: '1', confirm: 'yes' },
        language,
      );
      expect(stale.status).toBe(409);
      const html = await stale.text();
      expect(textOf(html)).toContain(words);
      // confirming again acts on the version the page shows now
      expect(html).toContain('name="version" value="3"');
    }
    expect(await chamberOf(id)).toMatchObject({ status: 'active', version: 3 });
  });

  it('an unknown change or chamber is not found', async () => {
    expect(
      (await get(`${PLATFORM}/portal/network/chambers/no-such-chamber/status?to=suspended`, operator)).status,
    ).toBe(404);
    expect(
      (await get(`${PLATFORM}/portal/network/chambers/${stack.config.issuer.id}/status?to=deleted`, operator))
        .status,
    ).toBe(404);
  });
});

describe('only the operator', () => {
  it.each(['exporterA', 'staff', 'admin'] as const)('%s gets 403 on every operator page', async (who) => {
    const cookie = await portalLogIn(stack, stack.users[who]?.email ?? '');
    const id = stack.config.issuer.id;
    for (const path of [
      '/portal/network/chambers',
      '/portal/network/chambers/new',
      `/portal/network/chambers/${id}/status?to=suspended`,
    ]) {
      const response = await get(path, cookie);
      expect(response.status).toBe(403);
      expect(textOf(await response.text())).toContain('This page is for the network operator.');
    }
    const posted = await post('/portal/network/chambers', cookie, chamberForm(freshChamber().id, 'ZZ'));
    expect(posted.status).toBe(403);
    const suspend = await post(`/portal/network/chambers/${id}/status`, cookie, {
      status: 'suspended',
      version: '1',
      confirm: 'yes',
    });
    expect(suspend.status).toBe(403);
    expect(await chamberOf(id)).toMatchObject({ status: 'active' });
  });
});
