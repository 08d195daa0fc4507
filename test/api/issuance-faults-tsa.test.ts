// Exactly one certificate when the time-stamping authority fails (docs/legal.md §3), on DynamoDB Local, s3rver and a
// local TSA behind a fault-injecting proxy: down (connection refused), slow (beyond TSA_TIMEOUT_MS) or answering
// garbage, the approval retries and then fails with 503 TIMESTAMP_UNAVAILABLE, the application stays ISSUING and
// no PDF is stored; once the TSA answers, the resumed issuance is ISSUED. A run that crashes after its seal (with
// the token) was settled stores, when resumed, the very bytes it would have stored, without asking the TSA again;
// two runs at once store one PDF, whose hash is the one the commit recorded.
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjectStore, createS3Client } from '../../functions/adapters/s3/object-store.ts';
import { AppError } from '../../functions/core/errors.ts';
import type { ObjectStore } from '../../functions/core/ports.ts';
import { TIMESTAMP_ATTEMPTS } from '../../functions/core/retry.ts';
import { type LocalTsa, startLocalTsa } from '../../functions/local/tsa.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

const TIMEOUT_MS = 400;
type Mode = 'pass' | 'slow' | 'garbage' | 'delayed';

/** Between the stack and its TSA: passes queries on, or holds them too long, or answers noise; can go down. */
const faultyProxy = async (target: string) => {
  const state = { mode: 'pass' as Mode, received: 0, forwarded: 0 };
  const handle = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    state.received += 1;
    if (state.mode === 'garbage') {
      response
        .writeHead(200, { 'Content-Type': 'application/timestamp-reply' })
        .end(Buffer.from('0\x82garbage'));
      return;
    }
    if (state.mode === 'slow') await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 3));
    // long enough for two runs to be in the TSA at once, short of the timeout
    if (state.mode === 'delayed') await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS / 2));
    state.forwarded += 1;
    const answer = await fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query' },
      body: Buffer.concat(chunks),
    });
    if (response.destroyed) return;
    response
      .writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? '' })
      .end(Buffer.from(await answer.arrayBuffer()));
  });
  const listen = (server: Server, port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen(handle, 0);
  const { port } = handle.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    state,
    /** Nothing listens on the port any more: connections are refused. */
    down: () =>
      new Promise<void>((resolve) => {
        handle.closeAllConnections();
        handle.close(() => resolve());
      }),
    up: () => listen(handle, port),
    stop: () =>
      new Promise<void>((resolve) => {
        handle.closeAllConnections();
        handle.close(() => resolve());
      }),
  };
};

let stack: TestStack;
let tsa: LocalTsa;
let proxy: Awaited<ReturnType<typeof faultyProxy>>;
let realStore: ObjectStore;
/** What the certificate uploads were asked to store, and whether the next ones fail before storing. */
const uploads: Uint8Array[] = [];
let failNextPuts = 0;

