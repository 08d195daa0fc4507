// DynamoDB Local and s3rver never outlive the process that started them, however it ends: a test runner that
// times out, a SIGKILL, a crash. Each runs on a leash (functions/local/leash.mjs) that ends it when its parent is gone.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processesMentioning, waitFor } from '../support/processes.ts';

const started: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const child of started) child.kill('SIGKILL');
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const startStorage = async (dir: string): Promise<ChildProcess> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/storage-child.ts', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await waitFor(() => output.includes('ready') || child.exitCode !== null, 120_000);
  if (child.exitCode !== null) throw new Error(`storage child exited early:\n${output}`);
  return child;
};

describe('the local storage processes', () => {
  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`end when the process that started them gets ${signal}`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'tradecert-leash-'));
      dirs.push(dir);
      const parent = await startStorage(dir);
      expect(processesMentioning(dir).length).toBeGreaterThanOrEqual(2);

      parent.kill(signal);

      await waitFor(() => processesMentioning(dir).length === 0, 60_000);
      expect(processesMentioning(dir)).toEqual([]);
    });
  }
});
