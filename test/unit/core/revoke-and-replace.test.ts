// Revocation and replacement as functions/core/certificates/revoke-and-replace.ts and the supersession step of
// issuance have them (docs/architecture.md §2): a valid certificate replaced becomes SUPERSEDED, a revoked one stays
// REVOKED and links forward; no replacement of one revoked for fraud or goods not originating; one open
// replacement per certificate (the replacement lock); documents carried over as copies. Each rule is one `it`,
// built from the helpers below, so that a changed rule changes one expectation.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/accounts.ts';
import type { Application } from '../../../functions/core/applications/application.ts';
import type { Certificate, RevocationReason } from '../../../functions/core/certificates/certificate.ts';
import { type ErrorCode, isAppError } from '../../../functions/core/errors.ts';
import { sampleCertificateOfOrigin } from '../../fixtures/certificate-of-origin.ts';
import { type MemoryCore, memoryCore, TEST_ISSUER } from '../../support/memory/memory-core.ts';

const codeOf = async (work: Promise<unknown>): Promise<ErrorCode | 'OK'> => {
  try {
    await work;
    return 'OK';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
};

const revoke = (
  world: MemoryCore,
  serial: string,
  options: { actor?: Actor; reason?: RevocationReason; comment?: string } = {},
) =>
  world.core.revokeCertificate({
    actor: options.actor ?? world.actors.staff,
    serial,
    reason: options.reason ?? 'issued-in-error',
    ...(options.comment ? { comment: options.comment } : {}),
  });

/** Starts a replacement of `serial`, submits it with an invoice, and has staff2 approve it. */
const replaceAndIssue = async (world: MemoryCore, serial: string, actor: Actor = world.actors.exporterA) => {
  const draft = await world.core.replaceCertificate({ actor, serial });
  return issueReplacement(world, draft.id);
};

const issueReplacement = async (world: MemoryCore, applicationId: string) => {
  await world.attachInvoice(applicationId);
  const submitted = await world.core.submitApplication({
    actor: world.actors.exporterA,
    applicationId,
    version: (await world.stored(applicationId)).version,
  });
  return world.core.approveApplication({
    actor: world.actors.staff2,
    applicationId,
    version: submitted.version,
  });
};

const certificateOf = async (world: MemoryCore, code: string): Promise<Certificate> => {
  const certificate = await world.deps.certificates.findByCode(TEST_ISSUER.id, code);
  if (!certificate) throw new Error(`no certificate ${code}`);
  return certificate;
};

const replace = (world: MemoryCore, serial: string, actor: Actor = world.actors.exporterA) =>
  world.core.replaceCertificate({ actor, serial });

/** A replacement draft of `serial` submitted by exporter A (with the invoice carried over), ready for staff. */
const submittedReplacement = async (world: MemoryCore, serial: string): Promise<Application> => {
  const draft = await replace(world, serial);
  return world.core.submitApplication({
    actor: world.actors.exporterA,
    applicationId: draft.id,
    version: draft.version,
  });
};

const approveAsStaff2 = (world: MemoryCore, application: Pick<Application, 'id' | 'version'>) =>
  world.core.approveApplication({
    actor: world.actors.staff2,
    applicationId: application.id,
    version: application.version,
  });

/** Which application holds the replacement lock of `serial`, if any. */
const lockHolder = (world: MemoryCore, serial: string) =>
  world.tables.replacementLocks.get(`${TEST_ISSUER.id}#${serial}`)?.applicationId;

/**
 * Two replacement drafts of one certificate, as data from before the replacement lock can hold them: the lock
 * is dropped after each is created (nothing the verbs do today leaves two open replacements).
 */
const twoDraftsFromBeforeLocks = async (world: MemoryCore, serial: string) => {
  const one = await replace(world, serial);
  world.tables.replacementLocks.clear();
  const two = await replace(world, serial);
  world.tables.replacementLocks.clear();
  return { one, two };
};

/** Runs `before` once, just before the next reservation reaches the store: a change that lands in between. */
const beforeNextReservation = (world: MemoryCore, before: () => Promise<unknown>) => {
  const { certificates } = world.deps;
  const reserve = certificates.reserve;
  certificates.reserve = async (reservation) => {
    certificates.reserve = reserve;
    await before();
    return reserve(reservation);
  };
};

const statusListEntries = async (world: MemoryCore) => {
  const list = await world.deps.certificates.getStatusList(TEST_ISSUER.id);
  if (!list) return undefined;
  const [, payload] = list.jws.split('.');
  return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()).entries as unknown[];
};

