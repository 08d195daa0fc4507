// The names of the api function's scheduled jobs, shared by the handler and the CDK stack that schedules them
// (kept apart from background-work.ts so that the stack does not load the core).
export const MAINTENANCE_JOB = 'tradecert.maintenance';
export const WEBHOOKS_JOB = 'tradecert.webhooks';
/** Mail: the outbox's notifications, the daily staff digest, retries (docs/mail.md). */
export const MAIL_JOB = 'tradecert.mail';
/** Archive timestamp renewal (docs/legal.md §5): the operator command's work, on a daily schedule. */
export const ARCHIVE_JOB = 'tradecert.archive';
const JOBS = [MAINTENANCE_JOB, WEBHOOKS_JOB, MAIL_JOB, ARCHIVE_JOB] as const;
export type BackgroundJob = (typeof JOBS)[number];

export const jobOf = (event: unknown): BackgroundJob | undefined => {
  const job = typeof event === 'object' && event !== null ? (event as { job?: unknown }).job : undefined;
  return JOBS.find((known) => known === job);
};

export const isBackgroundJob = (event: unknown): boolean => jobOf(event) !== undefined;
