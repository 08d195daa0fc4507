// Who may see and do what. Another organisation's records answer NOT_FOUND, never FORBIDDEN.
import type { Actor, Role } from './accounts.ts';
import { AppError } from './errors.ts';

export const requireRole = (actor: Actor, ...roles: Role[]): void => {
  if (!roles.includes(actor.role)) {
    throw new AppError('FORBIDDEN', `This action needs the role ${roles.join(' or ')}.`);
  }
};

/** Staff see every organisation's records; exporters only their own. */
export const canSee = (actor: Actor, record: { orgId: string }): boolean =>
  actor.role === 'staff' ||
  actor.role === 'admin' ||
  (actor.orgId !== undefined && actor.orgId === record.orgId);

export const visibleOrNotFound = <T extends { orgId: string }>(
  actor: Actor,
  record: T | undefined,
  what: string,
): T => {
  if (!record || !canSee(actor, record)) throw new AppError('NOT_FOUND', `${what} not found.`);
  return record;
};
