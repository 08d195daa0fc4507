// The application lifecycle guards: which status allows which step, who takes it, and optimistic concurrency.
import { describe, expect, it } from 'vitest';
import {
  type Application,
  type ApplicationStatus,
  assertVersion,
  isEditable,
  TRANSITIONS,
  transitionFor,
} from '../../functions/core/applications/application.ts';
import { GENESIS_HASH } from '../../functions/core/applications/audit-event.ts';
import { AppError } from '../../functions/core/errors.ts';

const application = (status: ApplicationStatus, version = 3): Application => ({
  id: 'app-1',
  issuerId: 'demo-chamber',
  orgId: 'org-1',
  type: 'co',
  status,
  version,
  eventSeq: version,
  data: {},
  createdBy: 'user-exporter-1',
  createdAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-21T10:00:00.000Z',
  lastEventHash: GENESIS_HASH,
});

const errorOf = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
};

describe('transitions', () => {
  it.each([
    ['submit', 'DRAFT', 'SUBMITTED'],
    ['submit', 'CHANGES_REQUESTED', 'SUBMITTED'],
    ['cancel', 'DRAFT', 'CANCELLED'],
    ['cancel', 'CHANGES_REQUESTED', 'CANCELLED'],
    ['request-changes', 'SUBMITTED', 'CHANGES_REQUESTED'],
    ['reject', 'SUBMITTED', 'REJECTED'],
    ['approve', 'SUBMITTED', 'ISSUING'],
    ['issue', 'ISSUING', 'ISSUED'],
  ] as const)('lets %s move an application from %s to %s', (action, from, to) => {
    expect(transitionFor(application(from), action)).toEqual({ to });
  });

  it.each(['DRAFT', 'CHANGES_REQUESTED'] as const)('lets an edit keep an application in %s', (status) => {
    expect(transitionFor(application(status), 'edit')).toEqual({ to: status });
  });

  it.each([
    ['edit', 'SUBMITTED'],
    ['edit', 'ISSUED'],
    ['submit', 'SUBMITTED'],
    ['submit', 'REJECTED'],
    ['cancel', 'SUBMITTED'],
    ['cancel', 'ISSUED'],
    ['request-changes', 'DRAFT'],
    ['reject', 'ISSUING'],
    ['approve', 'DRAFT'],
    ['approve', 'CHANGES_REQUESTED'],
    ['approve', 'ISSUING'],
    ['approve', 'REJECTED'],
    ['issue', 'SUBMITTED'],
    ['issue', 'ISSUED'],
  ] as const)('refuses to %s an application in status %s with INVALID_TRANSITION', (action, status) => {
    const error = errorOf(() => transitionFor(application(status), action));

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('leaves no way out of a final status', () => {
    const finalStatuses: ApplicationStatus[] = ['REJECTED', 'CANCELLED', 'SUPERSEDED'];

    for (const transition of Object.values(TRANSITIONS)) {
      for (const status of finalStatuses) expect(transition.from).not.toContain(status);
    }
  });

  it('lets an issued certificate only be revoked or replaced, and a revoked one only replaced', () => {
    const from = (status: ApplicationStatus) =>
      Object.entries(TRANSITIONS)
        .filter(([, transition]) => transition.from.includes(status))
        .map(([action]) => action);

    expect(from('ISSUED')).toEqual(['revoke', 'supersede']);
    expect(from('REVOKED')).toEqual(['supersede']);
  });

  it('leaves editing, submitting and cancelling to the exporter, and deciding and issuing to staff', () => {
    const roles = Object.fromEntries(Object.entries(TRANSITIONS).map(([action, { role }]) => [action, role]));

    expect(roles).toEqual({
      edit: 'exporter',
      submit: 'exporter',
      cancel: 'exporter',
      'request-changes': 'staff',
      reject: 'staff',
      approve: 'staff',
      issue: 'staff',
      revoke: 'staff',
      supersede: 'staff',
    });
  });
});

describe('editability', () => {
  it.each([
    ['DRAFT', true],
    ['CHANGES_REQUESTED', true],
    ['SUBMITTED', false],
    ['ISSUING', false],
    ['ISSUED', false],
    ['REJECTED', false],
    ['CANCELLED', false],
  ] as const)('treats an application in %s as editable: %s', (status, editable) => {
    expect(isEditable(application(status))).toBe(editable);
  });
});

describe('optimistic concurrency', () => {
  it('accepts the version the caller last saw', () => {
    expect(() => assertVersion(application('SUBMITTED', 3), 3)).not.toThrow();
  });

  it.each([2, 4])('refuses version %i of an application at version 3 with VERSION_CONFLICT', (version) => {
    const error = errorOf(() => assertVersion(application('SUBMITTED', 3), version));

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'VERSION_CONFLICT' });
  });
});
