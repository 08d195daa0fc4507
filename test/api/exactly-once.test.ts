// Three chambers × 100 issuances with faults injected at every step of the protocol (after reserve, before and
// after the S3 put, before commit), the three chambers approving at the same time and two staff members of each
// chamber racing each other on every application: every application ends ISSUED, each chamber's serials are
// exactly its prefix with 1..100 (no gap, no duplicate), no certificate is stored under another chamber's scope,
// and every stored PDF matches its recorded SHA-256 and verifies through its own chamber's /c/<id>/api/verify
// (docs/architecture.md §3, docs/network.md §4 "Serials").
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCertificateRepository } from '../../functions/adapters/dynamodb/certificate-repository.ts';
import { createObjectStore, createS3Client } from '../../functions/adapters/s3/object-store.ts';
import { buildVerifyDeps } from '../../functions/config/verify-deps.ts';
import { certificateObjectKey } from '../../functions/core/certificates/certificate.ts';
import { AppError } from '../../functions/core/errors.ts';
import type { CertificateRepository, ObjectStore } from '../../functions/core/ports.ts';
import { createVerifyApp } from '../../functions/verify/app.tsx';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { addChamber, attachInvoice, createTestStack, type TestStack } from '../support/test-stack.ts';

const PER_CHAMBER = 100;
const FAULT_RATE = 0.12;
/** Approval rounds per application before the recovery sweep takes over what is still ISSUING. */
const ROUNDS = 12;
/** Applications of one chamber in flight at once; the three chambers run side by side. */
const IN_FLIGHT = 4;

type Where = 'afterReserve' | 'beforePut' | 'afterPut' | 'beforeCommit';

/** One chamber under test: how its requests name it, its people, and what the test saw it do. */
interface ServedChamber {
  id: string;
  prefix: string;
  name: string;
  /** '' for the first chamber (a request naming no chamber is the first's), `/c/<id>` for the added ones. */
  base: string;
  exporter: string;
  staff: [string, string];
  applications: string[];
  statuses: number[];
  injected: Record<Where, number>;
}

let stack: TestStack;
let certificates: CertificateRepository;
let chambers: ServedChamber[];
/** Every object key a certificate PDF was stored under (a resumed issuance stores the same key again). */
const storedKeys = new Set<string>();

/** A seeded generator, so that a failing run can be repeated (as far as the interleaving allows). */
const random = (() => {
  let seed = 20261123;
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
})();

const fault = (issuerId: string, where: Where) => {
  if (random() >= FAULT_RATE) return;
  const chamber = chambers.find(({ id }) => id === issuerId);
  if (!chamber) throw new Error(`a fault was injected for ${issuerId}, which is not a chamber under test`);
  chamber.injected[where] += 1;
  throw new AppError('STORAGE_UNAVAILABLE', `injected fault ${where}`);
};

