// The local stack for the benchmarks: DynamoDB Local keeping its data on disk (as `npm start` does), s3rver,
// the table, bucket, signing key, three chambers with their demo accounts (the first, the Albanian demo chamber
// of `npm start` and a third; docs/network.md §1), and the server in a child process on 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccountRepository } from '../../functions/adapters/dynamodb/account-repository.ts';
import { createChamberRepository } from '../../functions/adapters/dynamodb/chamber-repository.ts';
import { createDocumentClient, createDynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { type Config, loadConfig } from '../../functions/config/config.ts';
import { type Chamber, pathFormBaseUrl } from '../../functions/core/network/chamber.ts';
import { ensureChamber } from '../../functions/core/network/manage-chambers.ts';
import {
  DEMO2_CHAMBER_ID,
  demo2Chamber,
  seedDemoAccounts,
  seedDemoNetwork,
} from '../../functions/local/seed.ts';
import { prepareStorage } from '../../functions/local/server.ts';
import {
  freePort,
  type StorageProcess,
  startDynamoDbLocal,
  startS3rver,
  stopChild,
} from '../../functions/local/storage-processes.ts';

export const BENCH_PASSWORD = 'bench-password-not-secret';

/** A chamber the bench server hosts, reached on the path form `/c/<id>`, and its demo exporter and staff. */
export interface BenchChamber {
  id: string;
  /** `/c/<id>`: requests are spread over the chambers by path (docs/network.md §3). */
  base: string;
  exporter: string;
  staff: string;
}

export interface BenchStack {
  url: string;
  config: Config;
  environment: Record<string, string>;
  /** The three chambers active during the run, the first chamber first. */
  chambers: BenchChamber[];
  stop(): Promise<void>;
}

/** The third chamber: the Albanian demo chamber's settings under another id and serial prefix. */
const THIRD_CHAMBER_ID = 'bench-third';

const thirdChamber = (deploymentBaseUrl: string, now: string): Chamber => ({
  ...demo2Chamber(deploymentBaseUrl, now),
  id: THIRD_CHAMBER_ID,
  name: 'Third Bench Chamber',
  nameLocal: 'Dhoma e tretë',
  serialPrefix: 'TB',
  publicBaseUrl: pathFormBaseUrl(deploymentBaseUrl, THIRD_CHAMBER_ID),
});

/** Seeds the three chambers and their people (all with BENCH_PASSWORD); answers how to reach each. */
const seedChambers = async (config: Config): Promise<BenchChamber[]> => {
  const dynamoClient = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const db = createDocumentClient(dynamoClient);
  const accounts = createAccountRepository(db, config.tableName);
  const chambers = createChamberRepository(db, config.tableName);
  await seedDemoNetwork({ accounts, chambers }, config.issuer.id, config.publicBaseUrl, BENCH_PASSWORD);
  await ensureChamber(chambers, thirdChamber(config.publicBaseUrl, new Date().toISOString()));
  // the first chamber's demo people, in the third chamber's own scope
  await seedDemoAccounts(accounts, THIRD_CHAMBER_ID, BENCH_PASSWORD);
  dynamoClient.destroy();
  const chamber = (id: string, domain: string): BenchChamber => ({
    id,
    base: `/c/${id}`,
    exporter: `exporter@${domain}`,
    staff: `staff@${domain}`,
  });
  return [
    chamber(config.issuer.id, 'demo.test'),
    chamber(DEMO2_CHAMBER_ID, 'demo2.test'),
    chamber(THIRD_CHAMBER_ID, 'demo.test'),
  ];
};

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
    const chambers = await seedChambers(config);
    const server = await startServer(environment);
    return {
      url: `http://127.0.0.1:${port}`,
      config,
      environment,
      chambers,
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