describe('revoking', () => {
  it('makes an issued certificate REVOKED with when, why and by whom, and its application too', async () => {
    const world = await memoryCore();
    const { application, certificate } = await world.issued();
    world.clock.advance(3_600_000);

    const revoked = await revoke(world, certificate.serial, {
      reason: 'fraud',
      comment: '  forged invoice ',
    });

    const at = world.clock.now().toISOString();
    expect(revoked).toMatchObject({
      status: 'REVOKED',
      revocation: { at, reason: 'fraud', by: world.actors.staff.userId },
    });
    expect(await certificateOf(world, certificate.code)).toEqual(revoked);
    // the PDF-hash copy says so too, so that checking the file says REVOKED
    expect(await world.deps.certificates.findByPdfHash(TEST_ISSUER.id, certificate.sha256 ?? '')).toEqual(
      revoked,
    );
    expect(await world.stored(application.id)).toMatchObject({
      status: 'REVOKED',
      version: application.version + 1,
    });
    const events = await world.deps.applications.events(TEST_ISSUER.id, application.id);
    expect(events.at(-1)).toMatchObject({
      action: 'revoke',
      from: 'ISSUED',
      to: 'REVOKED',
      comment: 'fraud: forged invoice',
      actorId: world.actors.staff.userId,
    });
  });

  it('re-publishes the signed revocation list at once', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    expect(await statusListEntries(world)).toBeUndefined();

    await revoke(world, certificate.serial, { reason: 'fraud' });

    expect(await statusListEntries(world)).toEqual([
      { sn: certificate.serial, status: 'REVOKED', at: world.clock.now().toISOString(), reason: 'fraud' },
    ]);
  });

  it('still revokes when the list cannot be published; the periodic refresh publishes it later', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    world.faults.fail('certificates.saveStatusList', { timing: 'before' });

    expect((await revoke(world, certificate.serial)).status).toBe('REVOKED');
    expect(await statusListEntries(world)).toBeUndefined();
    await world.core.refreshStatusList();
    expect(await statusListEntries(world)).toHaveLength(1);
  });

  it('is for staff only', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();

    expect(await codeOf(revoke(world, certificate.serial, { actor: world.actors.exporterA }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(revoke(world, certificate.serial, { actor: world.actors.admin }))).toBe('FORBIDDEN');
    expect((await certificateOf(world, certificate.code)).status).toBe('ISSUED');
  });

  it('refuses what is not a valid certificate: revoked, superseded, unknown, still issuing', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    await revoke(world, certificate.serial);
    const { certificate: replaced } = await world.issued();
    await replaceAndIssue(world, replaced.serial);
    const issuing = await world.submitted();
    world.faults.fail('certificates.commit', { timing: 'before' });
    await codeOf(
      world.core.approveApplication({ actor: world.actors.staff, applicationId: issuing.id, version: 2 }),
    );
    const reserved = (await world.stored(issuing.id)).certificate?.serial ?? '';

    expect(await codeOf(revoke(world, certificate.serial))).toBe('INVALID_TRANSITION');
    expect(await codeOf(revoke(world, replaced.serial))).toBe('INVALID_TRANSITION');
    expect(await codeOf(revoke(world, 'MK-CO-2026-999999'))).toBe('NOT_FOUND');
    expect(await codeOf(revoke(world, reserved))).toBe('NOT_FOUND');
  });

  it('revokes once when two staff revoke at once; the other gets VERSION_CONFLICT', async () => {
    const world = await memoryCore();
    const { application, certificate } = await world.issued();

    const results = await Promise.all([
      codeOf(revoke(world, certificate.serial, { actor: world.actors.staff })),
      codeOf(revoke(world, certificate.serial, { actor: world.actors.staff2 })),
    ]);

    expect(results.sort()).toEqual(['OK', 'VERSION_CONFLICT']);
    const events = await world.deps.applications.events(TEST_ISSUER.id, application.id);
    expect(events.filter((event) => event.action === 'revoke')).toHaveLength(1);
  });
});