// The overrides apply to every chamber's core (functions/config/deps.ts): the faults strike all three.
const faultyCertificates = (real: () => CertificateRepository): CertificateRepository =>
  new Proxy({} as CertificateRepository, {
    get: (_target, name: keyof CertificateRepository) => {
      if (name === 'reserve') {
        return async (...args: Parameters<CertificateRepository['reserve']>) => {
          const result = await real().reserve(...args);
          if (result.reserved) fault(args[0].certificate.issuerId, 'afterReserve');
          return result;
        };
      }
      if (name === 'commit') {
        return async (...args: Parameters<CertificateRepository['commit']>) => {
          fault(args[0].certificate.issuerId, 'beforeCommit');
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
    const issuerId = key.split('/')[1] ?? '';
    fault(issuerId, 'beforePut');
    const stored = await real().put(key, body, contentType);
    storedKeys.add(key);
    fault(issuerId, 'afterPut');
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

const noFaults = (): Record<Where, number> => ({
  afterReserve: 0,
  beforePut: 0,
  afterPut: 0,
  beforeCommit: 0,
});

/** An application of the chamber's exporter, with an invoice attached, submitted; answers its id. */
const submitted = async (chamber: ServedChamber): Promise<string> => {
  const created = await stack.request(`${chamber.base}/api/applications`, {
    token: chamber.exporter,
    json: { type: 'co', data: sampleCertificateOfOrigin(1) },
  });
  expect(created.status).toBe(201);
  const { id } = await readJson(created);
  await attachInvoice(
    (path, init) => stack.app.request(`${chamber.base}${path}`, init),
    chamber.exporter,
    id,
  );
  const done = await stack.request(`${chamber.base}/api/applications/${id}/submit`, {
    token: chamber.exporter,
    json: { version: 1 },
  });
  expect(done.status).toBe(200);
  return id;
};

/** Approves until ISSUED, two staff members of the chamber pressing approve at the same moment each round. */
const approveUntilIssued = async (chamber: ServedChamber, id: string) => {
  for (let round = 0; round < ROUNDS; round++) {
    const current = await readJson(
      await stack.request(`${chamber.base}/api/applications/${id}`, { token: chamber.staff[0] }),
    );
    if (current.status === 'ISSUED') return;
    const responses = await Promise.all(
      chamber.staff.map((token) =>
        stack.request(`${chamber.base}/api/applications/${id}/approve`, {
          token,
          json: { version: current.version },
        }),
      ),
    );
    chamber.statuses.push(...responses.map((response) => response.status));
  }
};

/** The chamber's own recovery sweep, repeated while injected faults make it leave some behind (it runs periodically). */
const recover = async (chamber: ServedChamber) => {
  const served = await stack.chambers.byId(chamber.id);
  if (!served) throw new Error(`${chamber.id} is not served`);
  for (let sweep = 0; sweep < 5; sweep++) {
    const { failed } = await served.wiring.core.recoverIssuance({ graceMs: 0 });
    if (failed.length === 0) return;
  }
};

beforeAll(async () => {
  let objects: ObjectStore | undefined;
  stack = await createTestStack(
    {},
    {
      certificates: faultyCertificates(() => certificates),
      objects: faultyObjects(() => objects as ObjectStore),
    },
  );
  certificates = createCertificateRepository(stack.db, stack.config.tableName);
  objects = createObjectStore(
    createS3Client({ region: stack.config.region, endpoint: stack.config.s3Endpoint }),
    stack.config.bucketName,
  );
  const added = [
    await addChamber(stack, 'al-chamber', { serialPrefix: 'AL' }),
    await addChamber(stack, 'xk-chamber', { serialPrefix: 'XK' }),
  ];
  const seen = { applications: [], statuses: [] };
  chambers = [
    {
      id: stack.config.issuer.id,
      prefix: stack.config.issuer.serialPrefix,
      name: stack.config.issuer.name,
      base: '',
      exporter: await stack.login('exporterA'),
      staff: [await stack.login('staff'), await stack.login('staff2')],
      ...structuredClone(seen),
      injected: noFaults(),
    },
  ];
  for (const { chamber, base, login } of added) {
    chambers.push({
      id: chamber.id,
      prefix: chamber.serialPrefix,
      name: chamber.name,
      base,
      exporter: await login('exporter'),
      staff: [await login('staff'), await login('staff2')],
      ...structuredClone(seen),
      injected: noFaults(),
    });
  }
  expect(new Set(chambers.map(({ prefix }) => prefix)).size).toBe(chambers.length);
}, 300_000);

describe('exactly once under faults, three chambers at once', () => {
  it(`issues ${PER_CHAMBER} certificates per chamber, each series its prefix 1..${PER_CHAMBER}, none missing, doubled or misplaced`, async () => {
    // the three chambers' submissions interleaved, twelve at a time
    const work = Array.from({ length: PER_CHAMBER }, () => chambers).flat();
    await inBatches(work, 12, async (chamber) => {
      chamber.applications.push(await submitted(chamber));
    });

    // the three chambers approve at the same time, each with its own staff racing on every application
    await Promise.all(
      chambers.map((chamber) =>
        inBatches(chamber.applications, IN_FLIGHT, (id) => approveUntilIssued(chamber, id)),
      ),
    );
    await Promise.all(chambers.map(recover));

    // verification through each chamber's own path form, on a verify app whose per-address limit (120 a minute,
    // one 'unknown' address under app.request) does not stop 300 checks; test/api/revocation-and-replacement
    // covers the limit itself
    const verify = createVerifyApp(await buildVerifyDeps(stack.config), { requestsPerMinute: 1_000_000 });
    const expectedKeys = new Set<string>();
    for (const chamber of chambers) {
      expect(chamber.applications).toHaveLength(PER_CHAMBER);
      expect(chamber.statuses.every((status) => [201, 409, 503].includes(status))).toBe(true);
      expect(Object.values(chamber.injected).every((count) => count > 0)).toBe(true);
      const others = chambers.filter(({ id }) => id !== chamber.id);
      const serials: string[] = [];
      await inBatches(chamber.applications, 8, async (id) => {
        const stored = await readJson(
          await stack.request(`${chamber.base}/api/applications/${id}`, { token: chamber.staff[0] }),
        );
        expect(stored.status).toBe('ISSUED');
        const serial: string = stored.certificate.serial;
        serials.push(serial);
        expectedKeys.add(certificateObjectKey(chamber.id, serial));
        const meta = await readJson(
          await stack.request(`${chamber.base}/api/certificates/${serial}`, { token: chamber.staff[0] }),
        );
        const pdf = new Uint8Array(
          await (
            await stack.request(`${chamber.base}/api/certificates/${serial}/pdf`, { token: chamber.staff[0] })
          ).arrayBuffer(),
        );
        const sha256 = createHash('sha256').update(pdf).digest('hex');
        expect(sha256).toBe(meta.sha256);

        const verified = await verify.request(`/c/${chamber.id}/api/verify/pdf`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/pdf' },
          body: pdf,
        });
        expect(verified.status).toBe(200);
        const answer = await readJson(verified);
        expect(answer.status).toBe('VALID');
        expect(answer.certificate.serial).toBe(serial);
        expect(answer.certificate.issuer.name).toBe(chamber.name);

        // stored in its own chamber's scope, and in no other's
        expect((await certificates.findBySerial(chamber.id, serial))?.issuerId).toBe(chamber.id);
        expect((await certificates.findByPdfHash(chamber.id, sha256))?.serial).toBe(serial);
        for (const other of others) {
          expect(await certificates.findBySerial(other.id, serial)).toBeUndefined();
          expect(await certificates.findByPdfHash(other.id, sha256)).toBeUndefined();
        }
      });
      const series = new RegExp(`^${chamber.prefix}-CO-\\d{4}-(\\d{6})$`);
      const numbers = serials.map((serial) => Number(series.exec(serial)?.[1])).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: PER_CHAMBER }, (_, index) => index + 1));
      const issuing = await readJson(
        await stack.request(`${chamber.base}/api/applications?status=ISSUING`, { token: chamber.staff[0] }),
      );
      expect(issuing.items).toEqual([]);
      console.info(
        `${chamber.id}: faults injected ${JSON.stringify(chamber.injected)}; approval answers ${chamber.statuses.length}`,
      );
    }
    // no PDF under a key of another chamber, and none but the issued certificates' own
    expect([...storedKeys].sort()).toEqual([...expectedKeys].sort());
  }, 600_000);
});
