// Webhooks reach public receivers only, checked at every delivery: a stored URL is checked again, the receiver's
// name is resolved then, every address in the answer is checked against the IANA special-purpose registries,
// and the request goes to the address that was checked (no second lookup, so no DNS rebinding). Nothing here
// leaves loopback: the resolver is injected, and refused deliveries never connect.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookRepository } from '../../functions/adapters/dynamodb/webhook-repository.ts';
import {
  checkedAddress,
  createPinnedWebhookSender,
  type ResolvedAddress,
} from '../../functions/adapters/http/pinned-webhook-sender.ts';
import { RefusedDestination } from '../../functions/core/webhooks/webhook-destination.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

interface Receiver {
  port: number;
  connections: number;
  hosts: string[];
  close(): Promise<void>;
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });

/** An HTTP receiver on 127.0.0.1 and, on the same port, ::1: it counts every connection, TLS or not. */
const startReceiver = async (): Promise<Receiver> => {
  for (let attempt = 0; ; attempt += 1) {
    const receiver = { connections: 0, hosts: [] as string[] };
    const servers = [0, 1].map(() => {
      const server = createServer((request, response) => {
        receiver.hosts.push(String(request.headers.host));
        request.resume();
        request.on('end', () => response.writeHead(204).end());
      });
      server.on('connection', () => {
        receiver.connections += 1;
      });
      return server;
    });
    const [v4, v6] = servers as [Server, Server];
    await listen(v4, 0, '127.0.0.1');
    const { port } = v4.address() as AddressInfo;
    try {
      await listen(v6, port, '::1');
    } catch (error) {
      v4.close();
      if (attempt < 5) continue;
      throw error;
    }
    const close = () =>
      Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))).then(
        () => undefined,
      );
    return Object.assign(receiver, { port, close });
  }
};

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const storeWebhook = async (stack: TestStack, url: string) => {
  const id = randomUUID();
  await createWebhookRepository(stack.db, stack.config.tableName).create({
    id,
    issuerId: stack.config.issuer.id,
    orgId: stack.orgA.id,
    url,
    secret: 'whsec_test',
    createdBy: 'test',
    createdAt: new Date().toISOString(),
  });
  return id;
};

const createApplicationOfA = async (stack: TestStack) => {
  const response = await stack.request('/api/applications', {
    token: await stack.login('exporterA'),
    json: { type: 'co', data: {} },
  });
  expect(response.status).toBe(201);
};

const deliveryLog = async (stack: TestStack) =>
  (await readJson(await stack.request('/api/webhooks/deliveries', { token: await stack.login('exporterA') })))
    .items as { webhookId: string; url: string; status: string; attempts: number; lastError?: string }[];

