// The QR of another network member opened on this deployment's verification page, in a real browser
// (docs/network.md §6): the code is not found here, the page's script sends the seal from the fragment back as
// ?jws=, and the page shows the member's certificate VALID through the trust list, saying whose revocation list
// the status is from. Two deployments on the shared DynamoDB Local (own tables and keys), each on its own port.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileOperatorSigner } from '../../functions/adapters/local/operator-key.ts';
import {
  chamberOfConfig,
  exportMembers,
  operatorKeygen,
  signNetworkList,
} from '../../functions/cli/network-commands.ts';
import { buildNetwork } from '../../functions/config/network-deps.ts';
import { qrContentOfPdf } from '../../functions/core/sealing/seal-in-pdf.ts';
import { freePort } from '../../functions/local/storage-processes.ts';
import { MESSAGES } from '../../functions/verify/messages.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { launchChromium } from '../support/chromium.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

const ARTIFACTS = 'test-artifacts/verification-page';
let here: TestStack;
let member: TestStack;
let servers: ReturnType<typeof serve>[] = [];
let browser: Browser;
let baseHere: string;
let baseMember: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-federation-page-'));
  const operatorFile = join(dir, 'operator.jwk');
  const listFile = join(dir, 'list.jws');
  const operatorPublic = await operatorKeygen(operatorFile);
  const [portHere, portMember] = [await freePort(), await freePort()];
  baseHere = `http://localhost:${portHere}`;
  baseMember = `http://localhost:${portMember}`;
  here = await createTestStack({
    PUBLIC_BASE_URL: baseHere,
    TRUST_LIST_FILE: listFile,
    TRUST_LIST_OPERATOR_KEY: JSON.stringify(operatorPublic),
  });
  member = await createTestStack({
    PUBLIC_BASE_URL: baseMember,
    ISSUER_ID: 'al-chamber',
    ISSUER_NAME: 'Albanian Demo Chamber',
    ISSUER_NAME_LOCAL: 'Dhoma Demo e Shqipërisë',
    ISSUER_COUNTRY: 'AL',
    SERIAL_PREFIX: 'AL',
  });
  servers = [
    serve({ fetch: here.app.fetch, port: portHere, hostname: '127.0.0.1' }),
    serve({ fetch: member.app.fetch, port: portMember, hostname: '127.0.0.1' }),
  ];
  await member.core.refreshStatusList();
  const files = [join(dir, 'here.json'), join(dir, 'member.json')];
  await writeFile(files[0] as string, JSON.stringify(exportMembers([await chamberOfConfig(here.config)])));
  await writeFile(files[1] as string, JSON.stringify(exportMembers([await chamberOfConfig(member.config)])));
  const { jws } = await signNetworkList({
    memberFiles: files,
    signer: await fileOperatorSigner(operatorFile),
    iss: 'https://network.test',
  });
  await writeFile(listFile, jws);
  const network = await buildNetwork(here.config, here.db);
  expect(await network?.refresh({ force: true })).toMatchObject({ status: 'ok', version: 1 });
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

describe('a QR of another network member on this verification page', () => {
  it('is checked through the trust list and shows VALID with whose list the status is from', async () => {
    const { id, version } = await submittedApplication(member, sampleCertificateOfOrigin(2));
    const approved = await readJson(
      await member.request(`/api/applications/${id}/approve`, {
        token: await member.login('staff'),
        json: { version },
      }),
    );
    const { serial } = approved.certificate as { serial: string };
    const pdf = new Uint8Array(
      await (
        await member.request(`/api/certificates/${serial}/pdf`, { token: await member.login('exporterA') })
      ).arrayBuffer(),
    );
    const scanned = qrContentOfPdf(pdf) ?? '';
    expect(scanned.startsWith(`${baseMember}/v/`)).toBe(true);
    // the same QR, opened on this deployment
    for (const language of ['en', 'sq'] as const) {
      const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
      const page = await context.newPage();
      await page.goto(`${scanned.replace(baseMember, baseHere).replace('#', `?lang=${language}#`)}`);
      await page.waitForURL(/[?&]jws=/);
      await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('VALID');
      expect(await page.locator('#status h1').textContent()).toBe(MESSAGES[language].outcomes.VALID.headline);
      const facts = (await page.locator('[data-fact="network"]').textContent()) ?? '';
      expect(facts).toContain(serial);
      expect(facts).toContain('Dhoma Demo e Shqipërisë');
      expect(await page.locator('[data-fact="status-from"]').textContent()).toContain(
        MESSAGES[language].labels.networkStatusFrom.split('{name}')[0] ?? '',
      );
      await page.screenshot({ path: `${ARTIFACTS}/network-member-valid-${language}.png`, fullPage: true });
      await context.close();
    }
  });
});
