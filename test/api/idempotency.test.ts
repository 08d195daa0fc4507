// Idempotency-Key on POST (docs/architecture.md §11): a retry with the same key and body replays the first answer and does the
// work once; the same key with another body is refused; keys are scoped per caller and per route.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createObjectStore, createS3Client } from '../../functions/adapters/s3/object-store.ts';
import { AppError } from '../../functions/core/errors.ts';
import { IDEMPOTENCY_LEASE_MS } from '../../functions/core/idempotency/run-idempotent.ts';
import { RECOVERY_GRACE_MS } from '../../functions/core/issuance/recover-issuance.ts';
import type { ObjectStore } from '../../functions/core/ports.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { createDraft, errorPaths, expectProblem, submitted } from '../support/api-fixtures.ts';
import { type Json, readJson } from '../support/json.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
});

const create = async (key: string | undefined, data: Json, who: 'exporterA' | 'exporterB' = 'exporterA') =>
  stack.request('/api/applications', {
    token: await stack.login(who),
    json: { type: 'co', data },
    headers: key === undefined ? {} : { 'Idempotency-Key': key },
  });

/** All applications of the caller's organisation, across every page. */
const allApplications = async (who: 'exporterA' | 'exporterB' = 'exporterA'): Promise<Json[]> => {
  const token = await stack.login(who);
  const items: Json[] = [];
  let cursor: string | undefined;
  do {
    const page = await readJson(
      await stack.request(`/api/applications?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token }),
    );
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
};

const withRemark = (items: Json[], remarks: string) => items.filter((item) => item.data.remarks === remarks);

describe('Idempotency-Key on POST /api/applications', () => {
  it('replays the first answer for the same key and body, with Idempotent-Replayed, and creates one application', async () => {
    const key = randomUUID();
    const data = { ...sampleCertificateOfOrigin(1), remarks: `retry ${key}` };

    const first = await create(key, data);
    const second = await create(key, data);
    const third = await create(key, data);

    expect(first.status).toBe(201);
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    const original = await first.text();
    for (const retry of [second, third]) {
      expect(retry.status).toBe(201);
      expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
      expect(retry.headers.get('Location')).toBe(first.headers.get('Location'));
      expect(retry.headers.get('Content-Type')).toBe(first.headers.get('Content-Type'));
      expect(await retry.text()).toBe(original);
    }
    expect(withRemark(await allApplications(), data.remarks)).toHaveLength(1);
  });

  it('creates two applications for the same body sent twice without a key', async () => {
    const data = { ...sampleCertificateOfOrigin(1), remarks: `no key ${randomUUID()}` };
    const [first, second] = [await create(undefined, data), await create(undefined, data)];
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await readJson(first)).id).not.toBe((await readJson(second)).id);
    expect(withRemark(await allApplications(), data.remarks)).toHaveLength(2);
  });

  it('refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED and creates nothing more', async () => {
    const key = randomUUID();
    const remarks = `reuse ${key}`;
    expect((await create(key, { ...sampleCertificateOfOrigin(1), remarks })).status).toBe(201);

    const other = await create(key, { ...sampleCertificateOfOrigin(2), remarks });

    await expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(withRemark(await allApplications(), remarks)).toHaveLength(1);
  });

  it('does the work once when the same key arrives five times at once', async () => {
    const key = randomUUID();
    const data = { ...sampleCertificateOfOrigin(1), remarks: `parallel ${key}` };
    const responses = await Promise.all(Array.from({ length: 5 }, () => create(key, data)));
    const ids = new Set<string>();
    for (const response of responses) {
      if (response.status === 201) ids.add((await readJson(response)).id);
      else await expectProblem(response, 409, 'IDEMPOTENCY_IN_PROGRESS');
    }
    expect(ids.size).toBe(1);
    expect(withRemark(await allApplications(), data.remarks)).toHaveLength(1);
  });

  it('keeps keys apart between users: the same key and body from exporters A and B make one application each', async () => {
    const key = `shared-${randomUUID()}`;
    const data = { ...sampleCertificateOfOrigin(1), remarks: `shared ${key}` };
    const fromA = await create(key, data, 'exporterA');
    const fromB = await create(key, data, 'exporterB');
    expect([fromA.status, fromB.status]).toEqual([201, 201]);
    expect(fromB.headers.get('Idempotent-Replayed')).toBeNull();
    const [a, b] = [await readJson(fromA), await readJson(fromB)];
    expect(a.orgId).toBe(stack.orgA.id);
    expect(b.orgId).toBe(stack.orgB.id);
    expect(a.id).not.toBe(b.id);
    expect(withRemark(await allApplications('exporterA'), data.remarks)).toHaveLength(1);
    expect(withRemark(await allApplications('exporterB'), data.remarks)).toHaveLength(1);
  });

  it('keeps keys apart between routes: one key used to submit two applications submits both', async () => {
    const key = randomUUID();
    const [one, two] = await Promise.all([submittedDraftRequest(key), submittedDraftRequest(key)]);
    expect(one.status).toBe(200);
    expect(two.status).toBe(200);
    expect(two.headers.get('Idempotent-Replayed')).toBeNull();
  });

  it('replays a refusal too: a 400 for an invalid body is answered again, not re-run', async () => {
    const key = randomUUID();
    const bad = { ...sampleCertificateOfOrigin(1), originCountry: 'XX' };
    const first = await create(key, bad);
    await expectProblem(first, 400, 'VALIDATION_FAILED');
    const retry = await create(key, bad);
    expect(retry.status).toBe(400);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
  });

  it.each([
    ['empty', ''],
    ['with a space', 'my key'],
    ['with a non-ASCII letter', 'clé'],
    ['256 characters long', 'k'.repeat(256)],
  ])('refuses a key that is %s with 400 naming the header', async (_what, key) => {
    const response = await stack.request('/api/applications', {
      token: await stack.login('exporterA'),
      json: { type: 'co', data: {} },
      headers: { 'Idempotency-Key': key },
    });
    const problem = await expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(errorPaths(problem)).toEqual(['Idempotency-Key']);
  });
});

/** A fresh draft of exporter A with an invoice, submitted with the given key. */
const submittedDraftRequest = async (key: string) => {
  const { id, version } = await createDraft(stack);
  return stack.request(`/api/applications/${id}/submit`, {
    token: await stack.login('exporterA'),
    json: { version },
    headers: { 'Idempotency-Key': key },
  });
};

describe('Idempotency-Key on approve', () => {
  it('returns the same certificate serial to a retried approval and consumes no second serial', async () => {
    const staff = await stack.login('staff');
    const key = randomUUID();
    const application = await submitted(stack);
    const approve = () =>
      stack.request(`/api/applications/${application.id}/approve`, {
        token: staff,
        json: { version: application.version },
        headers: { 'Idempotency-Key': key },
      });

    const first = await approve();
    const retry = await approve();

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    const issued = (await readJson(first)).certificate;
    expect((await readJson(retry)).certificate).toEqual(issued);

    const next = await submitted(stack);
    const following = await readJson(
      await stack.request(`/api/applications/${next.id}/approve`, {
        token: staff,
        json: { version: next.version },
      }),
    );
    const number = (serial: string) => Number(serial.split('-').at(-1));
    expect(number(following.certificate.serial)).toBe(number(issued.serial) + 1);
    const approvedApplication = await readJson(
      await stack.request(`/api/applications/${application.id}`, { token: staff }),
    );
    expect(approvedApplication).toMatchObject({ status: 'ISSUED', certificate: { serial: issued.serial } });
  });

  it('without a key, a second approval is refused (409) instead of issuing again', async () => {
    const staff = await stack.login('staff');
    const application = await submitted(stack);
    const body = { token: staff, json: { version: application.version } };
    expect((await stack.request(`/api/applications/${application.id}/approve`, body)).status).toBe(201);
    await expectProblem(await stack.request(`/api/applications/${application.id}/approve`, body), 409);
  });
});

describe('Idempotency-Key after a crash during approval', () => {
  let crashed: TestStack;
  let offsetMs = 0;
  let hangCertificateUploads = false;
  const hanging: (() => void)[] = [];

  /**
   * The real S3 store, except that certificate uploads hang while told to: the request never finishes, as if
   * its process had died between reserving the serial and storing the PDF.
   */
  const hangingObjects = (real: () => ObjectStore): ObjectStore => ({
    put: (key, body, contentType) =>
      key.startsWith('certificates/') && hangCertificateUploads
        ? new Promise((_resolve, reject) =>
            hanging.push(() => reject(new AppError('STORAGE_UNAVAILABLE', 'process gone (test ended)'))),
          )
        : real().put(key, body, contentType),
    get: (key) => real().get(key),
    delete: (key) => real().delete(key),
  });

  beforeAll(async () => {
    let realStore: ObjectStore | undefined;
    crashed = await createTestStack(
      {},
      {
        objects: hangingObjects(() => realStore as ObjectStore),
        clock: { now: () => new Date(Date.now() + offsetMs) },
      },
    );
    realStore = createObjectStore(
      createS3Client({ region: crashed.config.region, endpoint: crashed.config.s3Endpoint }),
      crashed.config.bucketName,
    );
  });

  afterAll(() => {
    for (const end of hanging) end();
  });

  const statusOf = async (id: string) =>
    (
      await readJson(
        await crashed.request(`/api/applications/${id}`, { token: await crashed.login('staff') }),
      )
    ).status;

  it('answers IN_PROGRESS only for the lease; after it the retry runs again and tells the real state', async () => {
    const staff = await crashed.login('staff');
    const application = await submittedApplication(crashed, sampleCertificateOfOrigin(1));
    const key = randomUUID();
    const approve = () =>
      crashed.request(`/api/applications/${application.id}/approve`, {
        token: staff,
        json: { version: application.version },
        headers: { 'Idempotency-Key': key },
      });
    hangCertificateUploads = true;
    void approve();
    await vi.waitFor(async () => expect(await statusOf(application.id)).toBe('ISSUING'), {
      timeout: 30_000,
      interval: 100,
    });
    await vi.waitFor(() => expect(hanging).toHaveLength(1), { timeout: 30_000, interval: 50 });
    hangCertificateUploads = false;

    offsetMs = IDEMPOTENCY_LEASE_MS - 5_000;
    await expectProblem(await approve(), 409, 'IDEMPOTENCY_IN_PROGRESS');

    offsetMs = Math.max(IDEMPOTENCY_LEASE_MS, RECOVERY_GRACE_MS) + 5_000;
    const recovery = await crashed.core.recoverIssuance();
    expect(recovery).toMatchObject({ completed: [expect.any(String)], failed: [] });
    expect(await statusOf(application.id)).toBe('ISSUED');

    const retry = await approve();
    await expectProblem(retry, 409, 'VERSION_CONFLICT');
    expect(retry.headers.get('Idempotent-Replayed')).toBeNull();
    const again = await approve();
    expect(again.status).toBe(409);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');

    const issued = await readJson(
      await crashed.request(`/api/applications/${application.id}`, { token: staff }),
    );
    expect(issued.certificate.serial).toBe(recovery.completed[0]);
  });
});
