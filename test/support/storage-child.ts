// A process that starts DynamoDB Local and s3rver with their data under argv[2], prints "ready" and waits:
// the leak test kills it without warning and then looks for what it left behind.
import { join } from 'node:path';
import { startDynamoDbLocal, startS3rver } from '../../functions/local/storage-processes.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: storage-child.ts <dir>');
await Promise.all([startDynamoDbLocal(join(dir, 'dynamodb')), startS3rver(join(dir, 's3'))]);
console.log('ready');
setInterval(() => {}, 60_000);
