// The application lifecycle of docs/architecture.md §2, verb by verb on the in-memory adapters: every status
// against every step (allowed, or refused with its code), versions, the conditional write under a race, the
// data and document checks at submission, reviews, separation of duties, drafts' privacy, audit chain and outbox.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/accounts.ts';
import type { Application, ApplicationStatus } from '../../../functions/core/applications/application.ts';
import { verifyAuditChain } from '../../../functions/core/applications/audit-event.ts';
import { type ErrorCode, isAppError } from '../../../functions/core/errors.ts';
import { sampleCertificateOfOrigin } from '../../fixtures/certificate-of-origin.ts';
import { type MemoryCore, memoryCore, TEST_ISSUER } from '../../support/memory/memory-core.ts';

/** The status a step ended in, or the code it was refused with. */
const attempt = async (work: Promise<unknown>): Promise<ApplicationStatus | ErrorCode> => {
  try {
    return ((await work) as { status: ApplicationStatus }).status;
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
};

const codeOf = async (work: Promise<unknown>): Promise<ErrorCode | 'OK'> => {
  try {
    await work;
    return 'OK';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
};

/** An application of exporter A in each status, reached through the verbs. */
const IN_STATUS: Record<ApplicationStatus, (world: MemoryCore) => Promise<Application>> = {
  DRAFT: (world) => world.draft(),
  SUBMITTED: (world) => world.submitted(),
  CHANGES_REQUESTED: async (world) => {
    const submitted = await world.submitted();
    return world.core.reviewApplication({
      actor: world.actors.staff,
      applicationId: submitted.id,
      version: submitted.version,
      decision: 'request-changes',
      comment: 'Box 2: the consignee address is incomplete.',
    });
  },
  REJECTED: async (world) => {
    const submitted = await world.submitted();
    return world.core.reviewApplication({
      actor: world.actors.staff,
      applicationId: submitted.id,
      version: submitted.version,
      decision: 'reject',
      comment: 'The goods are not of Macedonian origin.',
    });
  },
  CANCELLED: async (world) => {
    const draft = await world.draft();
    return world.core.cancelApplication({
      actor: world.actors.exporterA,
      applicationId: draft.id,
      version: 1,
    });
  },
  ISSUING: async (world) => {
    const submitted = await world.submitted();
    world.faults.fail('certificates.reserve', { timing: 'after' });
    await codeOf(
      world.core.approveApplication({ actor: world.actors.staff, applicationId: submitted.id, version: 2 }),
    );
    world.faults.clear();
    return world.stored(submitted.id);
  },
  ISSUED: async (world) => (await world.issued()).application,
  REVOKED: async (world) => {
    const { application, certificate } = await world.issued();
    await world.core.revokeCertificate({
      actor: world.actors.staff,
      serial: certificate.serial,
      reason: 'issued-in-error',
    });
    return world.stored(application.id);
  },
  SUPERSEDED: async (world) => {
    const { application, certificate } = await world.issued();
    const replacement = await world.core.replaceCertificate({
      actor: world.actors.exporterA,
      serial: certificate.serial,
    });
    await world.attachInvoice(replacement.id);
    const submitted = await world.core.submitApplication({
      actor: world.actors.exporterA,
      applicationId: replacement.id,
      version: 1,
    });
    await world.core.approveApplication({
      actor: world.actors.staff,
      applicationId: submitted.id,
      version: submitted.version,
    });
    return world.stored(application.id);
  },
};

type Step = 'edit' | 'submit' | 'cancel' | 'request-changes' | 'reject' | 'approve';

const STEPS: Record<Step, (world: MemoryCore, application: Application) => Promise<unknown>> = {
  edit: (world, application) =>
    world.core.editApplication({
      actor: world.actors.exporterA,
      applicationId: application.id,
      version: application.version,
      data: { ...sampleCertificateOfOrigin(1), remarks: 'edited' },
    }),
  submit: (world, application) =>
    world.core.submitApplication({
      actor: world.actors.exporterA,
      applicationId: application.id,
      version: application.version,
    }),
  cancel: (world, application) =>
    world.core.cancelApplication({
      actor: world.actors.exporterA,
      applicationId: application.id,
      version: application.version,
    }),
  'request-changes': (world, application) =>
    world.core.reviewApplication({
      actor: world.actors.staff,
      applicationId: application.id,
      version: application.version,
      decision: 'request-changes',
      comment: 'Please correct box 6.',
    }),
  reject: (world, application) =>
    world.core.reviewApplication({
      actor: world.actors.staff,
      applicationId: application.id,
      version: application.version,
      decision: 'reject',
      comment: 'Not eligible.',
    }),
  approve: (world, application) =>
    world.core.approveApplication({
      actor: world.actors.staff2,
      applicationId: application.id,
      version: application.version,
    }),
};

const REFUSED: ErrorCode = 'INVALID_TRANSITION';
/**
 * Where each step leads from each status today (docs/architecture.md §2), or what it is refused with. Staff reviews
 * of a DRAFT answer NOT_FOUND: another organisation's draft is private (docs/security.md, "Who sees drafts").
 * Approving an ISSUING application at its version resumes the issuance (§3).
 */
const EXPECTED: Record<ApplicationStatus, Record<Step, ApplicationStatus | ErrorCode>> = {
  DRAFT: {
    edit: 'DRAFT',
    submit: 'SUBMITTED',
    cancel: 'CANCELLED',
    'request-changes': 'NOT_FOUND',
    reject: 'NOT_FOUND',
    approve: 'NOT_FOUND',
  },
  SUBMITTED: {
    edit: REFUSED,
    submit: REFUSED,
    cancel: REFUSED,
    'request-changes': 'CHANGES_REQUESTED',
    reject: 'REJECTED',
    approve: 'ISSUED',
  },
  CHANGES_REQUESTED: {
    edit: 'CHANGES_REQUESTED',
    submit: 'SUBMITTED',
    cancel: 'CANCELLED',
    'request-changes': REFUSED,
    reject: REFUSED,
    approve: REFUSED,
  },
  REJECTED: {
    edit: REFUSED,
    submit: REFUSED,
    cancel: REFUSED,
    'request-changes': REFUSED,
    reject: REFUSED,
    approve: REFUSED,
  },
  CANCELLED: {
    edit: REFUSED,
    submit: REFUSED,
    cancel: REFUSED,
    'request-changes': REFUSED,
    reject: REFUSED,
    approve: REFUSED,
  },
  ISSUING: {
    edit: REFUSED,
    submit: REFUSED,
    cancel: REFUSED,
    'request-changes': REFUSED,
    reject: REFUSED,
    approve: 'ISSUED',
  },
  ISSUED: {
    edit: REFUSED,
    submit: REFUSED,
    cancel: REFUSED,
    'request-changes': REFUSED,
    reject: REFUSED,
    approve: REFUSED,
  },
  REVOKED: {
    edit: REFUSED,
    submit: REFUSED,
    cancel: REFUSED,
    'request-changes': REFUSED,
    reject: REFUSED,
    approve: REFUSED,
  },
  SUPERSEDED: {
    edit: REFUSED,
    submit: REFUSED,
    cancel: REFUSED,
    'request-changes': REFUSED,
    reject: REFUSED,
    approve: REFUSED,
  },
};

const MATRIX = Object.entries(EXPECTED).flatMap(([from, steps]) =>
  Object.entries(steps).map(([step, expected]) => ({
    from: from as ApplicationStatus,
    step: step as Step,
    expected,
  })),
);

describe('the lifecycle matrix', () => {
  it.each(MATRIX)('$step from $from: $expected', async ({ from, step, expected }) => {
    const world = await memoryCore();
    const application = await IN_STATUS[from](world);
    expect(application.status).toBe(from);
    // a submittable application needs its invoice; drafts here have none yet
    if (step === 'submit' && from === 'DRAFT') {
      await world.attachInvoice(application.id);
    }

    const result = await attempt(STEPS[step](world, application));

    expect(result).toBe(expected);
    const after = await world.stored(application.id);
    const refused = !(expected in EXPECTED);
    if (refused) {
      expect(after).toEqual(application);
    } else {
      expect(after.status).toBe(expected);
      expect(after.version).toBeGreaterThan(application.version);
    }
  });
});

describe('versions', () => {
  it('refuses a step on a stale version with VERSION_CONFLICT, before anything is written', async () => {
    const world = await memoryCore();
    const draft = await world.draft();
    const edited = await STEPS.edit(world, draft);

    expect(await codeOf(STEPS.edit(world, draft))).toBe('VERSION_CONFLICT');
    expect(await codeOf(STEPS.cancel(world, draft))).toBe('VERSION_CONFLICT');
    expect(await world.stored(draft.id)).toEqual(edited);
  });

  it('lets the conditional write decide between two edits of the same version at once', async () => {
    const world = await memoryCore();
    const draft = await world.draft();

    const results = await Promise.all([codeOf(STEPS.edit(world, draft)), codeOf(STEPS.cancel(world, draft))]);

    expect(results.sort()).toEqual(['OK', 'VERSION_CONFLICT']);
    const after = await world.stored(draft.id);
    expect(after.version).toBe(2);
    const events = await world.deps.applications.events(TEST_ISSUER.id, draft.id);
    expect(events).toHaveLength(2);
    expect(verifyAuditChain(events)).toBe(true);
  });

  it('does not let a document event make the client version stale (eventSeq moves, version stays)', async () => {
    const world = await memoryCore();
    const draft = await world.draft();
    await world.attachInvoice(draft.id);

    expect(await world.stored(draft.id)).toMatchObject({ version: 1, eventSeq: 2 });
    expect(await attempt(STEPS.submit(world, draft))).toBe('SUBMITTED');
  });
});

describe('creating and editing', () => {
  it('creates a DRAFT at version 1 with its first audit event and outbox entry', async () => {
    const world = await memoryCore();
    const draft = await world.draft();

    expect(draft).toMatchObject({
      status: 'DRAFT',
      version: 1,
      eventSeq: 1,
      orgId: world.orgA.id,
      createdBy: world.actors.exporterA.userId,
      createdAt: world.clock.now().toISOString(),
    });
    expect(
      await world.core.applicationEvents({ actor: world.actors.exporterA, applicationId: draft.id }),
    ).toEqual([expect.objectContaining({ seq: 1, action: 'create', from: null, to: 'DRAFT' })]);
    expect(await world.deps.webhooks.pendingOutbox(TEST_ISSUER.id, 10)).toEqual([
      expect.objectContaining({ applicationId: draft.id, seq: 1, action: 'create', to: 'DRAFT', version: 1 }),
    ]);
  });

  it('is for exporters of an organisation only', async () => {
    const world = await memoryCore();
    const create = (actor: Actor) =>
      codeOf(world.core.createApplication({ actor, type: 'co', data: sampleCertificateOfOrigin(1) }));

    expect(await create(world.actors.staff)).toBe('FORBIDDEN');
    expect(await create(world.actors.admin)).toBe('FORBIDDEN');
    expect(await create({ ...world.actors.exporterA, orgId: undefined } as unknown as Actor)).toBe(
      'FORBIDDEN',
    );
  });

  it('takes incomplete drafts, but refuses invalid values and names the fields', async () => {
    const world = await memoryCore();
    const partial = await world.core.createApplication({
      actor: world.actors.exporterA,
      type: 'co',
      data: { originCountry: 'MK' },
    });
    expect(partial.status).toBe('DRAFT');

    const refused = world.core.createApplication({
      actor: world.actors.exporterA,
      type: 'co',
      data: { originCountry: 'Macedonia', goods: 'many' },
    });
    await expect(refused).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const { errors } = await refused.catch((error) => error);
    expect(errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['data.originCountry', 'data.goods']),
    );
  });

  it('edits the data and bumps the version; staff may not edit', async () => {
    const world = await memoryCore();
    const draft = await world.draft();
    expect(
      await codeOf(
        world.core.editApplication({
          actor: world.actors.staff,
          applicationId: draft.id,
          version: 1,
          data: {},
        }),
      ),
    ).toBe('NOT_FOUND');
    const edited = await world.core.editApplication({
      actor: world.actors.exporterA,
      applicationId: draft.id,
      version: 1,
      data: { ...sampleCertificateOfOrigin(1), remarks: 'Second thoughts' },
    });

    expect(edited).toMatchObject({ version: 2, status: 'DRAFT', data: { remarks: 'Second thoughts' } });
    const submitted = await world.submitted();
    await world.core.reviewApplication({
      actor: world.actors.staff,
      applicationId: submitted.id,
      version: submitted.version,
      decision: 'request-changes',
      comment: 'More detail, please.',
    });
    expect(
      await codeOf(
        world.core.editApplication({
          actor: world.actors.staff,
          applicationId: submitted.id,
          version: 3,
          data: {},
        }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('writes no event and keeps the version when a save changes nothing', async () => {
    const world = await memoryCore();
    const draft = await world.draft(sampleCertificateOfOrigin(1));
    const eventsBefore = await world.deps.applications.events(TEST_ISSUER.id, draft.id);

    const saved = await world.core.editApplication({
      actor: world.actors.exporterA,
      applicationId: draft.id,
      version: draft.version,
      data: sampleCertificateOfOrigin(1),
    });

    expect(saved).toEqual(draft);
    expect(await world.stored(draft.id)).toEqual(draft);
    expect(await world.deps.applications.events(TEST_ISSUER.id, draft.id)).toEqual(eventsBefore);
    expect(world.faults.calls('applications.transition')).toBe(0);
  });
});

describe('submitting', () => {
  it('needs an invoice, and says so with the field errors all at once', async () => {
    const world = await memoryCore();
    const complete = await world.draft();
    const incomplete = await world.core.createApplication({
      actor: world.actors.exporterA,
      type: 'co',
      data: { originCountry: 'MK' },
    });

    const noInvoice = await STEPS.submit(world, complete).catch((error) => error);
    expect(noInvoice).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'attachments', message: 'needs at least one invoice' }],
    });
    const both = (await STEPS.submit(world, incomplete).catch((error) => error)) as {
      code: string;
      errors: { path: string }[];
    };
    expect(both.code).toBe('VALIDATION_FAILED');
    expect(both.errors.map((error) => error.path)).toEqual(
      expect.arrayContaining(['data.consignee.name', 'data.destinationCountry', 'attachments']),
    );
    expect((await world.stored(complete.id)).status).toBe('DRAFT');
  });

  it('records who submitted and when, and the parsed data', async () => {
    const world = await memoryCore();
    world.clock.set('2026-11-24T08:00:00.000Z');
    const submitted = await world.submitted();

    expect(submitted).toMatchObject({
      status: 'SUBMITTED',
      version: 2,
      submittedBy: world.actors.exporterA.userId,
      submittedAt: '2026-11-24T08:00:00.000Z',
    });
  });

  it('may be done by a colleague of the same organisation, not by another organisation', async () => {
    const world = await memoryCore();
    const draft = await world.draft();
    await world.attachInvoice(draft.id);
    const byOther = world.core.submitApplication({
      actor: world.actors.exporterB,
      applicationId: draft.id,
      version: 1,
    });
    expect(await codeOf(byOther)).toBe('NOT_FOUND');
    const byColleague = await world.core.submitApplication({
      actor: world.actors.exporterA2,
      applicationId: draft.id,
      version: 1,
    });
    expect(byColleague.submittedBy).toBe(world.actors.exporterA2.userId);
  });

  it('saves the form and submits in one event (the portal Submit), and stores nothing when refused', async () => {
    const world = await memoryCore();
    const draft = await world.draft(sampleCertificateOfOrigin(1));
    await world.attachInvoice(draft.id);
    const corrected = { ...sampleCertificateOfOrigin(1), remarks: 'Corrected on submit' };
    const seqBefore = (await world.stored(draft.id)).eventSeq;

    const refused = world.core.submitApplication({
      actor: world.actors.exporterA,
      applicationId: draft.id,
      version: draft.version,
      data: { ...corrected, destinationCountry: undefined },
    });
    expect(await codeOf(refused)).toBe('VALIDATION_FAILED');
    expect((await world.stored(draft.id)).eventSeq).toBe(seqBefore);

    const submitted = await world.core.submitApplication({
      actor: world.actors.exporterA,
      applicationId: draft.id,
      version: draft.version,
      data: corrected,
    });

    expect(submitted).toMatchObject({ status: 'SUBMITTED', data: { remarks: 'Corrected on submit' } });
    const events = await world.deps.applications.events(TEST_ISSUER.id, draft.id);
    expect(events.slice(seqBefore).map((event) => event.action)).toEqual(['submit']);
  });
});

describe('reviews', () => {
  it('need a comment, which the exporter then reads', async () => {
    const world = await memoryCore();
    const submitted = await world.submitted();
    const review = (comment: string) =>
      world.core.reviewApplication({
        actor: world.actors.staff,
        applicationId: submitted.id,
        version: submitted.version,
        decision: 'request-changes',
        comment,
      });

    await expect(review('   ')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'comment', message: 'is required' }],
    });
    const returned = await review('  Box 6: weight missing.  ');

    expect(returned.staffComment).toEqual({
      action: 'request-changes',
      text: 'Box 6: weight missing.',
      at: world.clock.now().toISOString(),
      by: world.actors.staff.userId,
    });
    const seen = await world.core.getApplication({
      actor: world.actors.exporterA,
      applicationId: submitted.id,
    });
    expect(seen.staffComment?.text).toBe('Box 6: weight missing.');
    const events = await world.core.applicationEvents({
      actor: world.actors.exporterA,
      applicationId: submitted.id,
    });
    expect(events.at(-1)).toMatchObject({ action: 'request-changes', comment: 'Box 6: weight missing.' });
  });

  it('are for staff only', async () => {
    const world = await memoryCore();
    const submitted = await world.submitted();
    for (const actor of [world.actors.exporterA, world.actors.admin]) {
      expect(
        await codeOf(
          world.core.reviewApplication({
            actor,
            applicationId: submitted.id,
            version: 2,
            decision: 'reject',
            comment: 'no',
          }),
        ),
      ).toBe('FORBIDDEN');
    }
  });

  it('send an application round again: changes requested, edited, resubmitted, approved', async () => {
    const world = await memoryCore();
    const submitted = await world.submitted();
    const returned = await STEPS['request-changes'](world, submitted);
    const edited = await STEPS.edit(world, returned as Application);
    const resubmitted = (await STEPS.submit(world, edited as Application)) as Application;
    const certificate = await world.core.approveApplication({
      actor: world.actors.staff,
      applicationId: resubmitted.id,
      version: resubmitted.version,
    });

    expect(certificate.content.data).toMatchObject({ remarks: 'edited' });
    const events = await world.deps.applications.events(TEST_ISSUER.id, submitted.id);
    expect(events.map((event) => event.action)).toEqual([
      'create',
      'attach',
      'submit',
      'request-changes',
      'edit',
      'submit',
      'approve',
      'issue',
    ]);
    expect(verifyAuditChain(events)).toBe(true);
    const outbox = await world.deps.webhooks.pendingOutbox(TEST_ISSUER.id, 100);
    expect(outbox.map((entry) => entry.seq)).toEqual(events.map((event) => event.seq));
  });
});

