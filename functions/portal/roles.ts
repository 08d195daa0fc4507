// Pages for a role refuse other roles with FORBIDDEN, and each role has its start page; the core verbs make
// the actual authorisation decisions, exactly as for the API.
import type { MiddlewareHandler } from 'hono';
import type { Actor, Role } from '../core/accounts.ts';
import { AppError } from '../core/errors.ts';
import { PORTAL, type PortalEnv } from './context.ts';
import { actorOf } from './portal-session.ts';

/** Pages of one audience: another role gets FORBIDDEN (the page, not data of another organisation). */
export const allowRoles =
  (...roles: Role[]): MiddlewareHandler<PortalEnv> =>
  async (c, next) => {
    if (!roles.includes(actorOf(c).role)) {
      // the error page shows this as it is: in the reader's words
      throw new AppError('FORBIDDEN', roles.map((role) => c.var.m.errors.pageFor[role]).join(' '));
    }
    await next();
  };

/** Where each role starts. */
export const homeOf = (actor: Actor): string =>
  actor.role === 'exporter'
    ? `${PORTAL}/applications`
    : actor.role === 'staff'
      ? `${PORTAL}/queue`
      : actor.role === 'operator'
        ? `${PORTAL}/network/chambers`
        : `${PORTAL}/admin/organisations`;
