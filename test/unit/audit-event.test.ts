// The tamper-evident audit trail of an application: each event is hashed together with its predecessor's hash.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/accounts.ts';
import type { Application } from '../../functions/core/applications/application.ts';
import {
  type AuditEvent,
  advance,
  chainEvent,
  GENESIS_HASH,
  verifyAuditChain,
} from '../../functions/core/applications/audit-event.ts';

const exporter: Actor = {
  userId: 'user-exporter-1',
  email: 'ana@textil.example.mk',
  role: 'exporter',
  orgId: 'org-1',
};
const staff: Actor = { userId: 'user-staff-1', email: 'marko@chamber.example.mk', role: 'staff' };

const draft = (): Application => ({
  id: 'app-1',
  issuerId: 'demo-chamber',
  orgId: 'org-1',
  type: 'co',
  status: 'DRAFT',
  version: 1,
  eventSeq: 1,
  data: {},
  createdBy: exporter.userId,
  createdAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-20T08:00:00.000Z',
  lastEventHash: GENESIS_HASH,
});

/** create → submit → approve, as three chained events. */
const threeEventChain = (): AuditEvent[] => {
  const created = chainEvent({
    applicationId: 'app-1',
    seq: 1,
    at: '2026-11-20T08:00:00.000Z',
    actorId: exporter.userId,
    actorRole: 'exporter',
    action: 'create',
    from: null,
    to: 'DRAFT',
    prevHash: GENESIS_HASH,
  });
  const application = { ...draft(), lastEventHash: created.hash };
  const submitted = advance(application, {
    action: 'submit',
    to: 'SUBMITTED',
    actor: exporter,
    at: '2026-11-21T10:00:00.000Z',
    comment: 'Please issue by Friday.',
  });
  const approved = advance(submitted.next, {
    action: 'approve',
    to: 'ISSUING',
    actor: staff,
    at: '2026-11-23T09:30:00.000Z',
  });
  return [created, submitted.event, approved.event];
};

const editAt = (events: AuditEvent[], index: number, change: Partial<AuditEvent>): AuditEvent[] =>
  events.map((event, position) => (position === index ? { ...event, ...change } : event));

describe('audit chain', () => {
  it('verifies an untouched chain of three events', () => {
    expect(verifyAuditChain(threeEventChain())).toBe(true);
  });

  it('verifies an empty chain', () => {
    expect(verifyAuditChain([])).toBe(true);
  });

  it('links the first event to the genesis hash and each later one to its predecessor', () => {
    const [first, second, third] = threeEventChain();

    expect(first?.prevHash).toBe(GENESIS_HASH);
    expect(second?.prevHash).toBe(first?.hash);
    expect(third?.prevHash).toBe(second?.hash);
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the same event to the same value', () => {
    const [first] = threeEventChain();
    const { hash, ...rest } = first as AuditEvent;

    expect(chainEvent(rest).hash).toBe(hash);
  });

  it.each([
    ['the comment', 1, { comment: 'Please issue by Monday.' }],
    ['the actor', 1, { actorId: 'user-exporter-2' }],
    ['the actor role', 2, { actorRole: 'admin' }],
    ['the target status', 2, { to: 'ISSUED' }],
    ['the source status', 1, { from: 'CHANGES_REQUESTED' }],
    ['the time', 0, { at: '2026-11-19T08:00:00.000Z' }],
    ['the action', 2, { action: 'issue' }],
    ['the application', 0, { applicationId: 'app-2' }],
  ] as const)('detects a change to %s of one event', (_, index, change) => {
    const events = editAt(threeEventChain(), index, change);

    expect(verifyAuditChain(events)).toBe(false);
  });

  it('detects a comment added to an event that had none', () => {
    expect(verifyAuditChain(editAt(threeEventChain(), 2, { comment: 'approved without checks' }))).toBe(
      false,
    );
  });

  it('detects an edited event whose own hash was recomputed, because the next event still links to the old hash', () => {
    const events = threeEventChain();
    const { hash: _, ...second } = events[1] as AuditEvent;
    events[1] = chainEvent({ ...second, comment: 'rewritten' });

    expect(verifyAuditChain(events)).toBe(false);
  });

  it('detects a removed event in the middle', () => {
    const [first, , third] = threeEventChain();

    expect(verifyAuditChain([first as AuditEvent, third as AuditEvent])).toBe(false);
  });

  it('detects a removed first event', () => {
    expect(verifyAuditChain(threeEventChain().slice(1))).toBe(false);
  });

  it('detects two events swapped', () => {
    const [first, second, third] = threeEventChain() as [AuditEvent, AuditEvent, AuditEvent];

    expect(verifyAuditChain([first, third, second])).toBe(false);
  });

  it('detects a renumbered event', () => {
    expect(verifyAuditChain(editAt(threeEventChain(), 2, { seq: 4 }))).toBe(false);
  });

  it('does not by itself notice a dropped last event: the application’s lastEventHash anchors the tail', () => {
    const events = threeEventChain();
    const truncated = events.slice(0, 2);

    expect(verifyAuditChain(truncated)).toBe(true);
    expect(truncated.at(-1)?.hash).not.toBe(events.at(-1)?.hash);
  });
});