describe('starting a replacement', () => {
  it('makes a DRAFT pre-filled from the certificate, for the exporter or for staff', async () => {
    const world = await memoryCore();

    for (const actor of [world.actors.exporterA, world.actors.staff]) {
      const { certificate } = await world.issued(sampleCertificateOfOrigin(2));
      const draft = await replace(world, certificate.serial, actor);
      expect(draft).toMatchObject({
        status: 'DRAFT',
        version: 1,
        orgId: world.orgA.id,
        type: 'co',
        createdBy: actor.userId,
        replaces: { serial: certificate.serial, code: certificate.code },
        data: certificate.content.data,
      });
      const [created] = await world.deps.applications.events(TEST_ISSUER.id, draft.id);
      expect(created).toMatchObject({
        action: 'create',
        comment: `replacement for ${certificate.serial}; 1 document(s) carried over`,
      });
      // the certificate itself is untouched until the replacement is issued
      expect((await certificateOf(world, certificate.code)).status).toBe('ISSUED');
    }
  });

  it('is refused to another organisation (NOT_FOUND) and to admins (FORBIDDEN)', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    const replaceAs = (actor: Actor) => codeOf(replace(world, certificate.serial, actor));

    expect(await replaceAs(world.actors.exporterB)).toBe('NOT_FOUND');
    expect(await replaceAs(world.actors.admin)).toBe('FORBIDDEN');
  });

  it('is refused for a certificate already replaced (ALREADY_REPLACED), but allowed for a revoked one', async () => {
    const world = await memoryCore();
    const { certificate: replaced } = await world.issued();
    await replaceAndIssue(world, replaced.serial);
    const { certificate: revoked } = await world.issued();
    await revoke(world, revoked.serial, { reason: 'issued-in-error' });

    expect(await codeOf(replace(world, replaced.serial))).toBe('ALREADY_REPLACED');
    expect(await codeOf(replace(world, revoked.serial))).toBe('OK');
  });

  it.each(['fraud', 'goods-not-originating'] as const)(
    'is refused for a certificate revoked for %s (REPLACEMENT_FORBIDDEN), writing nothing',
    async (reason) => {
      const world = await memoryCore();
      const { certificate } = await world.issued();
      await revoke(world, certificate.serial, { reason });
      const applications = world.tables.applications.size;
      const objects = world.objects.objects.size;

      expect(await codeOf(replace(world, certificate.serial))).toBe('REPLACEMENT_FORBIDDEN');
      expect(await codeOf(replace(world, certificate.serial, world.actors.staff))).toBe(
        'REPLACEMENT_FORBIDDEN',
      );
      expect(world.tables.applications.size).toBe(applications);
      expect(world.objects.objects.size).toBe(objects);
      expect(lockHolder(world, certificate.serial)).toBeUndefined();
    },
  );

  it('carries the documents over as copies: new records and files; removing a copy leaves the original', async () => {
    const world = await memoryCore();
    const { application: original, certificate } = await world.issued();
    const [originalDocument] = await world.deps.attachments.list(TEST_ISSUER.id, original.id);
    if (!originalDocument) throw new Error('the issued application has no invoice');

    const draft = await replace(world, certificate.serial);

    const [copied, ...more] = await world.deps.attachments.list(TEST_ISSUER.id, draft.id);
    expect(more).toEqual([]);
    expect(copied).toEqual({
      ...originalDocument,
      id: copied?.id,
      applicationId: draft.id,
      objectKey: `attachments/${TEST_ISSUER.id}/${draft.id}/${copied?.id}`,
    });
    expect(copied?.id).not.toBe(originalDocument.id);
    expect(await world.deps.objects.get(copied?.objectKey ?? '')).toEqual(
      await world.deps.objects.get(originalDocument.objectKey),
    );
    // the copy is the exporter's to change: the evidence of the issued certificate stays as it was
    await world.core.removeAttachment({
      actor: world.actors.exporterA,
      applicationId: draft.id,
      attachmentId: copied?.id ?? '',
    });
    expect(await world.deps.attachments.list(TEST_ISSUER.id, draft.id)).toEqual([]);
    expect(await world.deps.attachments.list(TEST_ISSUER.id, original.id)).toEqual([originalDocument]);
    expect(await world.deps.objects.get(originalDocument.objectKey)).toBeDefined();
  });
});

