// The operator's pages in a real browser (Debian's Chromium driven by playwright-core) against `npm start`'s
// local stack, on the path form /c/platform/portal: the chambers list, the new-chamber form with its errors, the
// one-time password after creating, and a suspension that asks first; at 1280 px and at 360 px without sideways
// scrolling, in en, mk and sq. Screens are saved under test-artifacts/portal-network/ for a human to look at.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, stopChild } from '../../functions/local/storage-processes.ts';
import { launchChromium } from '../support/chromium.ts';

const ARTIFACTS = 'test-artifacts/portal-network';
const PASSWORD = 'portal-network-test-password';
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 780 };

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

const shoot = async (page: Page, name: string, width: number) => {
  await page.screenshot({ path: `${ARTIFACTS}/${name}-${width}.png`, fullPage: true });
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${name} is ${scrollWidth} px wide`).toBeLessThanOrEqual(width);
};

const logInAsOperator = async (page: Page, language: string) => {
  await page.goto(`${base}/c/platform/portal/login?lang=${language}`);
  await page.fill('#f-email', 'operator@demo.test');
  await page.fill('#f-password', PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/c\/platform\/portal\/network\/chambers$/);
};

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  dataDir = await mkdtemp(join(tmpdir(), 'tradecert-network-'));
  await mkdir(ARTIFACTS, { recursive: true });
  await startServer(port);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (server) await stopChild(server);
  await rm(dataDir, { recursive: true, force: true });
});

describe('the operator’s pages', () => {
  it.each([
    ['en', WIDE],
    ['mk', NARROW],
    ['sq', NARROW],
  ] as const)('%s at %o: list, form with errors, created chamber, suspension', async (language, viewport) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await logInAsOperator(page, language);
    const width = viewport.width;
    // the demo's two chambers, and the operator's one navigation entry
    expect(await page.locator('tr[data-chamber]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('nav.main a').count()).toBe(1);
    await shoot(page, `${language}-chambers`, width);

    await page.locator('a[href$="/network/chambers/new"]').click();
    await page.waitForURL(/\/c\/platform\/portal\/network\/chambers\/new$/);
    await page.fill('#f-id', 'Not An Id');
    await page.locator('main form button[type=submit]').first().click();
    await page.waitForSelector('.summary');
    expect(await page.locator('.summary li').count()).toBeGreaterThan(5);
    await shoot(page, `${language}-new-chamber-errors`, width);

    const id = `me-${language}-chamber`;
    await page.fill('#f-id', id);
    await page.fill('#f-serialPrefix', `ME${language.toUpperCase()}`);
    await page.fill('#f-name', 'Chamber of Economy of Montenegro');
    await page.fill('#f-nameLocal', 'Privredna komora Crne Gore');
    await page.selectOption('#f-country', 'ME');
    await page.fill('#f-city', 'Podgorica');
    await page.fill('#f-timeZone', 'Europe/Podgorica');
    await page.selectOption('#f-labelLanguages-0', 'sq');
    await page.selectOption('#f-labelLanguages-1', 'en');
    await page.fill('#f-contact-address', 'Novaka Miloševa 29/II, 81000 Podgorica');
    await page.fill('#f-contact-phone', '+382 20 230 545');
    await page.fill('#f-contact-email', `info@${id}.test`);
    await page.fill('#f-contact-web', 'https://privrednakomora.me');
    await page.fill('#f-admin-email', `admin@${id}.test`);
    await page.fill('#f-admin-name', 'Milica Vuković');
    await page.locator('main form button[type=submit]').first().click();
    await page.waitForURL(/\/c\/platform\/portal\/network\/chambers$/);
    const password = await page.locator('#chamber-notice code.secret').textContent();
    expect(password).toMatch(/^[\w-]{20}$/);
    await shoot(page, `${language}-created`, width);
    await page.reload();
    expect(await page.locator('#chamber-notice').count()).toBe(0);

    await page.locator(`tr[data-chamber="${id}"] form:has(input[value=suspended]) button`).click();
    await page.waitForURL(/\/status\?to=suspended/);
    await shoot(page, `${language}-suspend-confirm`, width);
    await page.locator('main form button[type=submit].danger').click();
    await page.waitForURL(/\/c\/platform\/portal\/network\/chambers$/);
    expect(
      await page
        .locator(`tr[data-chamber="${id}"] [data-chamber-status]`)
        .getAttribute('data-chamber-status'),
    ).toBe('suspended');
    await shoot(page, `${language}-suspended`, width);

    // a stale page: a confirmation opened at version 1, before the suspension, changes nothing and says so
    await page.goto(`${base}/c/platform/portal/network/chambers/${id}/status?to=withdrawn&version=1`);
    await page.locator('main form button[type=submit].danger').click();
    await page.waitForSelector('#stale-version');
    await shoot(page, `${language}-stale`, width);
    await context.close();
  });
});
