// The issuance protocol of docs/architecture.md §3, verb by verb on the in-memory adapters: reserve → render →
// seal and store → commit, crashed between every two steps, resumed by a retried approval or the recovery
// sweep, with the same serial, code and bytes; serials gap-free; one certificate per approval.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Certificate } from '../../../functions/core/certificates/certificate.ts';
import { isAppError } from '../../../functions/core/errors.ts';
import type { SealKey } from '../../../functions/core/ports.ts';
import { sampleMovementCertificate } from '../../fixtures/movement-certificate-eur1.ts';
import type { FaultPlan } from '../../support/memory/faults.ts';
import { deterministicRandom } from '../../support/memory/memory-clock.ts';
import { type MemoryCore, memoryCore, TEST_ISSUER } from '../../support/memory/memory-core.ts';
import { createTestSealKey } from '../../support/memory/memory-keys.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What an approval's promise ended in: the certificate, or the error code it was refused with. */
const outcome = async (work: Promise<Certificate>) => {
  try {
    return { certificate: await work };
  } catch (error) {
    if (isAppError(error)) return { code: error.code };
    throw error;
  }
};

const certificatePuts = (world: MemoryCore) =>
  world.objects.puts.filter((put) => put.key.startsWith('certificates/'));

const certificatesIn = (world: MemoryCore) => [...world.tables.certificates.values()];

const approve = (world: MemoryCore, applicationId: string, version: number, actor = world.actors.staff) =>
  world.core.approveApplication({ actor, applicationId, version });