describe('one open replacement per certificate (the replacement lock)', () => {
  it('refuses a second replacement while one is open (REPLACEMENT_IN_PROGRESS) and removes its copied files', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    const first = await replace(world, certificate.serial);
    const applications = world.tables.applications.size;
    const objects = [...world.objects.objects.keys()];

    expect(await codeOf(replace(world, certificate.serial))).toBe('REPLACEMENT_IN_PROGRESS');
    expect(await codeOf(replace(world, certificate.serial, world.actors.staff))).toBe(
      'REPLACEMENT_IN_PROGRESS',
    );
    expect(world.tables.applications.size).toBe(applications);
    expect([...world.objects.objects.keys()]).toEqual(objects);
    expect(lockHolder(world, certificate.serial)).toBe(first.id);
  });

  it('creates exactly one of two replacements started at once', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();

    const results = await Promise.all([
      codeOf(replace(world, certificate.serial, world.actors.exporterA)),
      codeOf(replace(world, certificate.serial, world.actors.exporterA2)),
    ]);

    expect(results.sort()).toEqual(['OK', 'REPLACEMENT_IN_PROGRESS']);
    const replacements = [...world.tables.applications.values()].filter(
      (application) => application.replaces?.serial === certificate.serial,
    );
    expect(replacements).toHaveLength(1);
    expect(lockHolder(world, certificate.serial)).toBe(replacements[0]?.id);
    // the loser's copied files are gone: only the original's and the one replacement's documents are stored
    const documents = [...world.objects.objects.keys()].filter((key) => key.startsWith('attachments/'));
    expect(documents).toHaveLength(2);
  });

  it('is let go when the replacement is cancelled, so that another may start', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    const first = await replace(world, certificate.serial);

    await world.core.cancelApplication({
      actor: world.actors.exporterA,
      applicationId: first.id,
      version: first.version,
    });

    expect(lockHolder(world, certificate.serial)).toBeUndefined();
    const second = await replace(world, certificate.serial);
    expect(lockHolder(world, certificate.serial)).toBe(second.id);
  });

  it('is let go when staff reject the replacement, so that another may start', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    const submitted = await submittedReplacement(world, certificate.serial);

    await world.core.reviewApplication({
      actor: world.actors.staff,
      applicationId: submitted.id,
      version: submitted.version,
      decision: 'reject',
      comment: 'Not a correction of the original.',
    });

    expect(lockHolder(world, certificate.serial)).toBeUndefined();
    expect(await codeOf(replace(world, certificate.serial))).toBe('OK');
  });

  it('is kept when the replacement is sent back for changes', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    const submitted = await submittedReplacement(world, certificate.serial);

    await world.core.reviewApplication({
      actor: world.actors.staff,
      applicationId: submitted.id,
      version: submitted.version,
      decision: 'request-changes',
      comment: 'Correct the weight.',
    });

    expect(lockHolder(world, certificate.serial)).toBe(submitted.id);
    expect(await codeOf(replace(world, certificate.serial))).toBe('REPLACEMENT_IN_PROGRESS');
  });

  it('is taken at reservation by a replacement from before locks, refusing another one until it is issued', async () => {
    const world = await memoryCore();
    const { certificate: old } = await world.issued();
    const { one, two } = await twoDraftsFromBeforeLocks(world, old.serial);
    await world.attachInvoice(one.id);
    await world.attachInvoice(two.id);
    const submit = (draft: Application) =>
      world.core.submitApplication({
        actor: world.actors.exporterA,
        applicationId: draft.id,
        version: draft.version,
      });
    const [submittedOne, submittedTwo] = [await submit(one), await submit(two)];
    // the first is reserved (and so holds the lock), then its commit fails: ISSUING, the old one not yet replaced
    world.faults.fail('certificates.commit', { timing: 'before' });
    expect(await codeOf(approveAsStaff2(world, submittedOne))).toBe('STORAGE_UNAVAILABLE');
    expect(lockHolder(world, old.serial)).toBe(one.id);
    const counter = await world.deps.certificates.currentSerialNumber({
      issuerId: TEST_ISSUER.id,
      type: 'co',
      year: 2026,
    });

    expect(await codeOf(approveAsStaff2(world, submittedTwo))).toBe('REPLACEMENT_IN_PROGRESS');
    expect((await world.stored(two.id)).status).toBe('SUBMITTED');
    expect(
      await world.deps.certificates.currentSerialNumber({ issuerId: TEST_ISSUER.id, type: 'co', year: 2026 }),
    ).toBe(counter);
  });
});

