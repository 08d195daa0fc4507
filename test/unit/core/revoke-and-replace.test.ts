// Revocation and replacement as functions/core/certificates/revoke-and-replace.ts and the supersession step of
// issuance have them today (docs/architecture.md §2). Each rule is one `it`, built from the helpers below, so that
// a changed rule changes one expectation.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/accounts.ts';
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
    const { certificate } = await world.issued(sampleCertificateOfOrigin(2));

    for (const actor of [world.actors.exporterA, world.actors.staff]) {
      const draft = await world.core.replaceCertificate({ actor, serial: certificate.serial });
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
      expect(created).toMatchObject({ action: 'create', comment: `replacement for ${certificate.serial}` });
    }
    // the certificate itself is untouched until the replacement is issued
    expect((await certificateOf(world, certificate.code)).status).toBe('ISSUED');
  });

  it('is refused to another organisation (NOT_FOUND) and to admins (FORBIDDEN)', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    const replace = (actor: Actor) =>
      codeOf(world.core.replaceCertificate({ actor, serial: certificate.serial }));

    expect(await replace(world.actors.exporterB)).toBe('NOT_FOUND');
    expect(await replace(world.actors.admin)).toBe('FORBIDDEN');
  });

  it('is refused for a certificate already replaced, but allowed for a revoked one', async () => {
    const world = await memoryCore();
    const { certificate: replaced } = await world.issued();
    await replaceAndIssue(world, replaced.serial);
    const { certificate: revoked } = await world.issued();
    await revoke(world, revoked.serial);
    const replace = (serial: string) =>
      codeOf(world.core.replaceCertificate({ actor: world.actors.exporterA, serial }));

    expect(await replace(replaced.serial)).toBe('INVALID_TRANSITION');
    expect(await replace(revoked.serial)).toBe('OK');
  });
});

describe('issuing a replacement', () => {
  it('makes the old certificate SUPERSEDED, linking forward, in the same commit', async () => {
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
    const superseded = await certificateOf(world, old.code);
    expect(superseded).toMatchObject({
      status: 'SUPERSEDED',
      supersededBy: { serial: fresh.serial, code: fresh.code, at },
    });
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
      { sn: old.serial, status: 'SUPERSEDED', at, by: fresh.serial },
    ]);
  });

  it('changes neither certificate when the commit fails, and supersedes when it is resumed', async () => {
    const world = await memoryCore();
    const { certificate: old } = await world.issued();
    const draft = await world.core.replaceCertificate({ actor: world.actors.exporterA, serial: old.serial });
    world.faults.fail('certificates.commit', { timing: 'before' });

    expect(await codeOf(issueReplacement(world, draft.id))).toBe('STORAGE_UNAVAILABLE');
    expect((await certificateOf(world, old.code)).status).toBe('ISSUED');
    expect((await world.stored(draft.id)).status).toBe('ISSUING');

    await world.core.recoverIssuance({ graceMs: 0 });
    expect((await certificateOf(world, old.code)).status).toBe('SUPERSEDED');
  });

  // Today's rule. docs/architecture.md §2 and §10 say a revoked certificate keeps saying REVOKED when it is
  // replaced; the code marks it SUPERSEDED, keeping its revocation record. Change this expectation with the rule.
  it('today marks a revoked certificate SUPERSEDED too, keeping its revocation', async () => {
    const world = await memoryCore();
    const { application: oldApplication, certificate: old } = await world.issued();
    await revoke(world, old.serial, { reason: 'fraud' });

    const fresh = await replaceAndIssue(world, old.serial);

    expect(await certificateOf(world, old.code)).toMatchObject({
      status: 'SUPERSEDED',
      revocation: { reason: 'fraud' },
      supersededBy: { serial: fresh.serial },
    });
    const events = await world.deps.applications.events(TEST_ISSUER.id, oldApplication.id);
    expect(events.at(-1)).toMatchObject({ action: 'supersede', from: 'REVOKED', to: 'SUPERSEDED' });
  });

  it('links the old certificate to the first of two replacements issued; the second issues without superseding', async () => {
    const world = await memoryCore();
    const { certificate: old } = await world.issued();
    const one = await world.core.replaceCertificate({ actor: world.actors.exporterA, serial: old.serial });
    const two = await world.core.replaceCertificate({ actor: world.actors.exporterA, serial: old.serial });

    const first = await issueReplacement(world, one.id);
    const second = await issueReplacement(world, two.id);

    expect(second).toMatchObject({ status: 'ISSUED', content: { replaces: old.serial } });
    expect((await certificateOf(world, old.code)).supersededBy?.serial).toBe(first.serial);
  });
});
