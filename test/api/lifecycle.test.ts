// The application lifecycle of docs/architecture.md §2, status by status and action by action, through the HTTP API:
// what is allowed moves the application and appends one audit event; what is not leaves every byte as it was.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationStatus } from '../../functions/core/applications/application.ts';
import { type AuditEvent, verifyAuditChain } from '../../functions/core/applications/audit-event.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { PNG_1X1 } from '../fixtures/documents.ts';
import {
  applicationIn,
  createDraft,
  errorPaths,
  expectProblem,
  snapshot,
  uploadFile,
} from '../support/api-fixtures.ts';
import { type Json, readJson } from '../support/json.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
});

const STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'CHANGES_REQUESTED',
  'REJECTED',
  'CANCELLED',
  'ISSUED',
  'REVOKED',
  'SUPERSEDED',
] as const;

const EDITED = { ...sampleCertificateOfOrigin(3), remarks: 'Edited after review.' };

/** Each action as its rightful role takes it. */
const ACTIONS = {
  edit: {
    who: 'exporterA',
    method: 'PATCH',
    suffix: '',
    body: (version: number) => ({ version, data: EDITED }),
  },
  submit: { who: 'exporterA', method: 'POST', suffix: '/submit', body: (version: number) => ({ version }) },
  cancel: { who: 'exporterA', method: 'POST', suffix: '/cancel', body: (version: number) => ({ version }) },
  'request-changes': {
    who: 'staff',
    method: 'POST',
    suffix: '/request-changes',
    body: (version: number) => ({ version, comment: 'Box 7: the HS code of line 1 is incomplete.' }),
  },
  reject: {
    who: 'staff',
    method: 'POST',
    suffix: '/reject',
    body: (version: number) => ({ version, comment: 'The goods are not of the declared origin.' }),
  },
  approve: { who: 'staff', method: 'POST', suffix: '/approve', body: (version: number) => ({ version }) },
} as const;
type Action = keyof typeof ACTIONS;

/** docs/architecture.md §2: where each action may start and where it leads (edit keeps the status; approve ends in ISSUED). */
const ALLOWED: Record<Action, Partial<Record<ApplicationStatus, ApplicationStatus>>> = {
  edit: { DRAFT: 'DRAFT', CHANGES_REQUESTED: 'CHANGES_REQUESTED' },
  submit: { DRAFT: 'SUBMITTED', CHANGES_REQUESTED: 'SUBMITTED' },
  cancel: { DRAFT: 'CANCELLED', CHANGES_REQUESTED: 'CANCELLED' },
  'request-changes': { SUBMITTED: 'CHANGES_REQUESTED' },
  reject: { SUBMITTED: 'REJECTED' },
  approve: { SUBMITTED: 'ISSUED' },
};

const take = async (action: Action, id: string, version: number, override?: Json) => {
  const spec = ACTIONS[action];
  return stack.request(`/api/applications/${id}${spec.suffix}`, {
    token: await stack.login(spec.who),
    method: spec.method,
    json: override ?? spec.body(version),
  });
};

const events = async (id: string): Promise<AuditEvent[]> =>
  (
    await readJson(
      await stack.request(`/api/applications/${id}/events`, { token: await stack.login('exporterA') }),
    )
  ).items;

const read = async (id: string, who: 'exporterA' | 'staff' = 'exporterA') =>
  readJson(await stack.request(`/api/applications/${id}`, { token: await stack.login(who) }));

const allowedCases = STATUSES.flatMap((from) =>
  (Object.keys(ACTIONS) as Action[])
    .filter((action) => ALLOWED[action][from])
    .map((action) => [action, from, ALLOWED[action][from] as ApplicationStatus] as const),
);
/**
 * A reviewer cannot see a draft (docs/security.md, "Who sees drafts"): reviewing or approving one answers 404,
 * not 409, which would tell that it exists.
 */
const hiddenFromReviewer = (action: Action, from: ApplicationStatus) =>
  from === 'DRAFT' && (action === 'request-changes' || action === 'reject' || action === 'approve');

const forbiddenCases = STATUSES.flatMap((from) =>
  (Object.keys(ACTIONS) as Action[])
    .filter((action) => !ALLOWED[action][from] && !hiddenFromReviewer(action, from))
    .map((action) => [action, from] as const),
);