describe('separation of duties', () => {
  it('keeps staff from approving an application they created (a replacement they started)', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    const replacement = await world.core.replaceCertificate({
      actor: world.actors.staff,
      serial: certificate.serial,
    });
    expect(replacement.createdBy).toBe(world.actors.staff.userId);
    await world.attachInvoice(replacement.id);
    const submitted = await world.core.submitApplication({
      actor: world.actors.exporterA,
      applicationId: replacement.id,
      version: 1,
    });
    const approveBy = (actor: Actor) =>
      world.core.approveApplication({ actor, applicationId: submitted.id, version: submitted.version });

    expect(await codeOf(approveBy(world.actors.staff))).toBe('SEPARATION_OF_DUTIES');
    expect(world.faults.calls('certificates.reserve')).toBe(1);
    expect((await approveBy(world.actors.staff2)).content.replaces).toBe(certificate.serial);
  });
});

describe('who sees what', () => {
  it('hides another organisation’s applications and private drafts as NOT_FOUND', async () => {
    const world = await memoryCore();
    const draft = await world.draft();
    const submitted = await world.submitted();
    const get = (actor: Actor, applicationId: string) =>
      codeOf(world.core.getApplication({ actor, applicationId }));

    expect(await get(world.actors.exporterB, submitted.id)).toBe('NOT_FOUND');
    expect(await get(world.actors.exporterB, draft.id)).toBe('NOT_FOUND');
    expect(await get(world.actors.staff, draft.id)).toBe('NOT_FOUND');
    expect(await get(world.actors.admin, draft.id)).toBe('NOT_FOUND');
    expect(
      await codeOf(world.core.applicationEvents({ actor: world.actors.staff, applicationId: draft.id })),
    ).toBe('NOT_FOUND');
    expect(await get(world.actors.staff, submitted.id)).toBe('OK');
    expect(await get(world.actors.exporterA2, draft.id)).toBe('OK');
  });

  it('lists an exporter’s own applications newest first, and staff a queue oldest first without private drafts', async () => {
    const world = await memoryCore();
    const first = await world.submitted();
    world.clock.advance(1000);
    const second = await world.submitted();
    world.clock.advance(1000);
    const draft = await world.draft();
    await world.draft(sampleCertificateOfOrigin(1), world.actors.exporterB);

    const own = await world.core.listApplications({ actor: world.actors.exporterA });
    expect(own.items.map((application) => application.id)).toEqual([draft.id, second.id, first.id]);
    const queue = await world.core.listApplications({ actor: world.actors.staff });
    expect(queue.items.map((application) => application.id)).toEqual([first.id, second.id]);
    const drafts = await world.core.listApplications({ actor: world.actors.staff, status: 'DRAFT' });
    expect(drafts.items).toEqual([]);
    const ownDrafts = await world.core.listApplications({ actor: world.actors.exporterA, status: 'DRAFT' });
    expect(ownDrafts.items.map((application) => application.id)).toEqual([draft.id]);
  });

  it('pages with an opaque cursor that only works for its own list', async () => {
    const world = await memoryCore();
    for (let i = 0; i < 3; i++) {
      await world.submitted();
      world.clock.advance(1000);
    }
    const firstPage = await world.core.listApplications({ actor: world.actors.staff, limit: 2 });
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.cursor).toBeDefined();
    const secondPage = await world.core.listApplications({
      actor: world.actors.staff,
      limit: 2,
      cursor: String(firstPage.cursor),
    });
    expect(secondPage.items).toHaveLength(1);
    expect(secondPage.cursor).toBeUndefined();

    const foreign = world.core.listApplications({
      actor: world.actors.exporterA,
      cursor: String(firstPage.cursor),
    });
    await expect(foreign).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
