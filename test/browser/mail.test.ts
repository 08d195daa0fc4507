// Mail in a real browser against `npm start` (docs/mail.md): the demo exporter forgets the password, asks for a
// link, the local mail catcher has the mail, its link sets a new password and the exporter logs in with it; then
// staff ask for changes and the exporter sees that mail in the catcher's page and follows it to the application.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaughtMail, caughtMails } from '../../functions/local/mail-catcher.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { multipartFile, sampleInvoicePdf } from '../fixtures/documents.ts';
import { launchChromium } from '../support/chromium.ts';
import { type LocalServer, startLocalServer } from '../support/local-server.ts';

const PASSWORD = 'mail-browser-test-password';
const NEW_PASSWORD = 'amber lighthouse past the northern pier';
const EXPORTER = 'exporter@demo.test';

let server: LocalServer;
let dataDir: string;
let browser: Browser;
let mailUrl: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tradecert-mail-browser-'));
  server = await startLocalServer({ dataDir, password: PASSWORD });
  mailUrl = server.output().match(/read them at (http:\/\/127\.0\.0\.1:\d+)/)?.[1] ?? '';
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The first caught mail to `to` whose subject matches, once the background work has sent it (every 2 s). */
const caught = async (to: string, subject: RegExp): Promise<CaughtMail> => {
  let found: CaughtMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await caughtMails(mailUrl)).find(
          (mail) => mail.to.some((address) => address.address === to) && subject.test(mail.subject),
        );
        return found !== undefined;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
  return found as CaughtMail;
};

const api = async (path: string, init: { token?: string; json?: unknown; body?: BodyInit } = {}) => {
  const response = await fetch(`${server.base}${path}`, {
    method: init.json === undefined && init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
};

const logIn = async (page: Page, email: string, password: string) => {
  await page.goto(`${server.base}/portal/login?lang=en`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
};

describe('mail in the portal', () => {
  it('prints where the caught mails are read', () => {
    expect(mailUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('resets a forgotten password through the caught mail’s link, and logs in with the new one', async () => {
    const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${server.base}/portal/login?lang=en`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(EXPORTER);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await expect
      .poll(() => page.locator('.flash').first().textContent())
      .toContain('a mail with a link is on its way');

    const mail = await caught(EXPORTER, /Поставете нова лозинка|Reset your password/);
    const link = mail.text.match(/https?:\/\/\S+\/portal\/password-reset\/confirm\?token=\S+/)?.[0] ?? '';
    expect(link).not.toBe('');
    await page.goto(`${link}&lang=en`);
    await page.getByLabel(/New password/).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set the password' }).click();
    await expect.poll(() => page.locator('.flash').first().textContent()).toContain('Your password is set');

    // the link works once
    await page.goto(`${link}&lang=en`);
    await page.getByLabel(/New password/).fill('another sentence entirely of words');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('This link is not valid');

    await logIn(page, EXPORTER, NEW_PASSWORD);
    await expect.poll(() => page.url()).toContain('/portal/applications');
    await page.context().close();
  });

  it('shows the exporter the request for changes as a mail, whose link opens the application', async () => {
    const exporter = (await api('/api/auth/login', { json: { email: EXPORTER, password: NEW_PASSWORD } }))
      .token as string;
    const staff = (await api('/api/auth/login', { json: { email: 'staff@demo.test', password: PASSWORD } }))
      .token as string;
    const { id } = await api('/api/applications', {
      token: exporter,
      json: { type: 'co', data: sampleCertificateOfOrigin(1) },
    });
    await api(`/api/applications/${id}/attachments`, {
      token: exporter,
      body: multipartFile(await sampleInvoicePdf(), 'invoice.pdf', 'invoice'),
    });
    await api(`/api/applications/${id}/submit`, { token: exporter, json: { version: 1 } });
    await api(`/api/applications/${id}/request-changes`, {
      token: staff,
      json: { version: 2, comment: 'Please attach the signed invoice.' },
    });

    const mail = await caught(EXPORTER, /Потребни се измени|Changes needed/);
    const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(mailUrl);
    await expect.poll(() => page.getByText(mail.subject).first().isVisible(), { timeout: 15_000 }).toBe(true);

    const link = mail.text.match(/https?:\/\/\S+\/portal\/applications\/[0-9a-f-]+/)?.[0] ?? '';
    await logIn(page, EXPORTER, NEW_PASSWORD);
    await page.goto(`${link}?lang=en`);
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('Please attach the signed invoice.');
    await page.context().close();
  });
});
