// Run after a crash, with the server down: starts the stack's storage on its data directory, completes every
// issuance left ISSUING (no grace period: nothing else is working on them), prints the outcome as JSON, stops.
// The server's own sweep does the same every 2 s, but only for issuances older than 60 s.
//
//   DATA_DIR=… tsx test/reliability/support/recover-issuance.ts
import { join } from 'node:path';
import { logger } from '../../../functions/adapters/log/json-logger.ts';
import { loadConfig } from '../../../functions/config/config.ts';
import { buildApiDeps } from '../../../functions/config/deps.ts';
import { startDynamoDbLocal, startS3rver } from '../../../functions/local/storage-processes.ts';

const base = loadConfig(process.env);
logger.setLevel('error');
const [dynamo, s3] = await Promise.all([
  startDynamoDbLocal(join(base.dataDir, 'dynamodb')),
  startS3rver(join(base.dataDir, 's3')),
]);
try {
  const { core } = await buildApiDeps({ ...base, dynamoEndpoint: dynamo.endpoint, s3Endpoint: s3.endpoint });
  const outcome = await core.recoverIssuance({ graceMs: 0 });
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
} finally {
  await Promise.all([dynamo.stop(), s3.stop()]);
}
process.exit(0);
