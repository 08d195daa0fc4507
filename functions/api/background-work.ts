// The periodic work of the api function, in three independent jobs: webhook deliveries, mail (docs/mail.md), and
// maintenance (the recovery sweep for interrupted issuances and the revocation list refresh). None waits for
// another, so hanging webhook receivers or a failing mail server never delay a recovery. On AWS one EventBridge
// rule per job invokes the function (each invocation runs on its own); the local server runs the loops on timers
// (startBackgroundLoops).
// See docs/security.md, "Webhooks: what they may reach, and how delivery is scheduled".

import { logger } from '../adapters/log/json-logger.ts';
import type { Core } from '../core/core.ts';
import { RECOVERY_GRACE_MS } from '../core/issuance/recover-issuance.ts';
import type { TrustListHealth } from '../core/network/refresh-trust-list.ts';
import { ARCHIVE_JOB, jobOf, MAIL_JOB, WEBHOOKS_JOB } from './background-jobs.ts';

export { isBackgroundJob } from './background-jobs.ts';

/**
 * How long one scheduled webhooks run keeps taking new deliveries: with the sender's 5 s deadline it ends well
 * inside the api function's 29 s timeout (infra/stacks/api-stack.ts).
 */
export const SCHEDULED_DELIVERY_WINDOW_MS = 15_000;

/** Where a trust list is configured: its refresh (docs/network.md §6), which keeps the last good list itself. */
export interface NetworkRefresh {
  refresh(): Promise<TrustListHealth>;
}

/** The recovery sweep, the revocation list refresh, then the trust list's; a failure of one skips no other. */
export const runMaintenance = async (
  core: Core,
  options: { recoveryGraceMs?: number; network?: NetworkRefresh | undefined } = {},
) => {
  const recovery = await core
    .recoverIssuance({ graceMs: options.recoveryGraceMs ?? RECOVERY_GRACE_MS })
    .catch((error: unknown) => {
      logger.warn('recovery sweep failed', { error });
      return { completed: [], failed: [] };
    });
  if (recovery.failed.length > 0)
    logger.warn('issuances could not be recovered yet', { applications: recovery.failed });
  if (recovery.completed.length > 0) logger.info('issuances recovered', { serials: recovery.completed });
  await core.refreshStatusList();
  const trustList = await options.network?.refresh().catch((error: unknown) => {
    logger.warn('trust list refresh failed', { error });
    return undefined;
  });
  return { recovery, ...(trustList ? { trustList } : {}) };
};

/**
 * Whose background work: one chamber's core, or every chamber a deployment serves (docs/network.md §1), each
 * on its own so that one chamber's failure does not hold up another's.
 */
export type BackgroundCores = Core | (() => Promise<readonly Core[]>);

const coresOf = async (cores: BackgroundCores): Promise<readonly Core[]> =>
  typeof cores === 'function' ? cores() : [cores];

const forEachChamber = async <T>(cores: BackgroundCores, work: (core: Core) => Promise<T>) =>
  Promise.all((await coresOf(cores)).map(work));

/**
 * Every chamber's maintenance, each on its own, then the deployment's trust list once (it is the deployment's,
 * not a chamber's: docs/network.md §6).
 */
const maintainAll = async (
  cores: BackgroundCores,
  options: { recoveryGraceMs?: number; network?: NetworkRefresh | undefined },
) => {
  const { network, ...perChamber } = options;
  const maintenance = await forEachChamber(cores, (core) => runMaintenance(core, perChamber));
  const trustList = await network?.refresh().catch((error: unknown) => {
    logger.warn('trust list refresh failed', { error });
    return undefined;
  });
  return { maintenance, ...(trustList ? { trustList } : {}) };
};

/** Every chamber's mail round, each on its own: one chamber's failing round does not stop another's. */
const mailAll = (cores: BackgroundCores) =>
  forEachChamber(cores, (core) =>
    core.dispatchMail().catch((error: unknown) => {
      logger.warn('mail round failed', { chamber: core.issuer.id, error });
      return undefined;
    }),
  );

/**
 * How many certificates one scheduled archive run renews: each takes a TSA round trip and a PDF write, so that
 * fifty end well inside the api function's 29 s; the rest are due again the next day (a run crashes nothing).
 */
export const SCHEDULED_ARCHIVE_LIMIT = 50;
/** As the operator command's default: a quarter of a year before the TSA certificate expires. */
export const SCHEDULED_ARCHIVE_WINDOW_DAYS = 90;

/** Every chamber's archive renewal, each on its own; chambers without a TSA have nothing to renew. */
const renewAll = (cores: BackgroundCores) =>
  forEachChamber(cores, async (core) => {
    if (!core.renewArchiveTimestamps) return undefined;
    const outcome = await core
      .renewArchiveTimestamps({
        withinDays: SCHEDULED_ARCHIVE_WINDOW_DAYS,
        limit: SCHEDULED_ARCHIVE_LIMIT,
        progress: (line) => logger.info('archive renewal', { chamber: core.issuer.id, line }),
      })
      .catch((error: unknown) => {
        logger.warn('archive renewal failed', { chamber: core.issuer.id, error });
        return undefined;
      });
    if (outcome && outcome.skipped.length > 0)
      logger.warn('archive timestamps not renewed', { chamber: core.issuer.id, skipped: outcome.skipped });
    return outcome && { due: outcome.due, renewed: outcome.renewed.length, skipped: outcome.skipped.length };
  });

/** The scheduled event's job: `{job: "tradecert.maintenance"}`, `{job: "tradecert.webhooks"}` or `{job: "tradecert.mail"}`. */
export const runBackgroundJob = async (cores: BackgroundCores, event: unknown, network?: NetworkRefresh) => {
  const job = jobOf(event);
  if (job === WEBHOOKS_JOB) {
    return {
      webhooks: await forEachChamber(cores, (core) =>
        core.dispatchWebhooks({ forMs: SCHEDULED_DELIVERY_WINDOW_MS }),
      ),
    };
  }
  if (job === MAIL_JOB) return { mail: await mailAll(cores) };
  if (job === ARCHIVE_JOB) return { archive: await renewAll(cores) };
  return maintainAll(cores, { network });
};

/** Runs `work` every `intervalMs`, never two rounds of it at once. */
const every = (intervalMs: number, name: string, work: () => Promise<unknown>) => {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await work();
    } catch (error) {
      logger.warn(`${name} failed`, { error });
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
};

export interface BackgroundLoopOptions {
  /** How often each loop runs (default 2 s). */
  intervalMs?: number;
  recoveryGraceMs?: number;
  network?: NetworkRefresh | undefined;
}

/**
 * The local server's background work: three loops that never wait for each other. The webhooks loop only starts
 * deliveries (they run on their own, within the dispatcher's limits), so it takes new events at every tick.
 */
export const startBackgroundLoops = (cores: BackgroundCores, options: BackgroundLoopOptions = {}) => {
  const intervalMs = options.intervalMs ?? 2000;
  const stops = [
    every(intervalMs, 'webhook dispatch', () => forEachChamber(cores, (core) => core.pumpWebhooks())),
    every(intervalMs, 'mail', () => mailAll(cores)),
    every(intervalMs, 'maintenance', () =>
      maintainAll(cores, {
        ...(options.recoveryGraceMs === undefined ? {} : { recoveryGraceMs: options.recoveryGraceMs }),
        network: options.network,
      }),
    ),
  ];
  return () => {
    for (const stop of stops) stop();
  };
};
