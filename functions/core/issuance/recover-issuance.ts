// The recovery sweep: applications left ISSUING by a crash between reservation and commit are completed with
// the serial, date and code they already hold. Runs periodically; an issuance younger than the grace period is
// left to the request that is still working on it. While the time-stamping authority is unavailable the sweep
// stops at the first issuance that needed it: the others would wait for it too, three attempts each, and the
// next sweep tries again (docs/legal.md §2).
import type { Actor } from '../accounts.ts';
import { isAppError } from '../errors.ts';
import type { ApplicationRepository } from '../ports.ts';
import { completeIssuance, type IssuanceDeps } from './issue-certificate.ts';

export const RECOVERY_GRACE_MS = 60_000;

/** Recovery acts in the system's name; the audit trail shows it. */
const SWEEPER: Actor = { userId: 'system:recovery', email: 'system', role: 'staff' };

export const recoverIssuance =
  (deps: IssuanceDeps & { applications: ApplicationRepository }) =>
  async (options: { graceMs?: number } = {}): Promise<{ completed: string[]; failed: string[] }> => {
    const cutoff = deps.clock.now().getTime() - (options.graceMs ?? RECOVERY_GRACE_MS);
    const completed: string[] = [];
    const failed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.applications.list({
        issuerId: deps.issuer.id,
        status: 'ISSUING',
        limit: 25,
        ...(cursor ? { cursor } : {}),
      });
      for (const application of page.items) {
        if (Date.parse(application.updatedAt) > cutoff) continue;
        try {
          const certificate = await completeIssuance(deps, application, SWEEPER);
          completed.push(certificate.serial);
        } catch (error) {
          failed.push(application.id);
          if (isAppError(error, 'TIMESTAMP_UNAVAILABLE')) return { completed, failed };
        }
      }
      cursor = page.cursor;
    } while (cursor);
    return { completed, failed };
  };
