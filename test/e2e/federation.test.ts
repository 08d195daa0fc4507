// Two deployments, one trust list (docs/network.md §6): stacks 1 and 2 are separate local stacks (own DynamoDB
// Local, s3rver, table, bucket, keys); an operator key signs a list with both members, stack 1 reads it from a
// file. A certificate of stack 2 verifies on stack 1 (API, PDF, page, CLI offline); its revocation reaches
// stack 1 on the refresh; a list without stack 2 makes it UNKNOWN_ISSUER; bad lists are refused, the last good
// one stays and /healthz says stale.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileOperatorSigner } from '../../functions/adapters/local/operator-key.ts';
import {
  chamberOfConfig,
  exportMembers,
  operatorKeygen,
  signNetworkList,
} from '../../functions/cli/network-commands.ts';
import { loadConfig } from '../../functions/config/config.ts';
import { jwsOfQrContent, qrContentOfPdf } from '../../functions/core/sealing/seal-in-pdf.ts';
import { type RunningStack, startLocalStack } from '../../functions/local/server.ts';
import { freePort } from '../../functions/local/storage-processes.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { attachInvoice } from '../support/test-stack.ts';

const PASSWORD = 'demo-password-for-tests';
const run = promisify(execFile);
let dir: string;
let stack1: RunningStack;
let stack2: RunningStack;
let listFile: string;
let operatorFile: string;
let memberFiles: string[];

const call = async (stack: RunningStack, path: string, init: { token?: string; json?: unknown } = {}) =>
  fetch(`${stack.url}${path}`, {
    method: init.json === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });

