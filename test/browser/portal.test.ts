// The portal end to end in a real browser (Debian's Chromium driven by playwright-core) against `npm start`'s
// local stack, started as a user starts it: an exporter fills a certificate of origin with three goods lines
// (one imported from CSV), uploads an invoice and submits; staff request a change; the exporter fixes and
// resubmits; staff approve; the exporter downloads the PDF, and the QR on it opens a page that says VALID.
// Every screen is saved at 360 px and 1280 px wide under test-artifacts/portal/ for a human to look at.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, stopChild } from '../../functions/local/storage-processes.ts';
import { sampleInvoicePdf } from '../fixtures/documents.ts';
import { launchChromium } from '../support/chromium.ts';
import { decodeQrCodes, pdfToText } from '../support/pdf-tools.ts';

const ARTIFACTS = 'test-artifacts/portal';
const PASSWORD = 'portal-browser-test-password';
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 780 };

let server: ChildProcess | undefined;
let output = '';
let base: string;
let dataDir: string;
let workDir: string;
let browser: Browser;

/** `npm start` as a user runs it, on a free port with its data in a fresh directory. */
const startServer = async (port: number) => {
  server = spawn(join('node_modules', '.bin', 'tsx'), ['functions/local/server.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO_PASSWORD: PASSWORD },
    stdio: 'pipe',
  });
  const collect = (chunk: Buffer) => {
    output += chunk;
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const healthy = await fetch(`${base}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server did not become healthy:\n${output}`);
};

/** Waits until every inline PDF preview on the page has loaded its document (a condition, not a sleep). */
const previewsLoaded = async (page: Page) => {
  for (const preview of await page.locator('iframe.preview').elementHandles()) {
    const frame = await preview.contentFrame();
    if (!frame) throw new Error('an inline preview has no frame');
    await frame.waitForLoadState('load');
    await expect
      .poll(() => frame.evaluate(() => document.readyState === 'complete' && document.body !== null))
      .toBe(true);
  }
};

/** Full-page screenshots of the current screen, wide and narrow. */
const shot = async (page: Page, name: string) => {
  const size = page.viewportSize() ?? WIDE;
  await page.setViewportSize(WIDE);
  await page.screenshot({ path: `${ARTIFACTS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize(NARROW);
  await page.screenshot({ path: `${ARTIFACTS}/${name}-360.png`, fullPage: true });
  await page.setViewportSize(size);
};

const contexts: BrowserContext[] = [];
const newPage = async (locale = 'en-GB') => {
  const context = await browser.newContext({ viewport: WIDE, locale, acceptDownloads: true });
  contexts.push(context);
  return context.newPage();
};

const logIn = async (page: Page, email: string) => {
  await page.goto(`${base}/portal/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
};

const fillGoodsLine = async (
  page: Page,
  index: number,
  line: { description: string; hsCode: string; count: string; kind: string; quantity: string; unit: string },
) => {
  await page.fill(`#f-goods-${index}-description`, line.description);
  await page.fill(`#f-goods-${index}-marks`, `MT-${index + 1}`);
  await page.fill(`#f-goods-${index}-packages-count`, line.count);
  await page.fill(`#f-goods-${index}-packages-kind`, line.kind);
  await page.fill(`#f-goods-${index}-hsCode`, line.hsCode);
  await page.fill(`#f-goods-${index}-quantity-value`, line.quantity);
  await page.fill(`#f-goods-${index}-quantity-unit`, line.unit);
};

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  dataDir = await mkdtemp(join(tmpdir(), 'tradecert-portal-'));
  workDir = await mkdtemp(join(tmpdir(), 'tradecert-portal-files-'));
  await mkdir(ARTIFACTS, { recursive: true });
  await startServer(port);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  if (server) await stopChild(server);
  await rm(dataDir, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
});

describe('the portal in a browser', () => {
  it('takes a certificate of origin from the exporter through review and approval to a VALID verification', async () => {
    const exporter = await newPage();
    const staff = await newPage();

    // the exporter logs in and starts a certificate of origin
    await logIn(exporter, 'exporter@demo.test');
    expect(new URL(exporter.url()).pathname).toBe('/portal/applications');
    await shot(exporter, '01-exporter-dashboard-empty');
    await exporter.getByRole('link', { name: '+ New certificate of origin' }).click();
    await exporter.waitForURL(/\/portal\/applications\/new\?type=co$/);

    // submitting the empty form stores the draft, and shows every error beside its field and in the summary
    await exporter.getByRole('button', { name: 'Submit to the chamber' }).click();
    await exporter.waitForLoadState();
    const stored = (await exporter.locator('#application-form').getAttribute('action')) ?? '';
    expect(stored).toMatch(/^\/portal\/applications\/[0-9a-f-]{36}$/);
    const applicationUrl = `${base}${stored}`;
    expect(await exporter.locator('.summary[role=alert]').isVisible()).toBe(true);
    expect(await exporter.locator('#f-consignee-name').getAttribute('aria-invalid')).toBe('true');
    expect(await exporter.locator('#f-consignee-name-error').textContent()).toContain('is required');
    expect(await exporter.locator('#f-consignee-name').getAttribute('aria-describedby')).toContain(
      'f-consignee-name-error',
    );
    expect(await exporter.evaluate(() => document.activeElement?.classList.contains('summary'))).toBe(true);
    await shot(exporter, '02-exporter-form-errors');

    // boxes 2–4, two goods lines typed in (the second added in place by the script), the invoice
    await exporter.fill('#f-consignee-name', 'Müller & Söhne Textilhandel GmbH');
    await exporter.fill('#f-consignee-address', 'Königstraße 12, 70173 Stuttgart');
    await exporter.selectOption('#f-consignee-country', 'DE');
    await exporter.selectOption('#f-originCountry', 'MK');
    await exporter.selectOption('#f-destinationCountry', 'DE');
    await exporter.selectOption('#f-transport-mode', 'road');
    await exporter.fill('#f-transport-details', 'Truck SK-1234-AB');
    await fillGoodsLine(exporter, 0, {
      description: 'Men’s cotton T-shirts, knitted',
      hsCode: '6109.10',
      count: '10',
      kind: 'cartons',
      quantity: '1200',
      unit: 'pcs',
    });
    const before = exporter.url();
    await exporter.getByRole('button', { name: '+ Add goods line' }).click();
    expect(exporter.url()).toBe(before); // in place, no round trip
    await expect.poll(() => exporter.locator('#goods-lines .line').count()).toBe(2);
    expect(await exporter.evaluate(() => document.activeElement?.id)).toBe('f-goods-1-description');
    await fillGoodsLine(exporter, 1, {
      description: 'Women’s wool sweaters',
      hsCode: '6110.20', // wrong on purpose: staff will ask for a correction
      count: '5',
      kind: 'cartons',
      quantity: '300.5',
      unit: 'pcs',
    });
    await exporter.getByRole('button', { name: '+ Add goods line' }).click();
    await expect.poll(() => exporter.locator('#goods-lines .line').count()).toBe(3);
    await exporter
      .locator('#goods-lines .line')
      .nth(2)
      .getByRole('button', { name: /Remove line/ })
      .click();
    await expect.poll(() => exporter.locator('#goods-lines .line').count()).toBe(2);
    await exporter.fill('#f-invoices-0-number', 'INV-2026-0042');
    await exporter.fill('#f-invoices-0-date', '2026-11-20');

    // the third line comes from a CSV file (semicolon separated, decimal comma, as a spreadsheet saves it)
    const csv = join(workDir, 'goods.csv');
    await writeFile(
      csv,
      'description;hs_code;packages_count;packages_kind;quantity;unit;gross_mass_kg;marks\n' +
        '"Children’s pyjamas; cotton";6108.31;4;cartons;250;pcs;80,5;MT-3\n',
    );
    await exporter.setInputFiles('#goods-csv', csv);
    await exporter.getByRole('button', { name: 'Import lines' }).click();
    await exporter.waitForLoadState();
    expect(await exporter.locator('#import-result .flash').textContent()).toContain('1');
    expect(await exporter.locator('#goods-lines .line').count()).toBe(3);
    expect(await exporter.inputValue('#f-goods-2-description')).toBe('Children’s pyjamas; cotton');
    expect(await exporter.inputValue('#f-goods-1-quantity-value')).toBe('300.5');
    await shot(exporter, '03-exporter-form-imported');

    // the invoice uploads with a progress bar, without leaving the page
    await exporter.selectOption('#attachment-kind', 'invoice');
    const invoice = join(workDir, 'invoice-INV-2026-0042.pdf');
    await writeFile(invoice, await sampleInvoicePdf());
    await exporter.setInputFiles('#attachment-file', invoice);
    await exporter.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => exporter.locator('#attachment-list li[data-attachment]').count()).toBe(1);
    expect(await exporter.locator('.upload-status').textContent()).toBe('Document uploaded.');
    await shot(exporter, '04-exporter-form-complete');

    // the signatory signs the exporter's declaration by ticking its box (docs/legal.md §8)
    await exporter.locator('#f-declare').check();
    await exporter.getByRole('button', { name: 'Submit to the chamber' }).click();
    await exporter.waitForURL(applicationUrl);
    expect(await exporter.locator('.flash').textContent()).toContain('Submitted');
    expect(await exporter.locator('main .badge').first().getAttribute('data-status')).toBe('SUBMITTED');
    await shot(exporter, '05-exporter-submitted');

    // staff find it in the queue, review it with the preview, and ask for a change
    await logIn(staff, 'staff@demo.test');
    expect(new URL(staff.url()).pathname).toBe('/portal/queue');
    const applicationId = applicationUrl.split('/').pop() ?? '';
    const row = staff.locator(`#queue tr[data-application="${applicationId}"]`);
    expect(await row.isVisible()).toBe(true);
    await shot(staff, '06-staff-queue');
    await row.getByRole('link', { name: /Review/ }).click();
    await staff.waitForURL(`${base}/portal/queue/${applicationId}`);
    const preview = await staff.request.get(`${base}/portal/queue/${applicationId}/preview.pdf`);
    expect(preview.headers()['content-type']).toBe('application/pdf');
    expect((await preview.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await previewsLoaded(staff); // the inline PDF viewers have their documents before the screenshot
    await shot(staff, '07-staff-review');
    await staff.fill('#f-comment', 'Line 2: the HS code of wool sweaters is 6110.11, please correct it.');
    await staff.getByRole('button', { name: 'Request changes' }).click();
    await staff.waitForURL(`${base}/portal/queue`);
    expect(await staff.locator('.flash').textContent()).toContain('Sent back');

    // the exporter reads the comment, corrects line 2 and resubmits
    await exporter.goto(`${base}/portal/applications`);
    await shot(exporter, '08-exporter-dashboard-changes-requested');
    await exporter.locator(`#applications tr[data-application="${applicationId}"] a`).click();
    expect(await exporter.locator('[data-staff-comment]').textContent()).toContain('6110.11');
    await shot(exporter, '09-exporter-changes-requested');
    await exporter.fill('#f-goods-1-hsCode', '6110.11');
    await exporter.locator('#f-declare').check();
    await exporter.getByRole('button', { name: 'Submit to the chamber' }).click();
    await exporter.waitForURL(applicationUrl);
    expect(await exporter.locator('main .badge').first().getAttribute('data-status')).toBe('SUBMITTED');

    // staff approve with one confirmation
    await staff.goto(`${base}/portal/queue/${applicationId}`);
    await staff.check('#confirm-approve');
    await staff.getByRole('button', { name: 'Approve and issue' }).click();
    await staff.waitForURL(`${base}/portal/queue/${applicationId}`);
    expect(await staff.locator('.flash').textContent()).toContain('certificate issued');
    const serial = (await staff.locator('[data-serial]').textContent()) ?? '';
    expect(serial).toMatch(/^MK-CO-\d{4}-\d{6}$/);
    await shot(staff, '10-staff-approved');

    // the exporter downloads the sealed PDF; its QR opens the verification page, which says VALID
    await exporter.goto(applicationUrl);
    expect(await exporter.locator('main .badge').first().getAttribute('data-status')).toBe('ISSUED');
    await shot(exporter, '11-exporter-issued');
    const [download] = await Promise.all([
      exporter.waitForEvent('download'),
      exporter.locator('[data-download]').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${serial}.pdf`);
    const saved = join(workDir, 'certificate.pdf');
    await download.saveAs(saved);
    const pdf = new Uint8Array(await readFile(saved));
    const [scanned] = await decodeQrCodes(pdf, 200);
    expect(scanned).toMatch(new RegExp(`^${base}/v/[0-9A-Z]{16}#`));
    const verification = await newPage();
    await verification.goto(scanned ?? '');
    await expect.poll(() => verification.locator('#seal').isVisible()).toBe(true);
    expect(await verification.locator('#status').getAttribute('data-status')).toBe('VALID');
    expect(await verification.locator('[data-fact=serial]').textContent()).toBe(serial);
    await shot(verification, '12-verification-valid');
  }, 240_000);

  it('speaks Macedonian, with dates and numbers as Macedonian writes them', async () => {
    const page = await newPage('mk-MK');
    await page.goto(`${base}/portal/login`);
    expect(await page.locator('html').getAttribute('lang')).toBe('mk');
    expect(await page.locator('h1').textContent()).toBe('Најава');
    await page.getByLabel('Е-пошта').fill('exporter@demo.test');
    await page.getByLabel('Лозинка').fill(PASSWORD);
    await page.getByRole('button', { name: 'Најави се' }).click();
    await page.waitForURL(/\/portal\/applications$/);
    expect(await page.locator('h1').textContent()).toBe('Мои барања');
    await shot(page, '13-exporter-dashboard-macedonian');
    await page.goto(`${base}/portal/applications?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('My applications');
    await page.goto(`${base}/portal/applications`);
    expect(await page.locator('h1').textContent()).toBe('My applications'); // the choice is remembered
  });

  it('reads Macedonian "1.250,5" and "1.200" as written, through to the issued PDF', async () => {
    const exporter = await newPage('mk-MK');
    await exporter.goto(`${base}/portal/login`);
    await exporter.getByLabel('Е-пошта').fill('exporter@demo.test');
    await exporter.getByLabel('Лозинка').fill(PASSWORD);
    await exporter.getByRole('button', { name: 'Најави се' }).click();
    await exporter.waitForURL(/\/portal\/applications$/);
    await exporter.getByRole('link', { name: '+ Ново уверение за потекло' }).click();
    await exporter.waitForURL(/\/portal\/applications\/new\?type=co$/);
    // documents attach to a stored application: the first save stores the draft
    await exporter.locator('button[name=action][value=save]').click();
    await exporter.waitForURL(/\/portal\/applications\/[0-9a-f-]{36}$/);
    const applicationUrl = exporter.url();

    await exporter.fill('#f-consignee-name', 'Müller & Söhne Textilhandel GmbH');
    await exporter.fill('#f-consignee-address', 'Königstraße 12\n70173 Stuttgart');
    await exporter.selectOption('#f-consignee-country', 'DE');
    await exporter.selectOption('#f-originCountry', 'MK');
    await exporter.selectOption('#f-destinationCountry', 'DE');
    await exporter.selectOption('#f-transport-mode', 'road');
    await fillGoodsLine(exporter, 0, {
      description: 'Машки памучни маици',
      hsCode: '6109.10',
      count: '10',
      kind: 'кутии',
      quantity: '1,200', // could be 1,2 or 1.200: refused, with both readings shown
      unit: 'pcs',
    });
    await exporter.fill('#f-goods-0-grossMassKg', '1.250,5');
    await exporter.fill('#f-invoices-0-number', 'INV-2026-0077');
    await exporter.fill('#f-invoices-0-date', '2026-11-20');
    await exporter.selectOption('#attachment-kind', 'invoice');
    const invoice = join(workDir, 'invoice-INV-2026-0077.pdf');
    await writeFile(invoice, await sampleInvoicePdf('Invoice INV-2026-0077'));
    await exporter.setInputFiles('#attachment-file', invoice);
    await exporter.locator('form[data-upload] button[type=submit]').click();
    await expect.poll(() => exporter.locator('#attachment-list li[data-attachment]').count()).toBe(1);

    await exporter.locator('#f-declare').check();
    await exporter.locator('button[name=action][value=submit]').click();
    await exporter.waitForLoadState();
    expect(await exporter.locator('#f-goods-0-quantity-value').getAttribute('aria-invalid')).toBe('true');
    expect(await exporter.locator('#f-goods-0-quantity-value-error').textContent()).toBe(
      '„1,200“ може да значи 1,2 или 1.200: напишете 1,2 или 1200',
    );
    expect(await exporter.inputValue('#f-goods-0-grossMassKg')).toBe('1.250,5');
    await shot(exporter, '20-exporter-macedonian-number-refused');

    await exporter.fill('#f-goods-0-quantity-value', '1.200');
    await exporter.locator('#f-declare').check();
    await exporter.locator('button[name=action][value=submit]').click();
    await exporter.waitForURL(applicationUrl);
    expect(await exporter.locator('main .badge').first().getAttribute('data-status')).toBe('SUBMITTED');
    const facts = (await exporter.locator('#facts-title + dl + h3 + .table-wrap').textContent()) ?? '';
    // the page says the unit in the reader's words; the PDF below keeps its own fixed "pcs"
    expect(facts).toContain('1.200 парчиња');
    expect(facts).toContain('1.250,5');
    expect(await exporter.locator('section[aria-labelledby=facts-title]').textContent()).toContain(
      'INV-2026-0077 (20 ное. 2026 г.)',
    );
    await shot(exporter, '21-exporter-macedonian-submitted');

    const staff = await newPage();
    await logIn(staff, 'staff2@demo.test');
    const applicationId = applicationUrl.split('/').pop() ?? '';
    await staff.goto(`${base}/portal/queue/${applicationId}`);
    await staff.check('#confirm-approve');
    await staff.getByRole('button', { name: 'Approve and issue' }).click();
    await staff.waitForURL(`${base}/portal/queue/${applicationId}`);
    expect(await staff.locator('.flash').textContent()).toContain('certificate issued');

    await exporter.goto(applicationUrl);
    const [download] = await Promise.all([
      exporter.waitForEvent('download'),
      exporter.locator('[data-download]').click(),
    ]);
    const saved = join(workDir, 'certificate-mk.pdf');
    await download.saveAs(saved);
    const printed = await pdfToText(new Uint8Array(await readFile(saved)));
    // the PDF writes quantities one fixed way for both of its languages: "," groups thousands, "." decimals
    expect(printed).toMatch(/1,200 pcs/);
    expect(printed).toMatch(/1,250\.5/);
    expect(printed).not.toMatch(/\b1\.2 pcs/);
  }, 240_000);

  it('shows an exporter a refusal, not the staff pages, and keeps keyboard focus visible', async () => {
    const page = await newPage();
    await logIn(page, 'exporter@demo.test');
    const response = await page.goto(`${base}/portal/queue`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('You may not open this page');
    await shot(page, '14-exporter-refused-staff-page');
    await page.goto(`${base}/portal/applications`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).toBe('solid');
  });

  it('gives staff and administrators their screens: certificate search, organisations, users, keys', async () => {
    const staff = await newPage();
    await logIn(staff, 'staff2@demo.test');
    await staff.goto(`${base}/portal/certificates`);
    await staff.getByLabel(/Serial number/).fill('MK-CO-2026-999999');
    await staff.getByRole('button', { name: 'Find' }).click();
    expect(await staff.locator('#f-serial-error').isVisible()).toBe(true);
    await shot(staff, '15-staff-find-certificate');
    const admin = await newPage();
    await logIn(admin, 'admin@demo.test');
    expect(new URL(admin.url()).pathname).toBe('/portal/admin/organisations');
    expect(await admin.locator('#organisations').textContent()).toContain('Македонски Текстил ДООЕЛ');
    await shot(admin, '16-admin-organisations');
    await admin.goto(`${base}/portal/admin/users`);
    expect(await admin.locator('#users').textContent()).toContain('exporter@demo.test');
    await shot(admin, '17-admin-users');
    await admin.goto(`${base}/portal/admin/keys`);
    expect(await admin.locator('#keys code').count()).toBeGreaterThan(0);
    await shot(admin, '18-admin-keys');
    const exporter = await newPage();
    await logIn(exporter, 'exporter@demo.test');
    await exporter.goto(`${base}/portal/settings/api-keys`);
    await exporter.getByLabel('Name').fill('ERP');
    await exporter.getByRole('button', { name: 'Create key' }).click();
    expect(await exporter.locator('[data-secret]').textContent()).toMatch(/^tck_/);
    expect(exporter.url()).not.toContain('tck_');
    await shot(exporter, '19-exporter-api-keys');
  });
});
