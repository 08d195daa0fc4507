// The `tradecert` command against a running service and offline against a trust directory.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchTrust,
  findSeal,
  readTrust,
  verifyOffline,
  verifyOnline,
} from '../../functions/cli/verify-command.ts';
import { freePort } from '../../functions/local/storage-processes.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

const run = promisify(execFile);
let stack: TestStack;
let base: string;
let server: ReturnType<typeof serve>;
let trustDir: string;

const issue = async () => {
  const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
  const approved = await readJson(
    await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login('staff'),
      json: { version },
    }),
  );
  const { serial, code } = approved.certificate as { serial: string; code: string };
  const pdf = new Uint8Array(
    await (
      await stack.request(`/api/certificates/${serial}/pdf`, { token: await stack.login('staff') })
    ).arrayBuffer(),
  );
  const seal = await findSeal({ pdf });
  expect(seal).toMatchObject({ base, code });
  const credential = await (await stack.request(`/v/${code}/vc`)).text();
  return { serial, code, pdf, credential, url: `${seal.base}/v/${seal.code}#${seal.jws}` };
};

const revoke = async (serial: string) =>
  stack.request(`/api/certificates/${serial}/revoke`, {
    token: await stack.login('staff'),
    json: { reason: 'fraud' },
  });

const cli = async (...args: string[]) => {
  try {
    const { stdout } = await run(join('node_modules', '.bin', 'tsx'), [
      'functions/cli/tradecert.ts',
      ...args,
    ]);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
};

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  stack = await createTestStack({ PUBLIC_BASE_URL: base });
  server = serve({ fetch: stack.app.fetch, port, hostname: '127.0.0.1' });
  trustDir = await mkdtemp(join(tmpdir(), 'tradecert-trust-'));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('tradecert verify', () => {
  it('checks a QR URL and a PDF online', async () => {
    const valid = await issue();
    expect((await verifyOnline({ text: valid.url })).status).toBe('VALID');
    expect((await verifyOnline({ pdf: valid.pdf })).status).toBe('VALID');
    const altered = valid.pdf.slice();
    const index = altered.length - 200;
    altered[index] = (altered[index] ?? 0) ^ 1;
    expect((await verifyOnline({ pdf: altered })).status).toBe('NOT_FOUND');
  });

  it('checks offline against the trust directory, with and without a revoked serial in the list', async () => {
    const valid = await issue();
    const revokedEarly = await issue();
    await revoke(revokedEarly.serial);
    await fetchTrust(base, trustDir);
    const trust = await readTrust(trustDir);

    const ok = await verifyOffline({ text: valid.url }, trust);
    expect(ok.status).toBe('VALID');
    expect(ok.details.join('\n')).toMatch(/trust data fetched \d+ min ago/);
    expect((await verifyOffline({ pdf: valid.pdf }, trust)).status).toBe('VALID');
    expect((await verifyOffline({ text: revokedEarly.url }, trust)).status).toBe('REVOKED');

    // revoked after the trust data was fetched: the old list cannot know; a fresh one does
    await revoke(valid.serial);
    expect((await verifyOffline({ text: valid.url }, trust)).status).toBe('VALID');
    await fetchTrust(base, trustDir);
    expect((await verifyOffline({ text: valid.url }, await readTrust(trustDir))).status).toBe('REVOKED');
  });

  it('detects a changed seal and a stale list offline', async () => {
    const valid = await issue();
    await fetchTrust(base, trustDir);
    const trust = await readTrust(trustDir);
    const [head, payload, signature] = (valid.url.split('#')[1] ?? '').split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    const forged = [
      head,
      Buffer.from(JSON.stringify({ ...claims, ds: 'US' })).toString('base64url'),
      signature,
    ].join('.');
    expect((await verifyOffline({ text: forged }, trust)).status).toBe('TAMPERED');
    const later = new Date(Date.now() + 3 * 24 * 3_600_000);
    const stale = await verifyOffline({ text: valid.url }, trust, later);
    expect(stale.details.join('\n')).toContain('WARNING: the revocation list was due for renewal');
  });

  it('checks a credential file online and offline, with cached DID document and status list', async () => {
    const valid = await issue();
    const revokedEarly = await issue();
    await revoke(revokedEarly.serial);
    await fetchTrust(base, trustDir);
    const trust = await readTrust(trustDir);
    expect(trust.didDocument?.id).toBe(`did:web:127.0.0.1%3A${new URL(base).port}`);

    expect((await verifyOnline({ text: valid.credential })).status).toBe('VALID');
    expect((await verifyOnline({ text: revokedEarly.credential })).status).toBe('REVOKED');
    const offline = await verifyOffline({ text: valid.credential }, trust);
    expect(offline.status).toBe('VALID');
    expect(offline.details.join('\n')).toMatch(/status list bit \d+ is clear/);
    expect((await verifyOffline({ text: revokedEarly.credential }, trust)).status).toBe('REVOKED');

    const [head, payload, signature] = valid.credential.split('.');
    const vc = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    vc.credentialSubject.destinationCountry = 'US';
    const forged = [head, Buffer.from(JSON.stringify(vc)).toString('base64url'), signature].join('.');
    expect((await verifyOffline({ text: forged }, trust)).status).toBe('TAMPERED');

    const file = join(trustDir, 'certificate.vc.jwt');
    await writeFile(file, valid.credential);
    const checked = await cli('verify', file, '--offline', '--trust-dir', trustDir);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('VALID');
    await revoke(valid.serial);
    expect((await cli('verify', file)).code).toBe(10);
  });

  it('reports each outcome with its documented exit code', async () => {
    const valid = await issue();
    await fetchTrust(base, trustDir);
    const pdfPath = join(trustDir, 'certificate.pdf');
    await writeFile(pdfPath, valid.pdf);
    expect((await cli('verify', valid.url)).code).toBe(0);
    expect((await cli('verify', pdfPath, '--offline', '--trust-dir', trustDir)).code).toBe(0);
    await revoke(valid.serial);
    const revoked = await cli('verify', valid.url);
    expect(revoked.code).toBe(10);
    expect(revoked.stdout).toContain('REVOKED');
    expect((await cli('verify', valid.url, '--offline', '--trust-dir', join(trustDir, 'missing'))).code).toBe(
      20,
    );
    expect((await cli('verify')).code).toBe(2);
  });
});