describe('every action from every status (docs/architecture.md §2)', () => {
  it.each(allowedCases)('%s from %s is allowed and leads to %s', async (action, from, to) => {
    const { id, version } = await applicationIn(stack, from);
    const before = await snapshot(stack, id);

    const response = await take(action, id, version);

    expect(response.status, await response.clone().text()).toBe(action === 'approve' ? 201 : 200);
    const after = await read(id);
    expect(after.status).toBe(to);
    const steps = action === 'approve' ? 2 : 1; // approve → ISSUING, issue → ISSUED
    expect(after.version).toBe(version + steps);
    const trail = await events(id);
    expect(trail).toHaveLength(before.eventCount + steps);
    expect(trail[before.eventCount]).toMatchObject({ action, from, seq: before.eventCount + 1 });
    expect(trail.at(-1)?.to).toBe(to);
    expect(verifyAuditChain(trail)).toBe(true);
    if (action === 'edit') expect(after.data).toEqual(EDITED);
  });

  /** Refused actions change nothing, so they share one application per status (with its current version). */
  const inStatus = new Map<ApplicationStatus, Promise<{ id: string }>>();
  const sharedIn = (status: ApplicationStatus) => {
    if (!inStatus.has(status)) inStatus.set(status, applicationIn(stack, status));
    return inStatus.get(status) as Promise<{ id: string }>;
  };

  it.each([['request-changes'], ['reject'], ['approve']] as const)(
    '%s of a DRAFT is refused with 404 NOT_FOUND and changes nothing',
    async (action) => {
      const { id } = await sharedIn('DRAFT');
      const before = await snapshot(stack, id);
      const { version } = JSON.parse(before.application) as { version: number };

      await expectProblem(await take(action, id, version), 404, 'NOT_FOUND');

      expect(await snapshot(stack, id)).toEqual(before);
    },
  );

  it.each(forbiddenCases)(
    '%s from %s is refused with 409 INVALID_TRANSITION and changes nothing',
    async (action, from) => {
      const { id } = await sharedIn(from);
      const before = await snapshot(stack, id);
      const { version, status } = JSON.parse(before.application) as { version: number; status: string };
      expect(status).toBe(from);

      await expectProblem(await take(action, id, version), 409, 'INVALID_TRANSITION');

      const after = await snapshot(stack, id);
      expect(after.application).toBe(before.application);
      expect(after.eventCount).toBe(before.eventCount);
      expect(after.events).toBe(before.events);
    },
  );
});