describe('advancing an application', () => {
  const PREVIOUS_EVENT_HASH = 'ab'.repeat(32);
  const submitted = () =>
    advance(
      { ...draft(), lastEventHash: PREVIOUS_EVENT_HASH },
      {
        action: 'submit',
        to: 'SUBMITTED',
        actor: exporter,
        at: '2026-11-21T10:00:00.000Z',
        comment: 'Please issue by Friday.',
      },
    );

  it('increments the version and sets the status and the time of the change', () => {
    const { next } = submitted();

    expect(next.version).toBe(2);
    expect(next.eventSeq).toBe(2);
    expect(next.status).toBe('SUBMITTED');
    expect(next.updatedAt).toBe('2026-11-21T10:00:00.000Z');
  });

  it('records the step as the next event, linked to the previous last event', () => {
    const { next, event } = submitted();

    expect(event).toMatchObject({
      applicationId: 'app-1',
      seq: 2,
      at: '2026-11-21T10:00:00.000Z',
      actorId: exporter.userId,
      actorRole: 'exporter',
      action: 'submit',
      from: 'DRAFT',
      to: 'SUBMITTED',
      comment: 'Please issue by Friday.',
      prevHash: PREVIOUS_EVENT_HASH,
    });
    expect(next.lastEventHash).toBe(event.hash);
  });

  it('numbers the event after the last event, which may run ahead of the version', () => {
    const current = { ...draft(), version: 2, eventSeq: 5 };

    const { next, event } = advance(current, {
      action: 'submit',
      to: 'SUBMITTED',
      actor: exporter,
      at: '2026-11-21T10:00:00.000Z',
    });

    expect(event.seq).toBe(6);
    expect(next.eventSeq).toBe(6);
    expect(next.version).toBe(3);
  });

  it('records an attachment as an event without changing the version, the status or the time of the last change', () => {
    const current = draft();

    const { next, event } = advance(current, {
      action: 'attach',
      to: current.status,
      actor: exporter,
      at: '2026-11-20T09:00:00.000Z',
      bumpsVersion: false,
    });

    expect(event).toMatchObject({ seq: 2, action: 'attach', from: 'DRAFT', to: 'DRAFT' });
    expect(next).toMatchObject({ version: 1, eventSeq: 2, status: 'DRAFT', updatedAt: current.updatedAt });
    expect(next.lastEventHash).toBe(event.hash);
  });

  it('returns the current state untouched, for the conditional write', () => {
    const current = draft();

    const result = advance(current, {
      action: 'submit',
      to: 'SUBMITTED',
      actor: exporter,
      at: '2026-11-21T10:00:00.000Z',
    });

    expect(result.current).toBe(current);
    expect(current).toEqual(draft());
  });

  it('leaves the comment out of the event when none is given', () => {
    const { event } = advance(draft(), {
      action: 'submit',
      to: 'SUBMITTED',
      actor: exporter,
      at: '2026-11-21T10:00:00.000Z',
    });

    expect(event).not.toHaveProperty('comment');
  });

  it('applies the given changes to the next state', () => {
    const { next } = advance(
      { ...draft(), status: 'SUBMITTED' },
      {
        action: 'approve',
        to: 'ISSUING',
        actor: staff,
        at: '2026-11-23T09:30:00.000Z',
        changes: { certificate: { serial: 'MK-CO-2026-000001', code: '7K3M9Q2XW4HRT8VB' } },
      },
    );

    expect(next.certificate).toEqual({ serial: 'MK-CO-2026-000001', code: '7K3M9Q2XW4HRT8VB' });
  });

  it('chains successive steps into a chain that verifies', () => {
    const created = chainEvent({
      applicationId: 'app-1',
      seq: 1,
      at: '2026-11-20T08:00:00.000Z',
      actorId: exporter.userId,
      actorRole: 'exporter',
      action: 'create',
      from: null,
      to: 'DRAFT',
      prevHash: GENESIS_HASH,
    });
    const application = { ...draft(), lastEventHash: created.hash };

    const first = advance(application, {
      action: 'submit',
      to: 'SUBMITTED',
      actor: exporter,
      at: '2026-11-21T10:00:00.000Z',
    });
    const second = advance(first.next, {
      action: 'approve',
      to: 'ISSUING',
      actor: staff,
      at: '2026-11-23T09:30:00.000Z',
    });
    const third = advance(second.next, {
      action: 'issue',
      to: 'ISSUED',
      actor: staff,
      at: '2026-11-23T09:30:01.000Z',
    });

    expect(third.next.version).toBe(4);
    expect(third.next.lastEventHash).toBe(third.event.hash);
    expect(verifyAuditChain([created, first.event, second.event, third.event])).toBe(true);
  });
});
