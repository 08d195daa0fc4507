// End to end over HTTP against `npm start`'s own stack (DynamoDB Local and s3rver as child processes):
// apply, approve, download the PDF, read it, scan its QR, verify the seal and the code.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config/config.ts';
import { type RunningStack, startLocalStack } from '../../functions/local/server.ts';
import { freePort } from '../../functions/local/storage-processes.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { decodeQrCodes, pdfToText } from '../support/pdf-tools.ts';
import { attachInvoice } from '../support/test-stack.ts';

const PASSWORD = 'demo-password-for-tests';
let stack: RunningStack;
let dataDir: string;

const call = async (path: string, init: { token?: string; json?: unknown } = {}) =>
  fetch(`${stack.url}${path}`, {
    method: init.json === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });

const login = async (email: string) => {
  const response = await call('/api/auth/login', { json: { email, password: PASSWORD } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tradecert-e2e-'));
  const port = await freePort();
  stack = await startLocalStack(
    loadConfig({ DATA_DIR: dataDir, PORT: String(port), DEMO_PASSWORD: PASSWORD }),
  );
});

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a certificate of origin from application to verification', () => {
  it('is applied for, approved, sealed, stored, downloaded, scanned and verified', async () => {
    expect((await call('/healthz')).status).toBe(200);
    const exporter = await login('exporter@demo.test');
    const created = await call('/api/applications', {
      token: exporter,
      json: { type: 'co', data: sampleCertificateOfOrigin(3) },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await attachInvoice((path, init) => fetch(`${stack.url}${path}`, init), exporter, id);
    expect(
      (await call(`/api/applications/${id}/submit`, { token: exporter, json: { version: 1 } })).status,
    ).toBe(200);

    const staff = await login('staff@demo.test');
    const approved = await call(`/api/applications/${id}/approve`, { token: staff, json: { version: 2 } });
    expect(approved.status).toBe(201);
    const { certificate } = (await approved.json()) as {
      certificate: { serial: string; code: string; sha256: string };
    };

    const download = await call(`/api/certificates/${certificate.serial}/pdf`, { token: exporter });
    expect(download.status).toBe(200);
    const pdf = new Uint8Array(await download.arrayBuffer());

    const text = await pdfToText(pdf);
    expect(text).toContain(certificate.serial);
    expect(text).toContain('Македонски Текстил ДООЕЛ');
    expect(text).toContain('Müller & Söhne Textilhandel GmbH');
    expect(text).toContain('CERTIFICATE OF ORIGIN');

    const [scanned] = await decodeQrCodes(pdf, 200);
    expect(scanned).toBeTruthy();
    const qr = scanned ?? '';
    expect(qr.length).toBeLessThanOrEqual(560); // README "The QR": at most version 18-M
    const match = qr.match(/^(.+)\/v\/([0-9A-Z]{16})#([\w-]+\.[\w-]+\.[\w-]+)$/);
    expect(match?.[1]).toBe(stack.config.publicBaseUrl);
    expect(match?.[2]).toBe(certificate.code);
    const jws = match?.[3] ?? '';

    const jwks = await (await call('/.well-known/jwks.json')).json();
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks as never), {
      algorithms: ['ES256'],
    });
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(claims).toMatchObject({
      sn: certificate.serial,
      t: 'co',
      o: 'MK',
      ds: 'DE',
      ex: 'Македонски Текстил ДООЕЛ',
    });
    expect(protectedHeader.kid).toBeDefined();

    const verified = await call(`/api/verify/${certificate.code}`);
    expect(verified.status).toBe(200);
    expect(((await verified.json()) as { status: string }).status).toBe('VALID');
    const bySeal = await call('/api/verify/jws', { json: { jws } });
    expect(((await bySeal.json()) as { status: string }).status).toBe('VALID');
  });

  it('renders long goods lists onto continuation sheets, each with the serial and a QR that scans', async () => {
    const exporter = await login('exporter@demo.test');
    const created = await call('/api/applications', {
      token: exporter,
      json: { type: 'co', data: sampleCertificateOfOrigin(40) },
    });
    const { id } = (await created.json()) as { id: string };
    await attachInvoice((path, init) => fetch(`${stack.url}${path}`, init), exporter, id);
    await call(`/api/applications/${id}/submit`, { token: exporter, json: { version: 1 } });
    const approved = await call(`/api/applications/${id}/approve`, {
      token: await login('staff2@demo.test'),
      json: { version: 2 },
    });
    const { certificate } = (await approved.json()) as { certificate: { serial: string } };
    const pdf = new Uint8Array(
      await (await call(`/api/certificates/${certificate.serial}/pdf`, { token: exporter })).arrayBuffer(),
    );
    const pages = (await pdfToText(pdf)).split('\f').filter((page) => page.trim());
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => {
      expect(page).toContain(certificate.serial);
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
    });
    const codes = await decodeQrCodes(pdf, 200);
    expect(codes).toHaveLength(pages.length);
    expect(new Set(codes).size).toBe(1);
    expect(codes[0]).toMatch(/\/v\/[0-9A-Z]{16}#/);
  });
});
