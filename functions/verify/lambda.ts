// AWS Lambda entry of the public verify function. Config and clients are created once per container.
import { getConnInfo, handle } from 'hono/aws-lambda';
import { logger } from '../adapters/log/json-logger.ts';
import { loadConfig } from '../config/config.ts';
import { buildVerifyDeps } from '../config/verify-deps.ts';
import { createVerifyApp } from './app.tsx';

const config = loadConfig(process.env);
logger.setLevel(config.logLevel);

export const handler = handle(
  createVerifyApp(await buildVerifyDeps(config), {
    connInfo: getConnInfo,
    requestsPerMinute: config.verifyRateLimit,
  }),
);