describe('approving an application', () => {
  it('reserves, renders, stores and commits one certificate, and records every step', async () => {
    const world = await memoryCore();
    const application = await world.submitted();

    const certificate = await approve(world, application.id, application.version);

    expect(certificate).toMatchObject({
      serial: 'MK-CO-2026-000001',
      status: 'ISSUED',
      issuerId: TEST_ISSUER.id,
      orgId: world.orgA.id,
      applicationId: application.id,
      issuedAt: world.clock.now().toISOString(),
      objectKey: `certificates/${TEST_ISSUER.id}/MK-CO-2026-000001.pdf`,
    });
    expect(certificate.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(certificate.content).toMatchObject({
      issueDate: '2026-11-23',
      exporter: { name: world.orgA.name },
    });
    const [stored] = certificatePuts(world);
    expect(stored && sha256(stored.body)).toBe(certificate.sha256);
    expect(
      Buffer.from(stored?.body ?? [])
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(await world.deps.certificates.findByCode(TEST_ISSUER.id, certificate.code)).toEqual(certificate);
    expect(await world.deps.certificates.findByPdfHash(TEST_ISSUER.id, certificate.sha256 ?? '')).toEqual(
      certificate,
    );
    expect(await world.stored(application.id)).toMatchObject({
      status: 'ISSUED',
      version: application.version + 2,
      certificate: { serial: certificate.serial, code: certificate.code },
    });
    const events = await world.deps.applications.events(TEST_ISSUER.id, application.id);
    expect(events.map((event) => [event.action, event.to])).toEqual([
      ['create', 'DRAFT'],
      ['attach', 'DRAFT'],
      ['submit', 'SUBMITTED'],
      ['approve', 'ISSUING'],
      ['issue', 'ISSUED'],
    ]);
    const outbox = await world.deps.webhooks.pendingOutbox(TEST_ISSUER.id, 100);
    expect(outbox.filter((entry) => entry.applicationId === application.id).map((entry) => entry.to)).toEqual(
      ['DRAFT', 'DRAFT', 'SUBMITTED', 'ISSUING', 'ISSUED'],
    );
    expect(world.faults.calls('certificates.reserve')).toBe(1);
    expect(world.faults.calls('certificates.commit')).toBe(1);
  });

  it('numbers each type in its own series, in the year at the issuer seat', async () => {
    // 23:30 UTC on New Year's Eve is already 2027 in Skopje
    const world = await memoryCore();
    world.clock.set('2026-12-31T23:30:00.000Z');
    const co = await world.issued();
    const created = await world.core.createApplication({
      actor: world.actors.exporterA,
      type: 'eur1',
      data: sampleMovementCertificate(1),
    });
    await world.attachInvoice(created.id);
    const eur1 = await world.core.submitApplication({
      actor: world.actors.exporterA,
      applicationId: created.id,
      version: 1,
    });
    const second = await approve(world, eur1.id, eur1.version);

    expect(co.certificate.serial).toBe('MK-CO-2027-000001');
    expect(co.certificate.content.issueDate).toBe('2027-01-01');
    expect(second.serial).toBe('MK-EUR1-2027-000001');
  });

  it('is refused to anyone but staff, on a stale version, and for what is not SUBMITTED', async () => {
    const world = await memoryCore();
    const application = await world.submitted();
    const refused = (actor: typeof world.actors.staff, version = application.version) =>
      outcome(approve(world, application.id, version, actor));

    expect(await refused(world.actors.exporterA)).toEqual({ code: 'FORBIDDEN' });
    expect(await refused(world.actors.admin)).toEqual({ code: 'FORBIDDEN' });
    expect(await refused(world.actors.staff, application.version - 1)).toEqual({ code: 'VERSION_CONFLICT' });
    expect(await outcome(approve(world, 'no-such-application', 1))).toEqual({ code: 'NOT_FOUND' });
    const rejected = await world.submitted();
    await world.core.reviewApplication({
      actor: world.actors.staff,
      applicationId: rejected.id,
      version: rejected.version,
      decision: 'reject',
      comment: 'Not eligible.',
    });
    expect(await outcome(approve(world, rejected.id, rejected.version + 1))).toEqual({
      code: 'INVALID_TRANSITION',
    });
    // another organisation's draft does not exist for staff (docs/security.md, "Who sees drafts")
    const draft = await world.draft();
    expect(await outcome(approve(world, draft.id, draft.version))).toEqual({ code: 'NOT_FOUND' });
    expect(world.faults.calls('certificates.reserve')).toBe(0);
  });

  it('is refused while the exporter organisation is disabled (ORGANISATION_DISABLED), consuming no serial', async () => {
    const world = await memoryCore();
    const application = await world.submitted();
    const disable = (disabled: boolean) =>
      world.core.setOrganisationDisabled({ actor: world.actors.admin, orgId: world.orgA.id, disabled });
    await disable(true);

    expect(await outcome(approve(world, application.id, application.version))).toEqual({
      code: 'ORGANISATION_DISABLED',
    });
    expect(world.faults.calls('certificates.reserve')).toBe(0);
    expect(world.tables.counters.size).toBe(0);
    expect(await world.stored(application.id)).toMatchObject({
      status: 'SUBMITTED',
      version: application.version,
    });

    await disable(false);
    const certificate = await approve(world, application.id, application.version);
    expect(certificate.serial).toBe('MK-CO-2026-000001');
  });

  it('stops before reserving a serial when the exporter organisation record is missing', async () => {
    const world = await memoryCore();
    const application = await world.submitted();
    world.tables.organisations.clear();

    expect(await outcome(approve(world, application.id, application.version))).toEqual({ code: 'INTERNAL' });
    expect(world.tables.counters.size).toBe(0);
    expect((await world.stored(application.id)).status).toBe('SUBMITTED');
  });
});

/** A crash at one boundary of §3: a fault on the port call there, before or after it wrote. */
interface Crash {
  step: string;
  method: string;
  plan: FaultPlan;
}

/** Crashes that leave the application ISSUING, to be resumed. */
const RESUMABLE_CRASHES: Crash[] = [
  { step: 'after reserve', method: 'certificates.reserve', plan: { timing: 'after' } },
  {
    step: 'after render (before store)',
    method: 'objects.put',
    plan: { timing: 'before', matching: (key: string) => key.startsWith('certificates/') },
  },
  {
    step: 'after store (before record)',
    method: 'objects.put',
    plan: { timing: 'after', matching: (key: string) => key.startsWith('certificates/') },
  },
  { step: 'while recording (nothing recorded)', method: 'certificates.commit', plan: { timing: 'before' } },
];

const crashed = async (world: MemoryCore, { method, plan }: Crash) => {
  const application = await world.submitted();
  world.faults.fail(method, plan);
  const first = await outcome(approve(world, application.id, application.version));
  expect(first).toEqual({ code: 'STORAGE_UNAVAILABLE' });
  expect(world.faults.fired(method)).toBe(1);
  return { application, after: await world.stored(application.id) };
};

describe.each(RESUMABLE_CRASHES)('a crash $step', (crash) => {
  it('leaves the application ISSUING with its serial; a retried approval resumes it, same serial, code and bytes', async () => {
    const world = await memoryCore();
    const { application, after } = await crashed(world, crash);
    expect(after).toMatchObject({ status: 'ISSUING', version: application.version + 1 });
    const reserved = after.certificate;
    expect(reserved?.serial).toBe('MK-CO-2026-000001');
    // not public and not listed while ISSUING
    await expect(
      world.core.getCertificate({ actor: world.actors.staff, serial: reserved?.serial ?? '' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // the old version no longer approves; the version the crash left does, and resumes
    expect(await outcome(approve(world, application.id, application.version))).toEqual({
      code: 'VERSION_CONFLICT',
    });
    world.clock.advance(5 * 60_000);
    const resumed = await approve(world, application.id, after.version);

    expect(resumed).toMatchObject({ serial: reserved?.serial, code: reserved?.code, status: 'ISSUED' });
    // the date is the reservation's, not the resumption's
    expect(resumed.issuedAt).toBe(after.updatedAt);
    expect(world.faults.calls('certificates.reserve')).toBe(1);
    expect(world.tables.counters.get(`${TEST_ISSUER.id}#co#2026`)).toBe(1);
    const puts = certificatePuts(world);
    expect(puts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(puts.map((put) => sha256(put.body)))).toEqual(new Set([resumed.sha256]));
    expect(certificatesIn(world)).toHaveLength(1);
    expect(await world.stored(application.id)).toMatchObject({ status: 'ISSUED' });
    // one credential, stored by the commit, naming the bytes that were stored
    const [stored] = certificatesIn(world);
    expect(stored?.credential).toBe(resumed.credential);
    expect(credentialDigest(resumed.credential)).toBe(
      `sha256-${Buffer.from(resumed.sha256 ?? '', 'hex').toString('base64')}`,
    );
  });

  it('is finished by the recovery sweep once the grace period has passed', async () => {
    const world = await memoryCore();
    const { after } = await crashed(world, crash);

    expect(await world.core.recoverIssuance()).toEqual({ completed: [], failed: [] });
    world.clock.advance(60_001);
    const report = await world.core.recoverIssuance();

    expect(report).toEqual({ completed: [after.certificate?.serial], failed: [] });
    const [certificate] = certificatesIn(world);
    expect(certificate).toMatchObject({ code: after.certificate?.code, status: 'ISSUED' });
    const events = await world.deps.applications.events(TEST_ISSUER.id, after.id);
    expect(events.at(-1)).toMatchObject({ action: 'issue', actorId: 'system:recovery' });
    expect(await world.core.recoverIssuance({ graceMs: 0 })).toEqual({ completed: [], failed: [] });
  });
});

const credentialDigest = (jwt: string | undefined): string =>
  JSON.parse(Buffer.from(jwt?.split('.')[1] ?? '', 'base64url').toString('utf8')).relatedResource[0]
    .digestSRI;

describe('the status-list index', () => {
  it('is drawn at reservation, and a taken one is drawn again: no two certificates share a bit', async () => {
    const random = deterministicRandom('collide');
    let zeros = 2;
    const colliding = {
      ...random,
      // the first two status-index draws are the same index 0
      bytes: (length: number) => (length === 4 && zeros-- > 0 ? new Uint8Array(4) : random.bytes(length)),
    };
    const world = await memoryCore({ random: colliding });
    const first = await world.submitted();
    const second = await world.submitted();
    const a = await approve(world, first.id, first.version);
    const b = await approve(world, second.id, second.version);
    expect(a.statusListIndex).toBe(0);
    expect(b.statusListIndex).toEqual(expect.any(Number));
    expect(b.statusListIndex).not.toBe(0);
    expect(b.serial).toBe('MK-CO-2026-000002');
    expect(world.faults.calls('certificates.reserve')).toBe(3);
  });
});

describe('a crash after record', () => {
  it('has issued exactly once: a retry is refused and the sweep finds nothing', async () => {
    const world = await memoryCore();
    const { application, after } = await crashed(world, {
      step: 'after record',
      method: 'certificates.commit',
      plan: { timing: 'after' },
    });
    expect(after).toMatchObject({ status: 'ISSUED', version: application.version + 2 });

    expect(await outcome(approve(world, application.id, after.version - 1))).toEqual({
      code: 'VERSION_CONFLICT',
    });
    expect(await outcome(approve(world, application.id, after.version))).toEqual({
      code: 'INVALID_TRANSITION',
    });
    expect(await world.core.recoverIssuance({ graceMs: 0 })).toEqual({ completed: [], failed: [] });
    expect(certificatesIn(world)).toEqual([expect.objectContaining({ status: 'ISSUED' })]);
    expect(certificatePuts(world)).toHaveLength(1);
  });
});

describe('a failure before the reservation is written', () => {
  it('writes nothing and consumes no serial: the retried approval takes the same number', async () => {
    const world = await memoryCore();
    const application = await world.submitted();
    world.faults.fail('certificates.reserve', { timing: 'before' });

    expect(await outcome(approve(world, application.id, application.version))).toEqual({
      code: 'STORAGE_UNAVAILABLE',
    });
    expect(await world.stored(application.id)).toMatchObject({ status: 'SUBMITTED', version: 2 });
    expect(world.tables.counters.size).toBe(0);
    expect(world.tables.certificates.size).toBe(0);

    const certificate = await approve(world, application.id, application.version);
    expect(certificate.serial).toBe('MK-CO-2026-000001');
  });

  it('leaves the counter alone when any item of the reservation is refused (all or nothing)', async () => {
    const world = await memoryCore();
    const application = await world.submitted();
    // someone claimed serial 1 outside the counter: the reservation's serial item is refused
    world.tables.serials.set(`${TEST_ISSUER.id}#MK-CO-2026-000001`, 'SOMEONEELSE00000');

    const result = await world.deps.certificates.reserve({
      ...(await import('../../../functions/core/applications/audit-event.ts')).advance(application, {
        action: 'approve',
        to: 'ISSUING',
        actor: world.actors.staff,
        at: world.clock.now().toISOString(),
      }),
      series: { issuerId: TEST_ISSUER.id, type: 'co', year: 2026 },
      counter: 0,
      certificate: {
        code: 'AAAAAAAAAAAAAAAA',
        serial: 'MK-CO-2026-000001',
        issuerId: TEST_ISSUER.id,
        orgId: application.orgId,
        applicationId: application.id,
        type: 'co',
        status: 'ISSUING',
        issuedAt: world.clock.now().toISOString(),
        keyId: 'k',
        jws: 'j',
        content: {} as Certificate['content'],
      },
    });

    expect(result).toEqual({ reserved: false, reason: 'SERIAL_TAKEN' });
    expect(world.tables.counters.size).toBe(0);
    expect(world.tables.certificates.size).toBe(0);
    expect(await world.stored(application.id)).toMatchObject({ status: 'SUBMITTED', version: 2 });
  });
});

describe('resuming a sealed issuance', () => {
  let seal: SealKey;
  beforeAll(async () => {
    seal = await createTestSealKey(TEST_ISSUER);
  });

  it('stores byte-identical PAdES-sealed PDFs on every run after a crash after store', async () => {
    const world = await memoryCore({ seal });
    const application = await world.submitted();
    world.faults.fail('objects.put', {
      timing: 'after',
      times: 'always',
      matching: (key: string) => key.startsWith('certificates/'),
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      const version = attempt === 0 ? application.version : application.version + 1;
      expect(await outcome(approve(world, application.id, version))).toEqual({ code: 'STORAGE_UNAVAILABLE' });
      world.clock.advance(60_000);
    }
    world.faults.clear();
    const certificate = await approve(world, application.id, application.version + 1);

    const puts = certificatePuts(world);
    expect(puts).toHaveLength(3);
    expect(new Set(puts.map((put) => sha256(put.body)))).toEqual(new Set([certificate.sha256]));
    expect(Buffer.from(puts[0]?.body ?? []).includes('/ETSI.CAdES.detached')).toBe(true);
  });
});

describe('serials', () => {
  it('are gap-free when many applications are approved at once in one process', async () => {
    const world = await memoryCore();
    const applications = [];
    for (let i = 0; i < 6; i++) applications.push(await world.submitted());

    const certificates = await Promise.all(
      applications.map((application, i) =>
        approve(world, application.id, application.version, i % 2 ? world.actors.staff : world.actors.staff2),
      ),
    );

    expect(certificates.map((certificate) => certificate.serial).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `MK-CO-2026-00000${n}`),
    );
    expect(world.tables.counters.get(`${TEST_ISSUER.id}#co#2026`)).toBe(6);
  });

  it('are gap-free across two processes racing for the same counter', async () => {
    const first = await memoryCore();
    const second = await memoryCore({ sharing: first });
    const applications = [];
    for (let i = 0; i < 6; i++) applications.push(await first.submitted());

    const certificates = await Promise.all(
      applications.map((application, i) =>
        approve(i % 2 ? second : first, application.id, application.version),
      ),
    );

    expect(certificates.map((certificate) => certificate.serial).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `MK-CO-2026-00000${n}`),
    );
    expect(new Set(certificates.map((certificate) => certificate.code)).size).toBe(6);
  });

  it('stay gap-free when one reservation among several fails', async () => {
    const world = await memoryCore();
    const applications = [];
    for (let i = 0; i < 3; i++) applications.push(await world.submitted());
    world.faults.fail('certificates.reserve', { call: 2, timing: 'before' });

    const results = await Promise.all(
      applications.map((application) => outcome(approve(world, application.id, application.version))),
    );
    const failedAt = results.findIndex((result) => 'code' in result);
    expect(results.filter((result) => 'code' in result)).toEqual([{ code: 'STORAGE_UNAVAILABLE' }]);
    const failed = applications[failedAt];
    if (!failed) throw new Error('no approval failed');
    const retried = await approve(world, failed.id, failed.version);

    const serials = [
      ...results.flatMap((result) => ('certificate' in result ? [result.certificate] : [])),
      retried,
    ]
      .map((certificate) => certificate.serial)
      .sort();
    expect(serials).toEqual(['MK-CO-2026-000001', 'MK-CO-2026-000002', 'MK-CO-2026-000003']);
  });
});

describe('exactly once', () => {
  it('gives one certificate when two staff approve the same application at once', async () => {
    const world = await memoryCore();
    const application = await world.submitted();

    const results = await Promise.all([
      outcome(approve(world, application.id, application.version, world.actors.staff)),
      outcome(approve(world, application.id, application.version, world.actors.staff2)),
    ]);

    expect(results.filter((result) => 'certificate' in result)).toHaveLength(1);
    expect(results.filter((result) => 'code' in result)).toEqual([{ code: 'VERSION_CONFLICT' }]);
    expect(certificatesIn(world)).toHaveLength(1);
    expect(world.tables.counters.get(`${TEST_ISSUER.id}#co#2026`)).toBe(1);
  });

  it('gives one certificate when two processes approve the same application at once', async () => {
    const first = await memoryCore();
    const second = await memoryCore({ sharing: first });
    const application = await first.submitted();

    const results = await Promise.all([
      outcome(approve(first, application.id, application.version, first.actors.staff)),
      outcome(approve(second, application.id, application.version, second.actors.staff2)),
    ]);

    expect(results.filter((result) => 'certificate' in result)).toHaveLength(1);
    expect(results.filter((result) => 'code' in result)).toEqual([{ code: 'VERSION_CONFLICT' }]);
    expect(certificatesIn(first)).toHaveLength(1);
  });

  it('gives one certificate when a resumed approval and the recovery sweep run at once', async () => {
    const world = await memoryCore();
    const application = await world.submitted();
    world.faults.fail('certificates.commit', { timing: 'before' });
    await outcome(approve(world, application.id, application.version));
    const stuck = await world.stored(application.id);

    const [resumed, report] = await Promise.all([
      outcome(approve(world, application.id, stuck.version)),
      world.core.recoverIssuance({ graceMs: 0 }),
    ]);

    const completions = ('certificate' in resumed ? 1 : 0) + report.completed.length;
    expect(completions).toBe(1);
    expect(certificatesIn(world)).toEqual([expect.objectContaining({ status: 'ISSUED' })]);
    expect(
      (await world.deps.applications.events(TEST_ISSUER.id, application.id)).filter(
        (event) => event.action === 'issue',
      ),
    ).toHaveLength(1);
  });
});
