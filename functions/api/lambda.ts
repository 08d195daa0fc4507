// AWS Lambda entry of the api function. Config and clients are created once per container, outside the handler.
import { getConnInfo, handle } from 'hono/aws-lambda';
import { loadConfig } from '../config/config.ts';
import { buildApiDeps } from '../config/deps.ts';
import { logger } from '../core/logger.ts';
import { createApiApp } from './app.ts';

const config = loadConfig(process.env);
logger.setLevel(config.logLevel);

export const handler = handle(createApiApp(await buildApiDeps(config), { connInfo: getConnInfo }));
