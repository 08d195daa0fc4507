// `npm start` as a user runs it: a separate process that keeps everything on disk under DATA_DIR,
// stops its DynamoDB Local and s3rver children on SIGTERM, and finds all data again on the next start.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/storage-processes.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { type LocalServer, startLocalServer } from '../support/local-server.ts';
import { processesMentioning } from '../support/processes.ts';
import { attachInvoice } from '../support/test-stack.ts';

const PASSWORD = 'restart-test-password';
let dataDir: string;
let port: number;
let server: LocalServer | undefined;

const base = () => `http://localhost:${port}`;

const start = async () => {
  server = await startLocalServer({ dataDir, password: PASSWORD, port });
};

const stop = async () => (server ? server.stop() : null);

/** Processes whose command line mentions the data directory: the stack's DynamoDB Local and s3rver. */
const childrenUsing = processesMentioning;

const call = async (path: string, init: { token?: string; json?: unknown } = {}) =>
  fetch(`${base()}${path}`, {
    method: init.json === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });

const login = async (email: string) =>
  (
    (await (await call('/api/auth/login', { json: { email, password: PASSWORD } })).json()) as {
      token: string;
    }
  ).token;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tradecert-restart-'));
  port = await freePort();
});

afterAll(async () => {
  await stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('restarting the local stack', () => {
  it('keeps applications, certificates, stored PDFs and signing keys, and stops its children cleanly', async () => {
    await start();
    expect(server?.output()).toContain(`tradecert is running on http://localhost:${port}`);
    // the seal is timestamped by the local TSA, whose certificate is made once under the keys (docs/legal.md §2)
    expect(server?.output()).toMatch(/timestamps: +the local TSA at http:\/\/127\.0\.0\.1:\d+\/tsa/);
    const tsaCertificate = await readFile(join(dataDir, 'keys', 'tsa.pem'), 'utf8');
    const exporter = await login('exporter@demo.test');
    const created = await call('/api/applications', {
      token: exporter,
      json: { type: 'co', data: sampleCertificateOfOrigin(1) },
    });
    const { id } = (await created.json()) as { id: string };
    await attachInvoice((path, init) => fetch(`${base()}${path}`, init), exporter, id);
    await call(`/api/applications/${id}/submit`, { token: exporter, json: { version: 1 } });
    const approved = await call(`/api/applications/${id}/approve`, {
      token: await login('staff@demo.test'),
      json: { version: 2 },
    });
    const { certificate } = (await approved.json()) as {
      certificate: { serial: string; code: string; sha256: string };
    };
    const keysBefore = await (await call('/.well-known/jwks.json')).json();

    expect(childrenUsing(dataDir).length).toBeGreaterThanOrEqual(2);
    expect(await stop()).toBe(0);
    expect(childrenUsing(dataDir)).toEqual([]);

    await start();
    expect(server?.output()).not.toContain('shown only this once');
    const again = await login('exporter@demo.test');
    const application = (await (await call(`/api/applications/${id}`, { token: again })).json()) as {
      status: string;
    };
    expect(application.status).toBe('ISSUED');
    const pdf = await call(`/api/certificates/${certificate.serial}/pdf`, { token: again });
    expect(pdf.status).toBe(200);
    const { createHash } = await import('node:crypto');
    expect(
      createHash('sha256')
        .update(new Uint8Array(await pdf.arrayBuffer()))
        .digest('hex'),
    ).toBe(certificate.sha256);
    expect(await (await call('/.well-known/jwks.json')).json()).toEqual(keysBefore);
    expect(await readFile(join(dataDir, 'keys', 'tsa.pem'), 'utf8')).toBe(tsaCertificate);
    const verified = (await (await call(`/api/verify/${certificate.code}`)).json()) as { status: string };
    expect(verified.status).toBe('VALID');
  });
});
