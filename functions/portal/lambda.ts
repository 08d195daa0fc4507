// AWS Lambda entry of the portal function. Config and clients are created once per container, outside the
// handler; the portal issues certificates on approval, so it is wired exactly as the api function is.
import { getConnInfo, handle } from 'hono/aws-lambda';
import { logger } from '../adapters/log/json-logger.ts';
import { loadConfig } from '../config/config.ts';
import { buildApiDeps } from '../config/deps.ts';
import { createPortalApp, portalDepsOf } from './app.tsx';

const config = loadConfig(process.env);
logger.setLevel(config.logLevel);

export const handler = handle(
  createPortalApp(portalDepsOf(await buildApiDeps(config)), { connInfo: getConnInfo }),
);
