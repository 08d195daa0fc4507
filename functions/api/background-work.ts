// The periodic work of the api function: webhook deliveries, the revocation list refresh, and the recovery sweep
// for interrupted issuances. The local server runs it on a timer; on AWS an EventBridge schedule invokes it.
import type { Core } from '../core/core.ts';
import { logger } from '../core/logger.ts';

export const BACKGROUND_JOB = 'tradecert.background';

export const isBackgroundJob = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && (event as { job?: unknown }).job === BACKGROUND_JOB;

export const runBackgroundWork = async (core: Core) => {
  const webhooks = await core.dispatchWebhooks();
  await core.refreshStatusList();
  const recovery = await core.recoverIssuance();
  if (recovery.failed.length > 0)
    logger.warn('issuances could not be recovered yet', { applications: recovery.failed });
  if (recovery.completed.length > 0) logger.info('issuances recovered', { serials: recovery.completed });
  return { webhooks, recovery };
};
