// The server the benchmarks measure: the api and verify apps composed exactly as `npm start` composes them,
// in a process of its own so that the load generator does not share its event loop. Two differences from
// `npm start`, both so that the figures measure the request path alone: the public rate limit is lifted (it
// would answer 429 after 120 requests a minute from 127.0.0.1), and no background work runs.
//
// Environment: the service's own variables (TABLE_NAME, AWS_ENDPOINT_URL_*, KEYS_DIR, PORT, …).
// Prints `READY {port}` once it listens on 127.0.0.1.
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { logger } from '../../functions/adapters/log/json-logger.ts';
import { createApiApp } from '../../functions/api/app.ts';
import { loadConfig } from '../../functions/config/config.ts';
import { buildApiDeps } from '../../functions/config/deps.ts';
import { buildVerifyDeps } from '../../functions/config/verify-deps.ts';
import { composeApps } from '../../functions/local/server.ts';
import { createVerifyApp, verifySiblingRoutes } from '../../functions/verify/app.tsx';

const UNLIMITED = 1_000_000_000;

const config = loadConfig(process.env);
logger.setLevel(config.logLevel);
const [apiDeps, verifyDeps] = await Promise.all([buildApiDeps(config), buildVerifyDeps(config)]);
const app = composeApps(
  createApiApp(apiDeps, { connInfo: getConnInfo, siblings: [verifySiblingRoutes] }),
  createVerifyApp(verifyDeps, { connInfo: getConnInfo, requestsPerMinute: UNLIMITED }),
);
const server = serve({ fetch: app.fetch, port: config.port, hostname: '127.0.0.1' });
server.once('listening', () => {
  const address = server.address();
  console.log(`READY ${typeof address === 'object' && address ? address.port : config.port}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