describe('optimistic concurrency', () => {
  it.each(allowedCases)(
    '%s from %s with a stale version is refused with 409 VERSION_CONFLICT and changes nothing',
    async (action, from) => {
      const { id, version } = await applicationIn(stack, from);
      const before = await snapshot(stack, id);

      for (const stale of [version - 1, version + 1]) {
        if (stale < 1) continue;
        await expectProblem(await take(action, id, stale), 409, 'VERSION_CONFLICT');
      }

      const after = await snapshot(stack, id);
      expect(after.application).toBe(before.application);
      expect(after.events).toBe(before.events);
    },
  );

  it('lets only one of two exporters editing the same version win', async () => {
    const { id, version } = await createDraft(stack);
    const [first, second] = await Promise.all([take('edit', id, version), take('edit', id, version)]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect((await readJson(loser)).code).toBe('VERSION_CONFLICT');
    expect((await read(id)).version).toBe(version + 1);
  });
});

describe('review comments', () => {
  it.each([
    ['request-changes', 'no comment', { version: 2 }],
    ['request-changes', 'an empty comment', { version: 2, comment: '' }],
    ['request-changes', 'a comment of blanks', { version: 2, comment: '   \n\t ' }],
    ['reject', 'no comment', { version: 2 }],
    ['reject', 'an empty comment', { version: 2, comment: '' }],
    ['reject', 'a comment of blanks', { version: 2, comment: '   ' }],
  ] as const)('%s with %s is refused with 400 naming the comment', async (action, _what, body) => {
    const { id } = await applicationIn(stack, 'SUBMITTED');
    const before = await snapshot(stack, id);
    const problem = await expectProblem(await take(action, id, 2, body), 400, 'VALIDATION_FAILED');
    expect(errorPaths(problem)).toContain('comment');
    expect((await snapshot(stack, id)).application).toBe(before.application);
  });

  it('shows the staff comment to the exporter, who edits and resubmits from CHANGES_REQUESTED', async () => {
    const { id, version } = await applicationIn(stack, 'SUBMITTED');
    const comment = 'Рубрика 8: додадете го тарифниот број за втората ставка.';
    const returned = await take('request-changes', id, version, { version, comment });
    expect(returned.status).toBe(200);

    const seen = await read(id, 'exporterA');
    expect(seen).toMatchObject({
      status: 'CHANGES_REQUESTED',
      version: version + 1,
      staffComment: {
        action: 'request-changes',
        text: comment,
        by: expect.any(String),
        at: expect.any(String),
      },
    });

    const edited = await take('edit', id, version + 1);
    expect(edited.status).toBe(200);
    const resubmitted = await take('submit', id, version + 2);
    expect(resubmitted.status).toBe(200);
    expect(await readJson(resubmitted)).toMatchObject({
      status: 'SUBMITTED',
      version: version + 3,
      data: EDITED,
    });
    const trail = await events(id);
    expect(trail.map((event) => event.action)).toEqual([
      'create',
      'attach',
      'submit',
      'request-changes',
      'edit',
      'submit',
    ]);
    expect(trail[3]?.comment).toBe(comment);

    const approved = await take('approve', id, version + 3);
    expect(approved.status).toBe(201);
  });

  it('shows a rejection comment to the exporter', async () => {
    const { id } = await applicationIn(stack, 'REJECTED');
    expect((await read(id, 'exporterA')).staffComment).toMatchObject({
      action: 'reject',
      text: 'The goods are not of Macedonian origin.',
    });
  });
});

describe('the audit trail', () => {
  it('is a hash chain that verifies, and detects an event whose comment was changed', async () => {
    const { id } = await applicationIn(stack, 'REJECTED');
    const trail = await events(id);
    expect(trail.map((event) => event.action)).toEqual(['create', 'attach', 'submit', 'reject']);
    expect(verifyAuditChain(trail)).toBe(true);

    const edited = structuredClone(trail);
    const rejection = edited[3];
    if (!rejection) throw new Error('no rejection event');
    rejection.comment = 'Approved after all.';
    expect(verifyAuditChain(edited)).toBe(false);
  });

  it.each([
    ['an event removed from the middle', (trail: AuditEvent[]) => trail.splice(1, 1)],
    ['two events swapped', (trail: AuditEvent[]) => trail.reverse()],
    [
      'an actor rewritten',
      (trail: AuditEvent[]) => Object.assign(trail[0] ?? {}, { actorId: 'someone-else' }),
    ],
    ['a status rewritten', (trail: AuditEvent[]) => Object.assign(trail.at(-1) ?? {}, { to: 'ISSUED' })],
  ])('detects %s', async (_what, tamper) => {
    const { id } = await applicationIn(stack, 'REJECTED');
    const trail = structuredClone(await events(id));
    tamper(trail);
    expect(verifyAuditChain(trail)).toBe(false);
  });

  it('records who did what: the exporter submitted, staff reviewed', async () => {
    const { id } = await applicationIn(stack, 'CHANGES_REQUESTED');
    const trail = await events(id);
    expect(trail.map((event) => [event.action, event.actorRole, event.from, event.to])).toEqual([
      ['create', 'exporter', null, 'DRAFT'],
      ['attach', 'exporter', 'DRAFT', 'DRAFT'],
      ['submit', 'exporter', 'DRAFT', 'SUBMITTED'],
      ['request-changes', 'staff', 'SUBMITTED', 'CHANGES_REQUESTED'],
    ]);
  });
});

describe('submission needs an invoice', () => {
  it('refuses to submit a complete draft without any attachment: 400 VALIDATION_FAILED at path attachments', async () => {
    const { id, version } = await createDraft(stack, { withInvoice: false });
    const before = await snapshot(stack, id);
    const problem = await expectProblem(await take('submit', id, version), 400, 'VALIDATION_FAILED');
    expect(errorPaths(problem)).toEqual(['attachments']);
    expect((await snapshot(stack, id)).application).toBe(before.application);
  });

  it('refuses to submit when the only attachment is not an invoice', async () => {
    const { id, version } = await createDraft(stack, { withInvoice: false });
    const token = await stack.login('exporterA');
    expect((await uploadFile(stack, token, id, PNG_1X1, 'packing.png', 'packing-list')).status).toBe(201);
    const problem = await expectProblem(await take('submit', id, version), 400, 'VALIDATION_FAILED');
    expect(errorPaths(problem)).toEqual(['attachments']);
  });
});
