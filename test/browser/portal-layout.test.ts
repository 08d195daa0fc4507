// The portal's layout at 360 px in a real browser (Debian's Chromium driven by playwright-core) against
// `npm start`'s local stack: a 48-letter German compound in the consignee's name, a goods description, the
// remarks and the chamber's comment wraps inside the page instead of pushing it sideways, on the form, the
// dashboard, the exporter's read-only view, the staff queue and review; the admin's users and organisations
// lists in mk and sq keep every word of a button or label whole. Screens are saved under test-artifacts/portal-layout/ for a human to look at.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, stopChild } from '../../functions/local/storage-processes.ts';
import { sampleInvoicePdf } from '../fixtures/documents.ts';
import { launchChromium } from '../support/chromium.ts';

const ARTIFACTS = 'test-artifacts/portal-layout';
const PASSWORD = 'portal-layout-test-password';
const NARROW = { width: 360, height: 780 };
const COMPOUND = 'Donaudampfschifffahrtsgesellschaftskapitänswitwe';

let server: ChildProcess | undefined;
let output = '';
let base: string;
let dataDir: string;
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

const expectNoSidewaysScroll = async (page: Page, name: string) => {
  await page.screenshot({ path: `${ARTIFACTS}/${name}-360.png`, fullPage: true });
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${name} is ${scrollWidth} px wide`).toBeLessThanOrEqual(NARROW.width);
};

const logIn = async (page: Page, email: string) => {
  await page.goto(`${base}/portal/login?lang=en`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
};

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  dataDir = await mkdtemp(join(tmpdir(), 'tradecert-layout-'));
  await mkdir(ARTIFACTS, { recursive: true });
  await startServer(port);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (server) await stopChild(server);
  await rm(dataDir, { recursive: true, force: true });
});

describe('the portal at 360 px', () => {
  it('wraps a long German compound in names, descriptions and remarks instead of scrolling sideways', async () => {
    const context = await browser.newContext({ viewport: NARROW, locale: 'de-DE' });
    const page = await context.newPage();
    await logIn(page, 'exporter@demo.test');

    await page.goto(`${base}/portal/applications/new?type=co`);
    await page.fill('#f-consignee-name', `${COMPOUND} ${COMPOUND}GmbH`);
    await page.fill('#f-consignee-address', `${COMPOUND}straße 1, 70173 Stuttgart`);
    await page.selectOption('#f-consignee-country', 'DE');
    await page.fill('#f-goods-0-description', `${COMPOUND}handschuhe`);
    await page.fill('#f-goods-0-packages-count', '3');
    await page.fill('#f-goods-0-packages-kind', 'Kartons');
    await page.fill('#f-goods-0-hsCode', '6116.10');
    await page.fill('#f-goods-0-quantity-value', '300');
    await page.fill('#f-goods-0-quantity-unit', 'Paar');
    await page.fill('#f-remarks', `${COMPOUND}${COMPOUND}`);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.summary').count(), 'the draft was refused').toBe(0);
    await page.waitForURL(/\/portal\/applications\/[0-9a-f-]{36}$/);
    const applicationUrl = page.url();
    await expectNoSidewaysScroll(page, 'form');

    await page.goto(`${base}/portal/applications`);
    expect(await page.locator('main').textContent()).toContain(COMPOUND);
    await expectNoSidewaysScroll(page, 'dashboard');

    // completed and submitted; staff read it and send it back with a comment that quotes the name
    await page.goto(applicationUrl);
    await page.selectOption('#f-originCountry', 'MK');
    await page.selectOption('#f-destinationCountry', 'DE');
    await page.selectOption('#f-transport-mode', 'road');
    await page.fill('#f-invoices-0-number', 'INV-1');
    await page.fill('#f-invoices-0-date', '2026-11-20');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(applicationUrl);
    const invoice = join(dataDir, 'invoice.pdf');
    await writeFile(invoice, await sampleInvoicePdf());
    await page.selectOption('#attachment-kind', 'invoice');
    await page.setInputFiles('#attachment-file', invoice);
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.locator('#attachment-list li[data-attachment]').count()).toBe(1);
    await page.locator('#f-declare').check();
    await page.getByRole('button', { name: 'Submit to the chamber' }).click();
    await page.waitForURL(applicationUrl);
    expect(await page.locator('main .badge').first().getAttribute('data-status')).toBe('SUBMITTED');
    await expectNoSidewaysScroll(page, 'submitted');

    const staffContext = await browser.newContext({ viewport: NARROW, locale: 'de-DE' });
    const staff = await staffContext.newPage();
    await logIn(staff, 'staff@demo.test');
    const applicationId = applicationUrl.split('/').pop() ?? '';
    await staff.goto(`${base}/portal/queue`);
    await expectNoSidewaysScroll(staff, 'queue');
    await staff.goto(`${base}/portal/queue/${applicationId}`);
    await expectNoSidewaysScroll(staff, 'review');
    await staff.fill('#f-comment', `Bitte den Namen „${COMPOUND}${COMPOUND}“ prüfen.`);
    await staff.getByRole('button', { name: 'Request changes' }).click();
    await staff.waitForURL(`${base}/portal/queue`);
    await staffContext.close();

    await page.goto(applicationUrl);
    expect(await page.locator('[data-staff-comment]').textContent()).toContain(COMPOUND);
    await expectNoSidewaysScroll(page, 'changes-requested');
    await context.close();
  });
});

/**
 * Words that the page breaks inside: a button's or link-button's word spread over two lines, or a stacked
 * table's label (td::before) wider than the column it is given.
 */
const brokenWords = (page: Page) =>
  page.evaluate(() => {
    const broken: string[] = [];
    for (const element of Array.from(document.querySelectorAll('main button, main .button'))) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if ((node.parentElement?.closest('.sr-only') ?? null) !== null) continue;
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index ?? 0);
          range.setEnd(node, (match.index ?? 0) + match[0].length);
          const lines = new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top)));
          if (lines.size > 1) broken.push(`button word "${match[0]}"`);
        }
      }
    }
    const probe = document.createElement('span');
    probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font-weight:600';
    document.body.append(probe);
    for (const cell of Array.from(document.querySelectorAll<HTMLElement>('table.stack td'))) {
      const label = getComputedStyle(cell, '::before').content;
      if (!label || label === 'none' || label === '""') continue;
      const column = Number.parseFloat(getComputedStyle(cell).gridTemplateColumns.split(' ')[0] ?? '0');
      for (const word of label.replace(/^"|"$/g, '').split(/\s+/)) {
        probe.textContent = word;
        if (probe.getBoundingClientRect().width > column + 0.5) broken.push(`label word "${word}"`);
      }
    }
    probe.remove();
    return [...new Set(broken)];
  });

describe('the users page at 360 px', () => {
  it.each(['mk', 'sq'])(
    'in %s: stacked cards, no sideways scroll, no word broken in a button or label',
    async (language) => {
      const context = await browser.newContext({ viewport: NARROW, locale: language });
      const page = await context.newPage();
      await logIn(page, 'admin@demo.test');
      await page.goto(`${base}/portal/admin/users?lang=${language}`);
      await expectNoSidewaysScroll(page, `users-${language}`);
      expect(await brokenWords(page)).toEqual([]);
      // the actions of a user sit together below the user's details, not in the label column
      const cell = page.locator('#users td.actions-cell').nth(1);
      const [cellBox, resetBox] = await Promise.all([
        cell.boundingBox(),
        cell.locator('a.button').boundingBox(),
      ]);
      expect(resetBox?.x ?? 0).toBeGreaterThanOrEqual(cellBox?.x ?? 0);
      await page.goto(`${base}/portal/admin/organisations?lang=${language}`);
      await expectNoSidewaysScroll(page, `organisations-${language}`);
      expect(await brokenWords(page)).toEqual([]);
      await context.close();
    },
  );
});
