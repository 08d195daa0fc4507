// The signatory rules of the core on the in-memory adapters (docs/legal.md §8): who submits, what the declaration
// records and what the certificate content carries of it. The API suite test/api/signatories.test.ts runs the
// same decisions over HTTP on DynamoDB Local.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/accounts.ts';
import { verifyAuditChain } from '../../../functions/core/applications/audit-event.ts';
import { type ErrorCode, isAppError } from '../../../functions/core/errors.ts';
import { contentHash } from '../../../functions/core/sealing/qr-seal.ts';
import { sampleCertificateOfOrigin } from '../../fixtures/certificate-of-origin.ts';
import { memoryCore } from '../../support/memory/memory-core.ts';

const codeOf = async (work: Promise<unknown>): Promise<ErrorCode | 'OK'> => {
  try {
    await work;
    return 'OK';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
};

/** A colleague of organisation A who is no signatory. */
const colleague = async (world: Awaited<ReturnType<typeof memoryCore>>): Promise<Actor> => {
  await world.deps.accounts.createUser({
    id: 'user-colleague',
    issuerId: world.issuer.id,
    email: 'colleague@test.example',
    name: 'Colleague',
    role: 'exporter',
    orgId: world.orgA.id,
    passwordHash: 'none',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  return {
    userId: 'user-colleague',
    email: 'colleague@test.example',
    role: 'exporter',
    orgId: world.orgA.id,
  };
};

describe('submitting is signing the declaration', () => {
  it("records the signatory's name, function, the organisation's city and the time, in the event's hash chain", async () => {
    const world = await memoryCore();
    const application = await world.submitted();
    expect(application.declaration).toEqual({
      signatoryId: world.actors.exporterA.userId,
      name: 'exporterA',
      function: 'Managing director',
      place: world.orgA.address.city,
      at: application.submittedAt,
    });
    const events = await world.deps.applications.events(world.issuer.id, application.id);
    expect(events.at(-1)?.declaration).toEqual(application.declaration);
    expect(verifyAuditChain(events)).toBe(true);
  });

  it('refuses a colleague who is no signatory, before looking at the data, and stores nothing', async () => {
    const world = await memoryCore();
    const actor = await colleague(world);
    const draft = await world.draft({}, actor);
    const before = await world.stored(draft.id);
    expect(
      await codeOf(world.core.submitApplication({ actor, applicationId: draft.id, version: draft.version })),
    ).toBe('SIGNATORY_REQUIRED');
    expect(await world.stored(draft.id)).toEqual(before);
  });

  it('lets the colleague submit once registered, and not after the right is revoked', async () => {
    const world = await memoryCore();
    const actor = await colleague(world);
    const granted = await world.core.grantSignatory({
      actor: world.actors.admin,
      userId: actor.userId,
      fullName: 'Јована Трајковска',
      function: 'Прокурист',
    });
    expect(granted.signatory).toMatchObject({ grantedBy: world.actors.admin.userId });
    const first = await world.submitted(sampleCertificateOfOrigin(1), actor);
    expect(first.declaration?.name).toBe('Јована Трајковска');
    await world.core.revokeSignatory({ actor: world.actors.admin, userId: actor.userId });
    const draft = await world.draft(sampleCertificateOfOrigin(1), actor);
    await world.attachInvoice(draft.id, actor);
    expect(
      await codeOf(world.core.submitApplication({ actor, applicationId: draft.id, version: draft.version })),
    ).toBe('SIGNATORY_REQUIRED');
  });
});

describe('the certificate content', () => {
  it('carries the declaration as printed at the chamber seat, so the content hash of the QR seal covers it', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    expect(certificate.content.declaration).toMatchObject({
      name: 'exporterA',
      function: 'Managing director',
      printedAt: expect.stringMatching(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/),
    });
    const { declaration: _without, ...older } = certificate.content;
    expect(contentHash(older)).not.toBe(contentHash(certificate.content));
  });
});