beforeAll(async () => {
  tsa = await startLocalTsa({
    keysDir: join(await mkdtemp(join(tmpdir(), 'tradecert-tsa-faults-')), 'keys'),
    issuer: { id: 'tsa', name: 'Test Trust Services', country: 'MK' },
    clock: { now: () => new Date() },
  });
  proxy = await faultyProxy(tsa.url);
  stack = await createTestStack(
    { TSA_URL: proxy.url, TSA_TIMEOUT_MS: String(TIMEOUT_MS) },
    {
      objects: {
        put: async (key, body, contentType) => {
          if (key.startsWith('certificates/')) {
            uploads.push(body);
            if (failNextPuts > 0) {
              failNextPuts -= 1;
              throw new AppError('STORAGE_UNAVAILABLE', 'S3 is unavailable (injected fault).');
            }
          }
          return realStore.put(key, body, contentType);
        },
        get: (key) => realStore.get(key),
        delete: (key) => realStore.delete(key),
      },
    },
  );
  realStore = createObjectStore(
    createS3Client({ region: stack.config.region, endpoint: stack.config.s3Endpoint }),
    stack.config.bucketName,
  );
});
afterAll(async () => {
  await proxy.stop();
  await tsa.stop();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const approve = async (id: string, version: number) =>
  stack.request(`/api/applications/${id}/approve`, { token: await stack.login('staff'), json: { version } });
const applicationOf = async (id: string) =>
  readJson(await stack.request(`/api/applications/${id}`, { token: await stack.login('staff') }));
const storedPdf = (serial: string) => realStore.get(`certificates/${stack.config.issuer.id}/${serial}.pdf`);

/** Approves while the TSA misbehaves: 503 TIMESTAMP_UNAVAILABLE, ISSUING, nothing stored. */
const approvalFailsWhile = async (fault: () => Promise<void> | void) => {
  const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
  await fault();
  const uploadsBefore = uploads.length;
  const failed = await approve(id, version);
  const problem = await readJson(failed);

  expect(failed.status).toBe(503);
  expect(failed.headers.get('Retry-After')).toBeTruthy();
  expect(problem.code).toBe('TIMESTAMP_UNAVAILABLE');
  const stuck = await applicationOf(id);
  expect(stuck).toMatchObject({ status: 'ISSUING', version: version + 1 });
  expect(uploads.length).toBe(uploadsBefore);
  expect(await storedPdf(stuck.certificate.serial)).toBeUndefined();
  expect((await readJson(await stack.request(`/api/verify/${stuck.certificate.code}`))).status).toBe(
    'NOT_FOUND',
  );
  return { id, version: version + 1, problem, serial: stuck.certificate.serial as string };
};

/** The issued certificate's stored PDF is what its commit recorded, and it carries a timestamp. */
const expectIssued = async (id: string) => {
  const application = await applicationOf(id);
  expect(application.status).toBe('ISSUED');
  const certificate = readJson(
    await stack.request(`/api/certificates/${application.certificate.serial}`, {
      token: await stack.login('staff'),
    }),
  );
  const pdf = (await storedPdf(application.certificate.serial)) as Uint8Array;
  expect(sha256(pdf)).toBe((await certificate).sha256);
  expect(Buffer.from(pdf).includes(Buffer.from('ETSI.CAdES.detached'))).toBe(true);
  return { pdf, serial: application.certificate.serial as string };
};

describe('issuance with a time-stamping authority that fails', () => {
  it('fails clearly while the TSA is down (connection refused), and a retried approval issues once it is back', async () => {
    const { id, version, problem } = await approvalFailsWhile(() => proxy.down());
    expect(problem.detail).toMatch(/could not be reached \(ECONNREFUSED\)/);

    await proxy.up();
    const resumed = await approve(id, version);
    expect(resumed.status).toBe(201);
    await expectIssued(id);
  });

  it(`fails clearly while the TSA is slower than TSA_TIMEOUT_MS, after ${TIMESTAMP_ATTEMPTS} attempts, and the recovery sweep issues later`, async () => {
    const before = proxy.state.received;
    const { id, problem } = await approvalFailsWhile(() => {
      proxy.state.mode = 'slow';
    });
    expect(problem.detail).toMatch(new RegExp(`did not answer within ${TIMEOUT_MS} ms`));
    expect(proxy.state.received - before).toBe(TIMESTAMP_ATTEMPTS);

    proxy.state.mode = 'pass';
    const report = await stack.core.recoverIssuance({ graceMs: 0 });
    const { serial } = await expectIssued(id);
    expect(report.completed).toContain(serial);
  });

  it('lets the recovery sweep stop at the first issuance while the TSA fails, and complete them all once it answers', async () => {
    proxy.state.mode = 'garbage';
    const first = await approvalFailsWhile(() => undefined);
    const second = await approvalFailsWhile(() => undefined);
    const before = proxy.state.received;

    const waiting = await stack.core.recoverIssuance({ graceMs: 0 });

    expect(waiting.completed).toEqual([]);
    expect(waiting.failed).toHaveLength(1);
    expect(proxy.state.received - before).toBe(TIMESTAMP_ATTEMPTS);
    proxy.state.mode = 'pass';
    const recovered = await stack.core.recoverIssuance({ graceMs: 0 });
    expect(recovered.completed).toEqual(expect.arrayContaining([first.serial, second.serial]));
    await expectIssued(first.id);
    await expectIssued(second.id);
  });

  it('fails clearly while the TSA answers garbage, and issues once it answers tokens again', async () => {
    const { id, version, problem } = await approvalFailsWhile(() => {
      proxy.state.mode = 'garbage';
    });
    expect(problem.detail).toMatch(/not an RFC 3161 TimeStampResp/);

    proxy.state.mode = 'pass';
    expect((await approve(id, version)).status).toBe(201);
    await expectIssued(id);
  });

  it('stores, after a crash between the settled seal and the upload, the bytes the crashed run would have stored, without asking the TSA again', async () => {
    proxy.state.mode = 'pass';
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    failNextPuts = 1;
    const crashed = await approve(id, version);
    expect(crashed.status).toBe(503);
    const wouldHaveStored = uploads.at(-1) as Uint8Array;
    const asked = proxy.state.forwarded;

    const resumed = await approve(id, version + 1);
    expect(resumed.status).toBe(201);
    const { pdf } = await expectIssued(id);

    expect(proxy.state.forwarded).toBe(asked);
    expect(sha256(pdf)).toBe(sha256(wouldHaveStored));
    expect((await readJson(resumed)).certificate.sha256).toBe(sha256(wouldHaveStored));
  });

  it('stores one PDF when two runs complete the same issuance at once, the one whose hash the commit recorded', async () => {
    proxy.state.mode = 'pass';
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    failNextPuts = 1;
    expect((await approve(id, version)).status).toBe(503);
    proxy.state.mode = 'delayed';
    const uploadsBefore = uploads.length;

    const [one, other] = await Promise.all([
      approve(id, version + 1),
      stack.core.recoverIssuance({ graceMs: 0 }),
    ]);
    proxy.state.mode = 'pass';

    const { pdf } = await expectIssued(id);
    const tried = uploads.slice(uploadsBefore);
    expect(tried.length).toBeGreaterThanOrEqual(1);
    // whichever runs got as far as the upload uploaded the same bytes: the ones the commit recorded
    expect(new Set(tried.map(sha256))).toEqual(new Set([sha256(pdf)]));
    expect([one.status === 201, other.completed.length === 1].filter(Boolean)).toHaveLength(1);
  });
});
