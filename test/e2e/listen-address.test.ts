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
