// `npm start` as a user runs it: a separate process that keeps everything on disk under DATA_DIR,
// stops its DynamoDB Local and s3rver children on SIGTERM, and finds all data again on the next start.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/storage-processes.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { attachInvoice } from '../support/test-stack.ts';

const PASSWORD = 'restart-test-password';
let dataDir: string;
let port: number;
let server: ChildProcess | undefined;
let output = '';

const base = () => `http://localhost:${port}`;

const start = async () => {
  output = '';
  server = spawn(join('node_modules', '.bin', 'tsx'), ['functions/local/server.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO_PASSWORD: PASSWORD },
    stdio: 'pipe',
  });
  server.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  server.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const healthy = await fetch(`${base()}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server did not become healthy:\n${output}`);
};

const stop = () =>
  new Promise<number | null>((resolve) => {
    if (!server || server.exitCode !== null) return resolve(server?.exitCode ?? null);
    server.once('exit', (code) => resolve(code));
    server.kill('SIGTERM');
  });

/** Processes whose command line mentions the data directory: the stack's DynamoDB Local and s3rver. */
const childrenUsing = (dir: string): string[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    });

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
    expect(output).toContain(`tradecert is running on http://localhost:${port}`);
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
    expect(output).not.toContain('shown only this once');
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
    const verified = (await (await call(`/api/verify/${certificate.code}`)).json()) as { status: string };
    expect(verified.status).toBe('VALID');
  });
});
