// `npm start` listens on loopback only, unless HOST says otherwise: its demo accounts and their printed password
// are not reachable from the network by default.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config/config.ts';
import { startLocalStack } from '../../functions/local/server.ts';
import { freePort } from '../../functions/local/storage-processes.ts';

const startedWith = async (extra: Record<string, string>) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tradecert-listen-'));
  const stack = await startLocalStack(
    loadConfig({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      DEMO_PASSWORD: 'listen-test-pw',
      ...extra,
    }),
  );
  return {
    stack,
    stop: async () => {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

describe('the local server’s listen address', { timeout: 180_000 }, () => {
  it('is 127.0.0.1 when HOST is not set, and answers there', async () => {
    const { stack, stop } = await startedWith({});
    try {
      expect(stack.listening.address).toBe('127.0.0.1');
      const health = await fetch(`http://127.0.0.1:${stack.listening.port}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await stop();
    }
  });

  it('is the address HOST names', async () => {
    const { stack, stop } = await startedWith({ HOST: '::1' });
    try {
      expect(stack.listening.address).toBe('::1');
      expect((await fetch(`http://[::1]:${stack.listening.port}/healthz`)).status).toBe(200);
    } finally {
      await stop();
    }
  });
});

/** The local addresses that listen on `port`, read from the kernel's socket tables (Linux). */
const listeningAddresses = async (port: number): Promise<string[]> => {
  const { readFile } = await import('node:fs/promises');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A: LISTEN
      const [address, hexPort] = local.split(':');
      if (address && Number.parseInt(hexPort ?? '', 16) === port) found.push(address);
    }
  }
  return found;
};

// 127.0.0.1 as /proc/net/tcp spells it (little-endian), and as an IPv4-mapped or plain loopback in tcp6
const LOOPBACK = new Set([
  '0100007F',
  '0000000000000000FFFF00000100007F',
  '00000000000000000000000001000000',
]);

describe('the storage services behind the local server', { timeout: 180_000 }, () => {
  it('listen on loopback only: DynamoDB Local (whose own main binds every interface) and s3rver', async () => {
    const { startDynamoDbLocal, startS3rver } = await import('../../functions/local/storage-processes.ts');
    const s3Dir = await mkdtemp(join(tmpdir(), 'tradecert-listen-s3-'));
    const [dynamo, s3] = await Promise.all([startDynamoDbLocal(undefined), startS3rver(s3Dir)]);
    try {
      for (const endpoint of [dynamo.endpoint, s3.endpoint]) {
        const addresses = await listeningAddresses(Number(new URL(endpoint).port));
        expect(addresses.length, endpoint).toBeGreaterThan(0);
        expect(
          addresses.filter((address) => !LOOPBACK.has(address)),
          endpoint,
        ).toEqual([]);
      }
    } finally {
      await Promise.all([dynamo.stop(), s3.stop()]);
      await rm(s3Dir, { recursive: true, force: true });
    }
  });
});
