// The verification page in a real browser (Debian's Chromium driven by playwright-core), on a 360 px phone, in
// English, Macedonian and Albanian: every outcome, the "could not check now" state, the form where the code is
// typed by hand, and a dropped PDF that is another certificate. Screenshots go to test-artifacts/verification-page/
// for a human to look at; every page is also checked not to scroll sideways on the phone.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { CompactSign, generateKeyPair } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/storage-processes.ts';
import { MESSAGES } from '../../functions/verify/messages.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { launchChromium } from '../support/chromium.ts';
import { readJson } from '../support/json.ts';
import { decodeQrCodes } from '../support/pdf-tools.ts';
import {
  attachInvoice,
  createTestStack,
  submittedApplication,
  type TestStack,
} from '../support/test-stack.ts';

const ARTIFACTS = 'test-artifacts/verification-page';
const PHONE = 360;
const LANGUAGES = ['en', 'mk', 'sq'] as const;
const CONTACT = {
  ISSUER_ADDRESS: 'ул. Димитрие Чуповски 13, 1000 Скопје',
  ISSUER_PHONE: '+389 2 555 0101',
  ISSUER_EMAIL: 'uverenija@komora.test',
  ISSUER_WEB: 'https://komora.test/uverenija',
};

interface Issued {
  serial: string;
  code: string;
  pdf: Uint8Array;
}

let stack: TestStack;
let server: ReturnType<typeof serve>;
let browser: Browser;
let base: string;
let workDir: string;

const approve = async (id: string, version: number, staff: 'staff' | 'staff2' = 'staff') => {
  const approved = await readJson(
    await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login(staff),
      json: { version },
    }),
  );
  const { serial, code } = approved.certificate as { serial: string; code: string };
  const response = await stack.request(`/api/certificates/${serial}/pdf`, {
    token: await stack.login('exporterA'),
  });
  return { serial, code, pdf: new Uint8Array(await response.arrayBuffer()) };
};

const issue = async (): Promise<Issued> => {
  const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(2));
  return approve(id, version);
};

/** Issues the replacement of `old`, which turns `old` SUPERSEDED. */
const replace = async (old: Issued): Promise<Issued> => {
  const exporter = await stack.login('exporterA');
  const draft = await readJson(
    await stack.request(`/api/certificates/${old.serial}/replace`, { token: exporter, json: {} }),
  );
  await attachInvoice(stack.app.request, exporter, draft.id);
  const submitted = await stack.request(`/api/applications/${draft.id}/submit`, {
    token: exporter,
    json: { version: draft.version },
  });
  expect(submitted.status).toBe(200);
  return approve(draft.id, (await readJson(submitted)).version, 'staff2');
};

const open = async (url: string, options: { locale?: string; width?: number } = {}): Promise<Page> => {
  const context = await browser.newContext({
    viewport: { width: options.width ?? PHONE, height: 780 },
    locale: options.locale ?? 'en-GB',
  });
  const page = await context.newPage();
  await page.goto(url);
  return page;
};

