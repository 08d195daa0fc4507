// Exactly one certificate even when issuance fails half-way: the application stays ISSUING with its reserved
// serial, and a retried approval or the recovery sweep completes it with the same serial and code.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../functions/core/errors.ts';
import type { ObjectStore } from '../../functions/core/ports.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let failNextPuts = 0;

/** The real S3 store, except that the next `failNextPuts` certificate uploads fail as if S3 were down. */
const flakyObjects = (real: () => ObjectStore): ObjectStore => ({
  put: async (key, body, contentType) => {
    if (key.startsWith('certificates/') && failNextPuts > 0) {
      failNextPuts -= 1;
      throw new AppError('STORAGE_UNAVAILABLE', 'S3 is unavailable (injected fault).');
    }
    return real().put(key, body, contentType);
  },
  get: (key) => real().get(key),
  delete: (key) => real().delete(key),
});

beforeAll(async () => {
  let realStore: ObjectStore | undefined;
  const { createObjectStore, createS3Client } = await import('../../functions/adapters/s3/object-store.ts');
  stack = await createTestStack({}, { objects: flakyObjects(() => realStore as ObjectStore) });
  realStore = createObjectStore(
    createS3Client({ region: stack.config.region, endpoint: stack.config.s3Endpoint }),
    stack.config.bucketName,
  );
});

const approve = async (id: string, version: number) =>
  stack.request(`/api/applications/${id}/approve`, { token: await stack.login('staff'), json: { version } });

describe('issuance under faults', () => {
  it('keeps the reservation when S3 fails, and a retried approval completes it with the same serial', async () => {
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    failNextPuts = 1;
    const failed = await approve(id, version);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('Retry-After')).toBeTruthy();
    const stuck = await readJson(
      await stack.request(`/api/applications/${id}`, { token: await stack.login('staff') }),
    );
    expect(stuck).toMatchObject({ status: 'ISSUING', version: version + 1 });
    const reserved = stuck.certificate as { serial: string; code: string };
    expect((await readJson(await stack.request(`/api/verify/${reserved.code}`))).status).toBe('NOT_FOUND');

    expect((await approve(id, version)).status).toBe(409);
    const resumed = await approve(id, version + 1);
    expect(resumed.status).toBe(201);
    const { certificate } = await readJson(resumed);
    expect(certificate).toMatchObject({ serial: reserved.serial, code: reserved.code });
    const pdf = await stack.request(`/api/certificates/${certificate.serial}/pdf`, {
      token: await stack.login('staff'),
    });
    expect(
      createHash('sha256')
        .update(new Uint8Array(await pdf.arrayBuffer()))
        .digest('hex'),
    ).toBe(certificate.sha256);
  });

  it('lets the recovery sweep finish an abandoned issuance, and consumes no extra serial', async () => {
    const first = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    failNextPuts = 1;
    expect((await approve(first.id, first.version)).status).toBe(503);
    const report = await stack.core.recoverIssuance({ graceMs: 0 });
    const stored = await readJson(
      await stack.request(`/api/applications/${first.id}`, { token: await stack.login('staff') }),
    );
    expect(stored.status).toBe('ISSUED');
    expect(report.completed).toEqual([stored.certificate.serial]);
    expect((await readJson(await stack.request(`/api/verify/${stored.certificate.code}`))).status).toBe(
      'VALID',
    );
    const events = await readJson(
      await stack.request(`/api/applications/${first.id}/events`, { token: await stack.login('staff') }),
    );
    expect(events.items.at(-1)).toMatchObject({ action: 'issue', actorId: 'system:recovery', to: 'ISSUED' });

    const next = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    const { certificate } = await readJson(await approve(next.id, next.version));
    const number = (serial: string) => Number(serial.slice(-6));
    expect(number(certificate.serial)).toBe(number(stored.certificate.serial) + 1);
  });
});