const login = async (stack: RunningStack, email: string) => {
  const response = await call(stack, '/api/auth/login', { json: { email, password: PASSWORD } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
};

const publish = async (version: number, files = memberFiles, key = operatorFile) => {
  const { jws } = await signNetworkList({
    memberFiles: files,
    signer: await fileOperatorSigner(key),
    iss: 'https://network.test',
    version,
  });
  await writeFile(listFile, jws);
};

const refresh = async () => stack1.network?.refresh({ force: true });

const verifySeal = async (jws: string) => {
  const response = await call(stack1, '/api/verify/jws', { json: { jws } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const health = async () =>
  ((await (await call(stack1, '/healthz')).json()) as { trustList: Record<string, unknown> }).trustList;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tradecert-federation-'));
  operatorFile = join(dir, 'operator.jwk');
  listFile = join(dir, 'list.jws');
  const operatorPublic = await operatorKeygen(operatorFile);
  const [port1, port2] = [await freePort(), await freePort()];
  [stack1, stack2] = await Promise.all([
    startLocalStack(
      loadConfig({
        DATA_DIR: join(dir, 'one'),
        PORT: String(port1),
        DEMO_PASSWORD: PASSWORD,
        TRUST_LIST_FILE: listFile,
        TRUST_LIST_OPERATOR_KEY: JSON.stringify(operatorPublic),
      }),
    ),
    startLocalStack(
      loadConfig({
        DATA_DIR: join(dir, 'two'),
        PORT: String(port2),
        DEMO_PASSWORD: PASSWORD,
        ISSUER_ID: 'al-chamber',
        ISSUER_NAME: 'Albanian Demo Chamber',
        ISSUER_NAME_LOCAL: 'Dhoma Demo e Shqipërisë',
        ISSUER_COUNTRY: 'AL',
        SERIAL_PREFIX: 'AL',
      }),
    ),
  ]);
  memberFiles = [join(dir, 'one.json'), join(dir, 'two.json')];
  await writeFile(
    memberFiles[0] as string,
    JSON.stringify(exportMembers([await chamberOfConfig(stack1.config)])),
  );
  await writeFile(
    memberFiles[1] as string,
    JSON.stringify(exportMembers([await chamberOfConfig(stack2.config)])),
  );
}, 300_000);

afterAll(async () => {
  await Promise.all([stack1?.stop(), stack2?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

describe('one trust list for two deployments', () => {
  let jws = '';
  let pdf = new Uint8Array();
  let serial = '';
  let code = '';

  it('is absent before the operator publishes one, then accepted', async () => {
    expect(await health()).toMatchObject({ status: 'absent' });
    expect((await call(stack1, '/.well-known/trust-list')).status).toBe(503);
    await publish(1);
    expect(await refresh()).toMatchObject({ status: 'ok', version: 1 });
    const served = await call(stack1, '/.well-known/trust-list');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/jose');
    expect(served.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect((await served.text()).split('.')).toHaveLength(3);
    expect(await health()).toMatchObject({ status: 'ok', version: 1 });
  });

  it('verifies a certificate of stack 2 on stack 1: API, PDF, page and CLI offline', async () => {
    const exporter = await login(stack2, 'exporter@demo.test');
    const created = await call(stack2, '/api/applications', {
      token: exporter,
      json: { type: 'co', data: sampleCertificateOfOrigin(2) },
    });
    const { id } = (await created.json()) as { id: string };
    await attachInvoice((path, init) => fetch(`${stack2.url}${path}`, init), exporter, id);
    await call(stack2, `/api/applications/${id}/submit`, { token: exporter, json: { version: 1 } });
    const approved = await call(stack2, `/api/applications/${id}/approve`, {
      token: await login(stack2, 'staff@demo.test'),
      json: { version: 2 },
    });
    expect(approved.status).toBe(201);
    ({ serial, code } = (
      (await approved.json()) as { certificate: { serial: string; code: string } }
    ).certificate);
    const download = await call(stack2, `/api/certificates/${serial}/pdf`, { token: exporter });
    pdf = new Uint8Array(await download.arrayBuffer());
    jws = jwsOfQrContent(qrContentOfPdf(pdf) ?? '') ?? '';
    expect(serial.startsWith('AL-')).toBe(true);

    const bySeal = await verifySeal(jws);
    expect(bySeal.status).toBe(200);
    expect(bySeal.body).toMatchObject({
      status: 'VALID',
      network: { issuer: { id: 'al-chamber', country: 'AL' }, seal: { serial }, trustListVersion: 1 },
    });
    expect((bySeal.body.network as { statusList: { issuedAt: string } }).statusList.issuedAt).toMatch(/^20/);
    // the same seal, not on the list's terms: stack 1 has no record and no hash of it
    expect((await call(stack1, `/api/verify/${code}`)).status).toBe(404);

    const byPdf = await fetch(`${stack1.url}/api/verify/pdf`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/pdf' },
      body: pdf,
    });
    expect(byPdf.status).toBe(200);
    expect(await byPdf.json()).toMatchObject({ status: 'VALID', network: { seal: { serial } } });

    const page = await fetch(`${stack1.url}/v/${code}?lang=en&jws=${jws}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-status="VALID"');
    expect(html).toContain(serial);
    expect(html).toContain('Dhoma Demo e Shqipërisë');
    expect(html).toContain('status from its revocation list of');
    // the QR URL itself opened on stack 1: no record here, so the page's script sends the fragment back as ?jws=
    const bare = await fetch(`${stack1.url}/v/${code}?lang=en`);
    expect(bare.status).toBe(404);
    expect(await bare.text()).toContain('"lookUpSeal":true');

    // the CLI, offline, with stack 1's trust list and the members' revocation lists fetched beforehand
    const trustDir = join(dir, 'cli-trust');
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'functions/cli/tradecert.ts', ...args], {
        env: { ...process.env, TRUST_LIST_OPERATOR_KEY: '' },
      }).then(
        (done) => ({ code: 0, stdout: done.stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const fetched = await cli(
      'trust',
      'fetch',
      '--base',
      stack1.url,
      '--trust-dir',
      trustDir,
      '--trust-list-key',
      operatorFile,
    );
    expect(fetched.code).toBe(0);
    const offline = await cli('verify', jws, '--offline', '--trust-dir', trustDir, '--json');
    expect(offline.code).toBe(0);
    expect(JSON.parse(offline.stdout)).toMatchObject({ status: 'VALID' });
  }, 120_000);

  it('turns REVOKED on stack 1 after stack 2 revokes it and the lists are refreshed', async () => {
    const revoked = await call(stack2, `/api/certificates/${serial}/revoke`, {
      token: await login(stack2, 'staff@demo.test'),
      json: { reason: 'fraud' },
    });
    expect(revoked.status).toBe(200);
    expect((await verifySeal(jws)).body.status).toBe('VALID');
    await refresh();
    expect((await verifySeal(jws)).body).toMatchObject({ status: 'REVOKED', reason: 'fraud' });
  });

  it('refuses an unsigned, a wrongly signed and a lower-version list, keeping the last good one', async () => {
    const otherKey = join(dir, 'other.jwk');
    await operatorKeygen(otherKey);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'tradecert-trust-list+jwt' })).toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
    for (const bad of [unsigned, 'not a list']) {
      await writeFile(listFile, bad);
      expect(await refresh()).toMatchObject({ status: 'stale', version: 1 });
    }
    await publish(5, memberFiles, otherKey);
    expect(await refresh()).toMatchObject({
      status: 'stale',
      version: 1,
      reason: expect.stringMatching(/^BAD_SIGNATURE/),
    });
    expect((await verifySeal(jws)).body.status).toBe('REVOKED');
    expect(await health()).toMatchObject({ status: 'stale', version: 1, staleSince: expect.any(String) });

    // a new list without stack 2's member: UNKNOWN_ISSUER, 422
    await publish(3, [memberFiles[0] as string]);
    expect(await refresh()).toMatchObject({ status: 'ok', version: 3 });
    const unknown = await verifySeal(jws);
    expect(unknown.status).toBe(422);
    expect(unknown.body.status).toBe('UNKNOWN_ISSUER');
    const page = await fetch(`${stack1.url}/v/${code}?lang=en&jws=${jws}`);
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('Issuer not recognised');

    // an older list (version 2, with both members) is a rollback: refused, version 3 stays
    await publish(2);
    expect(await refresh()).toMatchObject({
      status: 'stale',
      version: 3,
      reason: expect.stringMatching(/^LOWER_VERSION/),
    });
    expect((await verifySeal(jws)).body.status).toBe('UNKNOWN_ISSUER');
    expect(await health()).toMatchObject({ status: 'stale', version: 3 });
  });
});
