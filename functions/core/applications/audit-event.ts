// Tamper-evident audit trail: each event of an application carries the hash of the one before it.
import type { Actor, Declaration } from '../accounts.ts';
import { canonicalJson, sha256Hex } from '../canonical-json.ts';
import type { ApplicationAction, ApplicationStatus } from './application.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  applicationId: string;
  seq: number;
  at: string;
  actorId: string;
  actorRole: Actor['role'];
  action: ApplicationAction;
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  comment?: string;
  /** On a submit: the exporter's declaration it made (docs/legal.md §8). Older submits carry none. */
  declaration?: Declaration;
  prevHash: string;
  hash: string;
}

export const chainEvent = (event: Omit<AuditEvent, 'hash'>): AuditEvent => ({
  ...event,
  hash: sha256Hex(`${event.prevHash}\n${canonicalJson(event)}`),
});

/** True when every event links to its predecessor and its hash matches its content. */
export const verifyAuditChain = (events: readonly AuditEvent[]): boolean => {
  let prevHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const { hash, ...rest } = event;
    if (event.seq !== index + 1 || event.prevHash !== prevHash || chainEvent(rest).hash !== hash)
      return false;
    prevHash = hash;
  }
  return true;
};

interface Chained {
  id: string;
  status: ApplicationStatus;
  version: number;
  eventSeq: number;
  updatedAt: string;
  lastEventHash: string;
}

export interface Step<A> {
  action: ApplicationAction;
  to: ApplicationStatus;
  actor: Actor;
  at: string;
  comment?: string;
  declaration?: Declaration;
  changes?: Partial<A>;
  /** false for events that leave data and status alone (attachments): the version stays. */
  bumpsVersion?: boolean;
}

/** The next state of an application and the audit event that records the step, ready for one conditional write. */
export const advance = <A extends Chained>(
  current: A,
  step: Step<A>,
): { current: A; next: A; event: AuditEvent } => {
  const event = chainEvent({
    applicationId: current.id,
    seq: current.eventSeq + 1,
    at: step.at,
    actorId: step.actor.userId,
    actorRole: step.actor.role,
    action: step.action,
    from: current.status,
    to: step.to,
    ...(step.comment ? { comment: step.comment } : {}),
    ...(step.declaration ? { declaration: step.declaration } : {}),
    prevHash: current.lastEventHash,
  });
  const next: A = {
    ...current,
    ...step.changes,
    status: step.to,
    version: step.bumpsVersion === false ? current.version : current.version + 1,
    eventSeq: event.seq,
    updatedAt: step.bumpsVersion === false ? current.updatedAt : step.at,
    lastEventHash: event.hash,
  };
  return { current, next, event };
};
