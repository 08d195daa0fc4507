// AWS Lambda entry of the api function. Config and clients are created once per container, outside the handler.
// HTTP API events go to the Hono app; the scheduled events run the background jobs; SNS messages from the mail
// feedback topic record bounces and complaints (docs/mail.md).
import type { Context } from 'aws-lambda';
import { getConnInfo, handle } from 'hono/aws-lambda';
import { logger } from '../adapters/log/json-logger.ts';
import { loadConfig } from '../config/config.ts';
import { buildApiDeps } from '../config/deps.ts';
import { lambdaMailer } from '../config/mail-deps.ts';
import { verifySiblingRoutes } from '../verify/app.tsx';
import { createApiApp } from './app.ts';
import { isBackgroundJob, runBackgroundJob } from './background-work.ts';
import { handleMailFeedback, isSnsEvent } from './mail-feedback.ts';

const config = loadConfig(process.env);
logger.setLevel(config.logLevel);
const mailer = lambdaMailer(config);
const deps = await buildApiDeps(config, {}, mailer ? { mailer } : {});
const http = handle(createApiApp(deps, { connInfo: getConnInfo, siblings: [verifySiblingRoutes] }));

export const handler = async (event: unknown, context: Context) => {
  if (isBackgroundJob(event)) {
    return runBackgroundJob(
      async () => (await deps.chambers.all()).map(({ wiring }) => wiring.core),
      event,
      deps.network,
    );
  }
  // suppressions are the deployment's, not a chamber's: any core records them
  if (isSnsEvent(event)) return handleMailFeedback(deps.core, event);
  return http(event as Parameters<typeof http>[0], context);
};