/** Saves the whole page, after checking that it fits the phone's width (nothing to scroll sideways). */
const shot = async (page: Page, name: string) => {
  const width = page.viewportSize()?.width ?? PHONE;
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} scrolls sideways`).toBe(
    width,
  );
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
};

const status = (page: Page) => page.locator('#status').getAttribute('data-status');
const fileResult = (page: Page) => page.locator('#file-result').getAttribute('data-result');

const sealOf = async (certificate: Issued) => {
  const [scanned] = await decodeQrCodes(certificate.pdf, 200);
  const [, jws = ''] = (scanned ?? '').split('#');
  return { scanned: scanned ?? '', jws };
};

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  stack = await createTestStack({ PUBLIC_BASE_URL: base, ...CONTACT });
  server = serve({ fetch: stack.app.fetch, port, hostname: '127.0.0.1' });
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
  workDir = await mkdtemp(join(tmpdir(), 'tradecert-browser-'));
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the verification page in a browser', () => {
  it('opens from the QR of the rendered PDF and says VALID after checking the seal, in every language', async () => {
    const certificate = await issue();
    const { scanned, jws } = await sealOf(certificate);
    expect(scanned.startsWith(`${base}/v/${certificate.code}#`)).toBe(true);
    for (const language of LANGUAGES) {
      const page = await open(`${base}/v/${certificate.code}?lang=${language}#${jws}`);
      await expect.poll(() => page.locator('#seal').isVisible()).toBe(true);
      expect(await status(page)).toBe('VALID');
      expect(await page.locator('h1').textContent()).toBe(MESSAGES[language].outcomes.VALID.headline);
      expect(await page.locator('[data-fact=serial]').textContent()).toBe(certificate.serial);
      expect(await page.locator('#chamber').textContent()).toContain(CONTACT.ISSUER_PHONE);
      await shot(page, `valid-${language}`);
    }
    await shot(await open(scanned, { width: 1280 }), 'valid-desktop');
  });

  it('switches language, keeping the seal, and picks the language from Accept-Language', async () => {
    const certificate = await issue();
    const { scanned } = await sealOf(certificate);
    const page = await open(scanned);
    await page.click('a[data-lang=mk]');
    await page.waitForURL(/lang=mk/);
    expect(page.url()).toContain('#');
    expect(await page.locator('h1').textContent()).toBe('Автентично и важечко');
    await expect.poll(() => page.locator('#seal').isVisible()).toBe(true);
    const albanian = await open(`${base}/v/${certificate.code}`, { locale: 'sq-AL' });
    expect(await albanian.locator('html').getAttribute('lang')).toBe('sq');
    expect(await albanian.locator('h1').textContent()).toBe('E vërtetë dhe e vlefshme');
  });

  it('shows TAMPERED when the seal in the fragment was changed, and UNKNOWN_KEY for a foreign key', async () => {
    const certificate = await issue();
    const { jws } = await sealOf(certificate);
    const [head, payload, signature] = jws.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    const changed = Buffer.from(JSON.stringify({ ...claims, ex: 'Someone Else DOO' })).toString('base64url');
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new CompactSign(Buffer.from(payload ?? '', 'base64url'))
      .setProtectedHeader({ alg: 'ES256', kid: 'someone-elses-key' })
      .sign(privateKey);
    for (const language of LANGUAGES) {
      const url = `${base}/v/${certificate.code}?lang=${language}`;
      const tampered = await open(`${url}#${head}.${changed}.${signature}`);
      await expect.poll(() => status(tampered)).toBe('TAMPERED');
      expect(await tampered.locator('h1').textContent()).toBe(MESSAGES[language].outcomes.TAMPERED.headline);
      await shot(tampered, `tampered-${language}`);
      const unknown = await open(`${url}#${foreign}`);
      await expect.poll(() => status(unknown)).toBe('UNKNOWN_KEY');
      await shot(unknown, `unknown-key-${language}`);
    }
  });

  it('says REVOKED with the reason in words, SUPERSEDED with the replacement, NOT_FOUND with the chamber’s contact', async () => {
    const revoked = await issue();
    await stack.request(`/api/certificates/${revoked.serial}/revoke`, {
      token: await stack.login('staff'),
      json: { reason: 'incorrect-data' },
    });
    const old = await issue();
    const fresh = await replace(old);
    for (const language of LANGUAGES) {
      const m = MESSAGES[language];
      const revokedPage = await open(`${base}/v/${revoked.code}?lang=${language}`);
      expect(await status(revokedPage)).toBe('REVOKED');
      expect(await revokedPage.locator('[data-fact=reason]').textContent()).toBe(m.reasons['incorrect-data']);
      expect(await revokedPage.locator('main').textContent()).not.toContain('incorrect-data');
      await shot(revokedPage, `revoked-${language}`);

      const supersededPage = await open(`${base}/v/${old.code}?lang=${language}`);
      expect(await status(supersededPage)).toBe('SUPERSEDED');
      expect(await supersededPage.locator('[data-fact=replacement]').textContent()).toBe(fresh.serial);
      await shot(supersededPage, `superseded-${language}`);

      const missing = await open(`${base}/v/ABCDEFGHJKMNPQRS?lang=${language}`);
      expect(await status(missing)).toBe('NOT_FOUND');
      const chamber = await missing.locator('#chamber').textContent();
      for (const detail of Object.values(CONTACT)) expect(chamber).toContain(detail.replace('https://', ''));
      await shot(missing, `not-found-${language}`);
    }
  });

  it('checks a chosen PDF by its hash: the issued file matches, a changed one does not', async () => {
    const certificate = await issue();
    const original = join(workDir, 'certificate.pdf');
    const altered = join(workDir, 'altered.pdf');
    await writeFile(original, certificate.pdf);
    const changed = certificate.pdf.slice();
    const index = Math.floor(changed.length / 3);
    changed[index] = (changed[index] ?? 0) ^ 1;
    await writeFile(altered, changed);
    const page = await open(`${base}/v/${certificate.code}`);
    await page.setInputFiles('#file', original);
    await expect.poll(() => fileResult(page)).toBe('VALID');
    expect(await page.locator('#file-result').textContent()).toContain(certificate.serial);
    await shot(page, 'file-matches-en');
    await page.setInputFiles('#file', altered);
    await expect.poll(() => fileResult(page)).toBe('NOT_FOUND');
    expect(await page.locator('#file-result').textContent()).toContain('not an issued certificate');
    await shot(page, 'file-does-not-match-en');
  });

  it('says plainly that a dropped PDF is another certificate than the one on the page, never “genuine”', async () => {
    const shown = await issue();
    const other = await issue();
    const otherFile = join(workDir, 'other.pdf');
    await writeFile(otherFile, other.pdf);
    for (const language of LANGUAGES) {
      const page = await open(`${base}/v/${shown.code}?lang=${language}`);
      await page.setInputFiles('#file', otherFile);
      await expect.poll(() => fileResult(page)).toBe('OTHER');
      const result = page.locator('#file-result');
      expect(await result.textContent()).toContain(
        MESSAGES[language].labels.fileOther.replace('{file}', other.serial).replace('{page}', shown.serial),
      );
      expect(await result.textContent()).not.toContain(MESSAGES[language].outcomes.VALID.headline);
      expect(await result.locator('a').getAttribute('href')).toBe(`/v/${other.code}?lang=${language}`);
      await result.scrollIntoViewIfNeeded();
      await shot(page, `file-other-certificate-${language}`);
    }
  });

  it('says “could not check now” when the chamber’s service cannot be reached, not “invalid”', async () => {
    const certificate = await issue();
    const file = join(workDir, 'offline.pdf');
    await writeFile(file, certificate.pdf);
    for (const language of LANGUAGES) {
      const page = await open(`${base}/v/${certificate.code}?lang=${language}`);
      await page.route('**/api/verify/hash', (route) => route.abort('internetdisconnected'));
      await page.setInputFiles('#file', file);
      await expect.poll(() => fileResult(page)).toBe('OFFLINE');
      expect(await page.locator('#file-result').textContent()).toContain(
        MESSAGES[language].outcomes.OFFLINE.headline,
      );
      await shot(page, `offline-${language}`);
    }
  });

  it('takes the code typed by hand off a torn paper, and says so when what was typed is no code', async () => {
    const certificate = await issue();
    const typed = certificate.code.toLowerCase().match(/.{4}/g)?.join(' ') ?? '';
    for (const language of LANGUAGES) {
      const form = await open(`${base}/v?lang=${language}`);
      expect(await form.locator('#code').getAttribute('inputmode')).toBe('text');
      expect(await form.locator('#code').getAttribute('autocomplete')).toBe('off');
      await shot(form, `typed-code-form-${language}`);

      await form.fill('#code', 'MK-CO-2026-0001');
      await form.press('#code', 'Enter');
      await form.waitForURL(/code=/);
      expect(await form.locator('#code-error').textContent()).toBe(MESSAGES[language].labels.formInvalid);
      await shot(form, `typed-code-invalid-${language}`);

      await form.fill('#code', typed);
      await form.click('button[type=submit]');
      await form.waitForURL(`${base}/v/${certificate.code}?lang=${language}`);
      expect(await status(form)).toBe('VALID');
    }
  });
});