describe('webhook delivery in production', () => {
  it('re-checks stored URLs at every delivery and never connects to loopback forms', async () => {
    const stack = await createTestStack();
    const port = receiver.port;
    const stored = [
      `http://127.0.0.1:${port}/hook`,
      `https://127.0.0.1:${port}/hook`,
      `https://[::ffff:127.0.0.1]:${port}/hook`,
      `https://[::]:${port}/hook`,
      `https://[::1]:${port}/hook`,
      `https://localhost:${port}/hook`,
    ];
    for (const url of stored) await storeWebhook(stack, url);
    const before = receiver.connections;

    await createApplicationOfA(stack);
    const report = await stack.core.dispatchWebhooks();

    expect(report).toMatchObject({ fannedOut: stored.length, delivered: 0, failed: stored.length });
    expect(receiver.connections).toBe(before);
    const log = await deliveryLog(stack);
    expect(log).toHaveLength(stored.length);
    for (const delivery of log) {
      expect(delivery).toMatchObject({ status: 'FAILED', attempts: 1 });
      expect(delivery.lastError).toMatch(/^destination refused: /);
    }
  });

  it('resolves the receiver’s name at delivery and refuses every special-purpose answer', async () => {
    const answers: Record<string, string[]> = {
      'loopback.erp.example.com': ['127.0.0.1'],
      'mapped.erp.example.com': ['::ffff:127.0.0.1'],
      'unspecified.erp.example.com': ['::'],
      'ipv6-loopback.erp.example.com': ['::1'],
      'metadata.erp.example.com': ['169.254.169.254'],
      'nat64.erp.example.com': ['64:ff9b::7f00:1'],
      'cgnat.erp.example.com': ['100.64.0.1', '127.0.0.1'],
    };
    const reasons: Record<string, string> = {
      'loopback.erp.example.com': 'loopback',
      'mapped.erp.example.com': 'IPv4-mapped: 127.0.0.1 is loopback',
      'unspecified.erp.example.com': 'unspecified',
      'ipv6-loopback.erp.example.com': 'loopback',
      'metadata.erp.example.com': 'link local',
      'nat64.erp.example.com': 'NAT64: 127.0.0.1 is loopback',
      'cgnat.erp.example.com': 'shared address space (CGNAT)',
    };
    const asked: string[] = [];
    const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
      asked.push(hostname);
      return (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    const stack = await createTestStack(
      {},
      { webhookSender: createPinnedWebhookSender({ timeoutMs: 3000, allowInsecure: false, resolve }) },
    );
    const token = await stack.login('exporterA');
    for (const host of Object.keys(answers)) {
      const registered = await stack.request('/api/webhooks', {
        token,
        json: { url: `https://${host}:${receiver.port}/hook` },
      });
      expect(registered.status).toBe(201);
    }
    const before = receiver.connections;

    await createApplicationOfA(stack);
    const report = await stack.core.dispatchWebhooks();

    expect(report).toMatchObject({ delivered: 0, failed: Object.keys(answers).length });
    expect(receiver.connections).toBe(before);
    expect(asked.sort()).toEqual(Object.keys(answers).sort());
    for (const delivery of await deliveryLog(stack)) {
      const host = new URL(delivery.url).hostname;
      expect(delivery.status).toBe('FAILED');
      expect(delivery.lastError).toContain(`destination refused: ${host}: `);
      expect(delivery.lastError).toContain(reasons[host]);
    }
  });

  it('refuses an answer when any of its addresses is special-purpose, even after a public one', async () => {
    const resolve = async () => [
      { address: '8.8.8.8', family: 4 as const },
      { address: '::ffff:10.0.0.1', family: 6 as const },
    ];
    await expect(checkedAddress('erp.example.com', resolve, false)).rejects.toBeInstanceOf(
      RefusedDestination,
    );
    await expect(checkedAddress('erp.example.com', resolve, false)).rejects.toThrow('::ffff:a00:1');
  });
});

describe('webhook delivery to the address that was checked', () => {
  it('connects to the first answer and never asks DNS again (a rebinding answer is never used)', async () => {
    // The first answer is the receiver (127.0.0.1); every later answer is 127.0.0.2, where nothing listens:
    // a second lookup would make the delivery fail.
    let lookups = 0;
    const resolve = async (): Promise<ResolvedAddress[]> => {
      lookups += 1;
      return [{ address: lookups === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    };
    const stack = await createTestStack(
      { WEBHOOK_ALLOW_INSECURE: 'true' },
      { webhookSender: createPinnedWebhookSender({ timeoutMs: 3000, allowInsecure: true, resolve }) },
    );
    const registered = await stack.request('/api/webhooks', {
      token: await stack.login('exporterA'),
      json: { url: `http://erp.example.com:${receiver.port}/hooks/tradecert` },
    });
    expect(registered.status).toBe(201);
    receiver.hosts.length = 0;

    await createApplicationOfA(stack);
    expect(await stack.core.dispatchWebhooks()).toMatchObject({ delivered: 1, failed: 0, retrying: 0 });

    expect(lookups).toBe(1);
    expect(receiver.hosts).toEqual([`erp.example.com:${receiver.port}`]);
  });
});
