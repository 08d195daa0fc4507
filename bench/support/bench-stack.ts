// The local stack for the benchmarks: DynamoDB Local keeping its data on disk (as `npm start` does), s3rver,
// the table, bucket, signing key and demo accounts, and the server in a child process on 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccountRepository } from '../../functions/adapters/dynamodb/account-repository.ts';
import { createDocumentClient, createDynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { type Config, loadConfig } from '../../functions/config/config.ts';
import { seedDemoAccounts } from '../../functions/local/seed.ts';
import { prepareStorage } from '../../functions/local/server.ts';
import {
  freePort,
  type StorageProcess,
  startDynamoDbLocal,
  startS3rver,
  stopChild,
} from '../../functions/local/storage-processes.ts';

export const BENCH_PASSWORD = 'bench-password-not-secret';

export interface BenchStack {
  url: string;
  config: Config;
  environment: Record<string, string>;
  stop(): Promise<void>;
}

const startServer = (environment: Record<string, string>): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(join('node_modules', '.bin', 'tsx'), ['bench/support/bench-server.ts'], {
      env: { ...process.env, ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`bench server did not start:\n${output}`)), 60_000);
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes('READY')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench server exited with ${code}:\n${output}`));
    });
  });

export const startBenchStack = async (): Promise<BenchStack> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tradecert-bench-'));
  const storage: StorageProcess[] = [];
  try {
    const [dynamo, s3] = await Promise.all([
      startDynamoDbLocal(join(dataDir, 'dynamodb')),
      startS3rver(join(dataDir, 's3')),
    ]);
    storage.push(dynamo, s3);
    const port = await freePort();
    const environment = {
      PORT: String(port),
      DATA_DIR: dataDir,
      TABLE_NAME: 'tradecert-bench',
      BUCKET_NAME: 'tradecert-bench',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      PUBLIC_BASE_URL: 'https://verify.chamber.example',
      LOG_LEVEL: 'error',
    };
    const config = loadConfig(environment);
    await prepareStorage(config);
    const dynamoClient = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
    await seedDemoAccounts(
      createAccountRepository(createDocumentClient(dynamoClient), config.tableName),
      config.issuer.id,
      BENCH_PASSWORD,
    );
    dynamoClient.destroy();
    const server = await startServer(environment);
    return {
      url: `http://127.0.0.1:${port}`,
      config,
      environment,
      stop: async () => {
        await stopChild(server);
        await Promise.all(storage.map((child) => child.stop()));
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(storage.map((child) => child.stop()));
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
};