describe('issuing a replacement', () => {
  it('makes a valid old certificate SUPERSEDED, linking forward, in the same commit', async () => {
    const world = await memoryCore();
    const { application: oldApplication, certificate: old } = await world.issued();
    world.clock.advance(86_400_000);

    const fresh = await replaceAndIssue(world, old.serial);

    const at = world.clock.now().toISOString();
    expect(fresh).toMatchObject({
      status: 'ISSUED',
      serial: 'MK-CO-2026-000002',
      content: { replaces: old.serial },
    });
    const link = { serial: fresh.serial, code: fresh.code, at };
    const superseded = await certificateOf(world, old.code);
    expect(superseded).toMatchObject({ status: 'SUPERSEDED', replacedBy: link, supersededBy: link });
    expect(await world.deps.certificates.findByPdfHash(TEST_ISSUER.id, old.sha256 ?? '')).toEqual(superseded);
    expect(await world.stored(oldApplication.id)).toMatchObject({ status: 'SUPERSEDED' });
    const events = await world.deps.applications.events(TEST_ISSUER.id, oldApplication.id);
    expect(events.at(-1)).toMatchObject({
      action: 'supersede',
      from: 'ISSUED',
      to: 'SUPERSEDED',
      comment: `replaced by ${fresh.serial}`,
    });
    expect(await statusListEntries(world)).toEqual([
      { sn: old.serial, status: 'SUPERSEDED', at, by: fresh.serial, replacedBy: fresh.serial },
    ]);
  });

  it('changes neither certificate when the commit fails, and supersedes when it is resumed', async () => {
    const world = await memoryCore();
    const { certificate: old } = await world.issued();
    const draft = await replace(world, old.serial);
    world.faults.fail('certificates.commit', { timing: 'before' });

    expect(await codeOf(issueReplacement(world, draft.id))).toBe('STORAGE_UNAVAILABLE');
    expect((await certificateOf(world, old.code)).status).toBe('ISSUED');
    expect((await world.stored(draft.id)).status).toBe('ISSUING');

    await world.core.recoverIssuance({ graceMs: 0 });
    expect((await certificateOf(world, old.code)).status).toBe('SUPERSEDED');
  });

  it('keeps a revoked certificate REVOKED with its reason, linking forward with replacedBy', async () => {
    const world = await memoryCore();
    const { application: oldApplication, certificate: old } = await world.issued();
    await revoke(world, old.serial, { reason: 'issued-in-error' });
    const revokedAt = world.clock.now().toISOString();
    world.clock.advance(3_600_000);

    const fresh = await replaceAndIssue(world, old.serial);

    const at = world.clock.now().toISOString();
    const stillRevoked = await certificateOf(world, old.code);
    expect(stillRevoked).toMatchObject({
      status: 'REVOKED',
      revocation: { reason: 'issued-in-error', at: revokedAt },
      replacedBy: { serial: fresh.serial, code: fresh.code, at },
    });
    expect(stillRevoked.supersededBy).toBeUndefined();
    expect(await world.deps.certificates.findByPdfHash(TEST_ISSUER.id, old.sha256 ?? '')).toEqual(
      stillRevoked,
    );
    expect((await world.stored(oldApplication.id)).status).toBe('REVOKED');
    const events = await world.deps.applications.events(TEST_ISSUER.id, oldApplication.id);
    expect(events.at(-1)).toMatchObject({
      action: 'supersede',
      from: 'REVOKED',
      to: 'REVOKED',
      comment: `replaced by ${fresh.serial}`,
    });
    // the public list still says REVOKED, with its reason and date, and names the replacement
    expect(await statusListEntries(world)).toEqual([
      {
        sn: old.serial,
        status: 'REVOKED',
        at: revokedAt,
        reason: 'issued-in-error',
        replacedBy: fresh.serial,
      },
    ]);
  });

  it.each(['fraud', 'goods-not-originating'] as const)(
    'is refused when the certificate was revoked for %s after the replacement started (REPLACEMENT_FORBIDDEN)',
    async (reason) => {
      const world = await memoryCore();
      const { certificate: old } = await world.issued();
      const submitted = await submittedReplacement(world, old.serial);
      await revoke(world, old.serial, { reason });

      expect(await codeOf(approveAsStaff2(world, submitted))).toBe('REPLACEMENT_FORBIDDEN');
      expect((await world.stored(submitted.id)).status).toBe('SUBMITTED');
      expect(await certificateOf(world, old.code)).not.toHaveProperty('replacedBy');
      expect(world.faults.calls('certificates.reserve')).toBe(1);
    },
  );

  it('is refused by the reservation when the certificate is revoked for fraud while it is being approved', async () => {
    const world = await memoryCore();
    const { certificate: old } = await world.issued();
    const submitted = await submittedReplacement(world, old.serial);
    beforeNextReservation(world, () => revoke(world, old.serial, { reason: 'fraud' }));

    expect(await codeOf(approveAsStaff2(world, submitted))).toBe('REPLACEMENT_FORBIDDEN');
    expect((await world.stored(submitted.id)).status).toBe('SUBMITTED');
    expect(await certificateOf(world, old.code)).toMatchObject({ status: 'REVOKED' });
    expect(await world.deps.certificates.findBySerial(TEST_ISSUER.id, 'MK-CO-2026-000002')).toBeUndefined();
  });

  it('is refused by the reservation as VERSION_CONFLICT when the certificate changed in another way meanwhile', async () => {
    const world = await memoryCore();
    const { certificate: old } = await world.issued();
    const submitted = await submittedReplacement(world, old.serial);
    beforeNextReservation(world, () => revoke(world, old.serial, { reason: 'issued-in-error' }));

    expect(await codeOf(approveAsStaff2(world, submitted))).toBe('VERSION_CONFLICT');
    expect((await world.stored(submitted.id)).status).toBe('SUBMITTED');
    // approved again, it replaces the certificate as it is now: revoked, so it stays REVOKED
    const fresh = await approveAsStaff2(world, submitted);
    expect(await certificateOf(world, old.code)).toMatchObject({
      status: 'REVOKED',
      replacedBy: { serial: fresh.serial },
    });
  });

  it('refuses a stale second draft at approval once the first is issued (ALREADY_REPLACED), consuming no serial', async () => {
    const world = await memoryCore();
    const { certificate: old } = await world.issued();
    const { one, two } = await twoDraftsFromBeforeLocks(world, old.serial);
    const first = await issueReplacement(world, one.id);
    await world.attachInvoice(two.id);
    const submittedTwo = await world.core.submitApplication({
      actor: world.actors.exporterA,
      applicationId: two.id,
      version: (await world.stored(two.id)).version,
    });

    expect(await codeOf(approveAsStaff2(world, submittedTwo))).toBe('ALREADY_REPLACED');
    expect((await world.stored(two.id)).status).toBe('SUBMITTED');
    expect((await certificateOf(world, old.code)).replacedBy?.serial).toBe(first.serial);
    expect(
      await world.deps.certificates.currentSerialNumber({ issuerId: TEST_ISSUER.id, type: 'co', year: 2026 }),
    ).toBe(2);
  });
});
