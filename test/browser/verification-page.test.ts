// The verification page in a real browser (Debian's Chromium driven by playwright-core): the QR of a rendered
// PDF opens a page that says VALID, the in-page script checks the seal in the fragment, the language switch
// works, and a dropped PDF is checked by its hash. Screenshots go to test-artifacts/ for a human to look at.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { CompactSign, generateKeyPair } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/storage-processes.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { launchChromium } from '../support/chromium.ts';
import { readJson } from '../support/json.ts';
import { decodeQrCodes } from '../support/pdf-tools.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

const ARTIFACTS = 'test-artifacts/verification-page';

let stack: TestStack;
let server: ReturnType<typeof serve>;
let browser: Browser;
let base: string;
let workDir: string;

const issue = async () => {
  const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(2));
  const approved = await readJson(
    await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login('staff'),
      json: { version },
    }),
  );
  const { serial, code } = approved.certificate as { serial: string; code: string };
  const response = await stack.request(`/api/certificates/${serial}/pdf`, {
    token: await stack.login('exporterA'),
  });
  return { serial, code, pdf: new Uint8Array(await response.arrayBuffer()) };
};

const open = async (url: string, options: { locale?: string; width?: number } = {}): Promise<Page> => {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 390, height: 844 },
    locale: options.locale ?? 'en-GB',
  });
  const page = await context.newPage();
  await page.goto(url);
  return page;
};

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  stack = await createTestStack({ PUBLIC_BASE_URL: base });
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
  it('opens from the QR of the rendered PDF and says VALID after checking the seal in the page', async () => {
    const certificate = await issue();
    const [scanned] = await decodeQrCodes(certificate.pdf, 200);
    expect(scanned?.startsWith(`${base}/v/${certificate.code}#`)).toBe(true);
    const page = await open(scanned ?? '');
    await expect.poll(() => page.locator('#seal').isVisible()).toBe(true);
    expect(await page.locator('#status').getAttribute('data-status')).toBe('VALID');
    expect(await page.locator('h1').textContent()).toBe('Genuine and valid');
    expect(await page.locator('[data-fact=serial]').textContent()).toBe(certificate.serial);
    await shot(page, 'valid-phone');
    const wide = await open(scanned ?? '', { width: 1280 });
    await shot(wide, 'valid-desktop');
  });

  it('switches language, keeping the seal, and picks the language from Accept-Language', async () => {
    const certificate = await issue();
    const [scanned] = await decodeQrCodes(certificate.pdf, 200);
    const page = await open(scanned ?? '');
    await page.click('a[data-lang=mk]');
    await page.waitForURL(/lang=mk/);
    expect(page.url()).toContain('#');
    expect(await page.locator('h1').textContent()).toBe('Автентично и важечко');
    await expect.poll(() => page.locator('#seal').isVisible()).toBe(true);
    await shot(page, 'valid-macedonian');
    const albanian = await open(`${base}/v/${certificate.code}`, { locale: 'sq-AL' });
    expect(await albanian.locator('html').getAttribute('lang')).toBe('sq');
    expect(await albanian.locator('h1').textContent()).toBe('I vërtetë dhe i vlefshëm');
    await shot(albanian, 'valid-albanian');
  });

  it('shows TAMPERED when the seal in the fragment was changed, and UNKNOWN_KEY for a foreign key', async () => {
    const certificate = await issue();
    const [scanned] = await decodeQrCodes(certificate.pdf, 200);
    const [url, jws] = (scanned ?? '').split('#');
    const [head, payload, signature] = (jws ?? '').split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    const changed = Buffer.from(JSON.stringify({ ...claims, ex: 'Someone Else DOO' })).toString('base64url');
    const tampered = await open(`${url}#${head}.${changed}.${signature}`);
    await expect.poll(() => tampered.locator('#status').getAttribute('data-status')).toBe('TAMPERED');
    await shot(tampered, 'tampered');

    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new CompactSign(Buffer.from(payload ?? '', 'base64url'))
      .setProtectedHeader({ alg: 'ES256', kid: 'someone-elses-key' })
      .sign(privateKey);
    const unknown = await open(`${url}#${foreign}`);
    await expect.poll(() => unknown.locator('#status').getAttribute('data-status')).toBe('UNKNOWN_KEY');
    await shot(unknown, 'unknown-key');
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
    await expect.poll(() => page.locator('#file-result').getAttribute('data-result')).toBe('VALID');
    expect(await page.locator('#file-result').textContent()).toContain(certificate.serial);
    await shot(page, 'file-matches');
    await page.setInputFiles('#file', altered);
    await expect.poll(() => page.locator('#file-result').getAttribute('data-result')).toBe('NOT_FOUND');
    expect(await page.locator('#file-result').textContent()).toContain('not an issued certificate');
    await shot(page, 'file-does-not-match');
  });

  it('says REVOKED, SUPERSEDED and NOT_FOUND each in its own way', async () => {
    const revoked = await issue();
    await stack.request(`/api/certificates/${revoked.serial}/revoke`, {
      token: await stack.login('staff'),
      json: { reason: 'goods-not-originating' },
    });
    const revokedPage = await open(`${base}/v/${revoked.code}`);
    expect(await revokedPage.locator('#status').getAttribute('data-status')).toBe('REVOKED');
    await shot(revokedPage, 'revoked');
    const missing = await open(`${base}/v/ABCDEFGHJKMNPQRS`);
    expect(await missing.locator('#status').getAttribute('data-status')).toBe('NOT_FOUND');
    await shot(missing, 'not-found');
  });
});
