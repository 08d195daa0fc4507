// 200 issuances with faults injected at every step of the protocol (after reserve, before and after the S3 put,
// before commit) and approvals racing each other: every application ends ISSUED, the serials are exactly 1..200,
// and every stored PDF matches its recorded SHA-256.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCertificateRepository } from '../../functions/adapters/dynamodb/certificate-repository.ts';
import { createObjectStore, createS3Client } from '../../functions/adapters/s3/object-store.ts';
import { AppError } from '../../functions/core/errors.ts';
import type { CertificateRepository, ObjectStore } from '../../functions/core/ports.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

const COUNT = 200;
const FAULT_RATE = 0.15;

let stack: TestStack;
const injected = { afterReserve: 0, beforePut: 0, afterPut: 0, beforeCommit: 0 };

/** A seeded generator, so that a failing run can be repeated. */
const random = (() => {
  let seed = 20261123;
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
})();

const fault = (where: keyof typeof injected) => {
  if (random() >= FAULT_RATE) return;
  injected[where] += 1;
  throw new AppError('STORAGE_UNAVAILABLE', `injected fault ${where}`);
};

const faultyCertificates = (real: () => CertificateRepository): CertificateRepository =>
  new Proxy({} as CertificateRepository, {
    get: (_target, name: keyof CertificateRepository) => {
      if (name === 'reserve') {
        return async (...args: Parameters<CertificateRepository['reserve']>) => {
          const result = await real().reserve(...args);
          if (result.reserved) fault('afterReserve');
          return result;
        };
      }
      if (name === 'commit') {
        return async (...args: Parameters<CertificateRepository['commit']>) => {
          fault('beforeCommit');
          return real().commit(...args);
        };
      }
      const method = real()[name] as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => method(...args);
    },
  });

const faultyObjects = (real: () => ObjectStore): ObjectStore => ({
  put: async (key, body, contentType) => {
    if (!key.startsWith('certificates/')) return real().put(key, body, contentType);
    fault('beforePut');
    const stored = await real().put(key, body, contentType);
    fault('afterPut');
    return stored;
  },
  get: (key) => real().get(key),
  delete: (key) => real().delete(key),
});

const inBatches = async <T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = [];
  for (let index = 0; index < items.length; index += size) {
    results.push(...(await Promise.all(items.slice(index, index + size).map(work))));
  }
  return results;
};

beforeAll(async () => {
  let certificates: CertificateRepository | undefined;
  let objects: ObjectStore | undefined;
  stack = await createTestStack(
    {},
    {
      certificates: faultyCertificates(() => certificates as CertificateRepository),
      objects: faultyObjects(() => objects as ObjectStore),
    },
  );
  certificates = createCertificateRepository(stack.db, stack.config.tableName);
  objects = createObjectStore(
    createS3Client({ region: stack.config.region, endpoint: stack.config.s3Endpoint }),
    stack.config.bucketName,
  );
}, 300_000);

describe('exactly once under faults', () => {
  it(`issues ${COUNT} certificates with serials 1..${COUNT}, none missing or doubled`, async () => {
    const applications = await inBatches(
      Array.from({ length: COUNT }, (_, index) => index),
      8,
      () => submittedApplication(stack, sampleCertificateOfOrigin(1)),
    );
    const staff = [await stack.login('staff'), await stack.login('staff2')];
    const statuses: number[] = [];
    await inBatches(applications, 8, async ({ id }) => {
      for (let attempt = 0; attempt < 12; attempt++) {
        const current = await readJson(await stack.request(`/api/applications/${id}`, { token: staff[0] }));
        if (current.status === 'ISSUED') return;
        // two staff members press approve at the same moment
        const responses = await Promise.all(
          staff.map((token) =>
            stack.request(`/api/applications/${id}/approve`, { token, json: { version: current.version } }),
          ),
        );
        statuses.push(...responses.map((response) => response.status));
      }
    });
    await stack.core.recoverIssuance({ graceMs: 0 });

    expect(statuses.every((status) => [201, 409, 503].includes(status))).toBe(true);
    expect(Object.values(injected).every((count) => count > 0)).toBe(true);

    const serials: string[] = [];
    await inBatches(applications, 8, async ({ id }) => {
      const stored = await readJson(await stack.request(`/api/applications/${id}`, { token: staff[0] }));
      expect(stored.status).toBe('ISSUED');
      serials.push(stored.certificate.serial);
      const meta = await readJson(
        await stack.request(`/api/certificates/${stored.certificate.serial}`, { token: staff[0] }),
      );
      const pdf = await stack.request(`/api/certificates/${stored.certificate.serial}/pdf`, {
        token: staff[0],
      });
      expect(
        createHash('sha256')
          .update(new Uint8Array(await pdf.arrayBuffer()))
          .digest('hex'),
      ).toBe(meta.sha256);
    });
    const numbers = serials.map((serial) => Number(serial.slice(-6))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: COUNT }, (_, index) => index + 1));
    const issuing = await readJson(
      await stack.request('/api/applications?status=ISSUING', { token: staff[0] }),
    );
    expect(issuing.items).toEqual([]);
    console.info(`faults injected: ${JSON.stringify(injected)}; approval answers: ${statuses.length}`);
  }, 600_000);
});
