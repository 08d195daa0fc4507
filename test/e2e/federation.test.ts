// Two deployments, one trust list (docs/network.md §6): stacks 1 and 2 are separate local stacks (own DynamoDB
// Local, s3rver, table, bucket, keys); an operator key signs a list with both members, stack 1 reads it from a
// file. A certificate of stack 2 verifies on stack 1 (API, PDF, page, CLI offline); its revocation reaches
// stack 1 on the refresh; a list without stack 2 makes it UNKNOWN_ISSUER; bad lists are refused, the last good
// one stays and /healthz says stale.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
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
const STACK_2 = {
  ISSUER_ID: 'al-chamber',
  ISSUER_NAME: 'Albanian Demo Chamber',
  ISSUER_NAME_LOCAL: 'Dhoma Demo e Shqipërisë',
  ISSUER_COUNTRY: 'AL',
  SERIAL_PREFIX: 'AL',
};
const run = promisify(execFile);
let dir: string;
let stack1: RunningStack;
let stack2: RunningStack;
let listFile: string;
let operatorFile: string;
let memberFiles: string[];
let operatorPublic: Record<string, string>;

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

/** `tradecert …` as its own process; TRUST_LIST_* of this process never leak into it. */
const cli = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'functions/cli/tradecert.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  }).then(
    (done) => ({ code: 0, stdout: done.stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: `${error.stdout}${error.stderr}`,
    }),
  );

const health = async () =>
  ((await (await call(stack1, '/healthz')).json()) as { trustList: Record<string, unknown> }).trustList;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tradecert-federation-'));
  operatorFile = join(dir, 'operator.jwk');
  listFile = join(dir, 'list.jws');
  const keygen = await cli(['network', 'keygen', '--out', operatorFile]);
  expect(keygen.code).toBe(0);
  operatorPublic = JSON.parse(keygen.stdout) as Record<string, string>;
  expect(operatorPublic).not.toHaveProperty('d');
  expect((await stat(operatorFile)).mode & 0o777).toBe(0o600);
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
        ...STACK_2,
      }),
    ),
  ]);
  memberFiles = [join(dir, 'one.json'), join(dir, 'two.json')];
  await writeFile(
    memberFiles[0] as string,
    JSON.stringify(exportMembers([await chamberOfConfig(stack1.config)])),
  );
  // stack 2's entry as its operator would make it: the command, with the deployment's own environment
  const exported = await cli(['network', 'export-members', '--out', memberFiles[1] as string], {
    DATA_DIR: join(dir, 'two'),
    PORT: String(stack2.listening.port),
    ...STACK_2,
  });
  expect(exported.code).toBe(0);
  const [entry] = JSON.parse(await readFile(memberFiles[1] as string, 'utf8')) as Record<string, unknown>[];
  expect(entry).toMatchObject({
    id: 'al-chamber',
    country: 'AL',
    status: 'active',
    verifyBaseUrl: stack2.config.publicBaseUrl,
    statusListUrl: `${stack2.config.publicBaseUrl}/status/revocations`,
  });
  expect(JSON.stringify(entry)).not.toMatch(/"d":|PRIVATE/);
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
    const signed = await cli([
      'network',
      'sign',
      '--members',
      ...memberFiles,
      '--key',
      operatorFile,
      '--iss',
      'https://network.test',
      '--out',
      listFile,
    ]);
    expect(signed.stdout).toContain('Trust list version 1 with 2 member(s)');
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
    const fetched = await cli([
      'trust',
      'fetch',
      '--base',
      stack1.url,
      '--trust-dir',
      trustDir,
      '--trust-list-key',
      JSON.stringify(operatorPublic),
    ]);
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toContain('trust list version 1 with 2 member(s)');
    const pdfFile = join(dir, 'al.pdf');
    await writeFile(pdfFile, pdf);
    for (const input of [jws, pdfFile]) {
      const offline = await cli(['verify', input, '--offline', '--trust-dir', trustDir, '--json']);
      expect(offline.code).toBe(0);
      const answer = JSON.parse(offline.stdout) as { status: string; details: string[] };
      expect(answer.status).toBe('VALID');
      expect(answer.details.join('\n')).toMatch(/status from al-chamber's revocation list of 20/);
    }
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
