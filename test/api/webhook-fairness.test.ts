// One organisation's hanging receivers cannot hold up anyone else: deliveries run concurrently with a cap per
// organisation, taking organisations in turn, each with a deadline; and the recovery sweep runs in its own loop,
// so an interrupted issuance is completed on time however long deliveries hang. The loops are the local
// server's own (startBackgroundLoops); the receivers listen on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import {
  type AddressInfo,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPinnedWebhookSender } from '../../functions/adapters/http/pinned-webhook-sender.ts';
import { startBackgroundLoops } from '../../functions/api/background-work.ts';
import { AppError } from '../../functions/core/errors.ts';
import type { ObjectStore } from '../../functions/core/ports.ts';
import { DELIVERY_LIMITS } from '../../functions/core/webhooks/dispatch-webhooks.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

const DELIVERY_TIMEOUT_MS = 5000;
const RECOVERY_GRACE_MS = 3000;
const HANGING_RECEIVERS = 9;

/** Accepts connections and never answers. */
const hanging = {
  server: undefined as TcpServer | undefined,
  sockets: new Set<Socket>(),
  open: 0,
  maxOpen: 0,
};
let receiver: Server;
const arrivals: { at: number; body: string }[] = [];
let stack: TestStack;
let stopLoops: () => void;
let failNextPuts = 0;

const flakyObjects = (real: () => ObjectStore): ObjectStore => ({
  put: async (key, body, contentType) => {
    if (key.startsWith('certificates/') && failNextPuts > 0) {
      failNextPuts -= 1;
      throw new AppError('STORAGE_UNAVAILABLE', 'S3 is unavailable (injected fault).');
    }
    return real().put(key, body, contentType);
  },
  get: (key) => real().get(key),
  delete: (key) => real().delete(key),
});

const portOf = (server: { address(): AddressInfo | string | null }) => (server.address() as AddressInfo).port;

beforeAll(async () => {
  hanging.server = createTcpServer((socket) => {
    hanging.sockets.add(socket);
    hanging.open += 1;
    hanging.maxOpen = Math.max(hanging.maxOpen, hanging.open);
    socket.on('close', () => {
      hanging.sockets.delete(socket);
      hanging.open -= 1;
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => hanging.server?.listen(0, '127.0.0.1', resolve));
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      arrivals.push({ at: Date.now(), body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));

  let realStore: ObjectStore | undefined;
  const { createObjectStore, createS3Client } = await import('../../functions/adapters/s3/object-store.ts');
  stack = await createTestStack(
    { WEBHOOK_ALLOW_INSECURE: 'true' },
    {
      objects: flakyObjects(() => realStore as ObjectStore),
      webhookSender: createPinnedWebhookSender({ timeoutMs: DELIVERY_TIMEOUT_MS, allowInsecure: true }),
    },
  );
  realStore = createObjectStore(
    createS3Client({ region: stack.config.region, endpoint: stack.config.s3Endpoint }),
    stack.config.bucketName,
  );

  const exporterA = await stack.login('exporterA');
  const hangingPort = portOf(hanging.server as TcpServer);
  for (let i = 1; i <= HANGING_RECEIVERS; i += 1) {
    const response = await stack.request('/api/webhooks', {
      token: exporterA,
      json: { url: `http://127.0.0.1:${hangingPort}/receiver-${i}` },
    });
    expect(response.status).toBe(201);
  }
  const registered = await stack.request('/api/webhooks', {
    token: await stack.login('exporterB'),
    json: { url: `http://127.0.0.1:${portOf(receiver)}/hooks/tradecert` },
  });
  expect(registered.status).toBe(201);
  // three events of A: 27 deliveries due, all older than B's
  for (let i = 0; i < 3; i += 1) {
    await stack.request('/api/applications', { token: exporterA, json: { type: 'co', data: {} } });
  }
  stopLoops = startBackgroundLoops(stack.core, { recoveryGraceMs: RECOVERY_GRACE_MS });
  await vi.waitFor(() => expect(hanging.open).toBeGreaterThan(0), { timeout: 30_000, interval: 100 });
}, 120_000);

afterAll(async () => {
  stopLoops?.();
  for (const socket of hanging.sockets) socket.destroy();
  await new Promise((resolve) => hanging.server?.close(resolve));
  await new Promise((resolve) => receiver.close(resolve));
});

describe('webhook deliveries while one organisation’s receivers hang', () => {
  it('delivers another organisation’s event within 10 s, and holds at most the per-organisation cap', async () => {
    const exporterB = await stack.login('exporterB');
    const startedAt = Date.now();
    const created = await readJson(
      await stack.request('/api/applications', { token: exporterB, json: { type: 'co', data: {} } }),
    );

    await vi.waitFor(() => expect(arrivals).toHaveLength(1), { timeout: 30_000, interval: 100 });

    const elapsedMs = (arrivals[0]?.at ?? Number.POSITIVE_INFINITY) - startedAt;
    console.info(`organisation B's event delivered ${elapsedMs} ms after it happened`);
    expect(elapsedMs).toBeLessThan(10_000);
    expect(JSON.parse(arrivals[0]?.body ?? '{}').data.applicationId).toBe(created.id);
    expect(hanging.open).toBeGreaterThan(0);
    expect(hanging.maxOpen).toBeLessThanOrEqual(DELIVERY_LIMITS.perKey);
  });

  it('gives up on a hanging receiver at the deadline and schedules a retry', async () => {
    const exporterA = await stack.login('exporterA');
    await vi.waitFor(
      async () => {
        const log = await readJson(await stack.request('/api/webhooks/deliveries', { token: exporterA }));
        expect(log.items).toContainEqual(
          expect.objectContaining({
            status: 'PENDING',
            attempts: 1,
            lastError: `no response within ${DELIVERY_TIMEOUT_MS} ms`,
          }),
        );
      },
      { timeout: 30_000, interval: 500 },
    );
  });

  it('recovers an interrupted issuance within its grace period plus 10 s', async () => {
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    failNextPuts = 1;
    const staff = await stack.login('staff');
    const failed = await stack.request(`/api/applications/${id}/approve`, {
      token: staff,
      json: { version },
    });
    expect(failed.status).toBe(503);
    const interruptedAt = Date.now();

    await vi.waitFor(
      async () => {
        const stored = await readJson(await stack.request(`/api/applications/${id}`, { token: staff }));
        expect(stored.status).toBe('ISSUED');
      },
      { timeout: 60_000, interval: 200 },
    );

    const elapsedMs = Date.now() - interruptedAt;
    console.info(
      `interrupted issuance recovered ${elapsedMs} ms after the failure (grace ${RECOVERY_GRACE_MS} ms)`,
    );
    expect(elapsedMs).toBeLessThan(RECOVERY_GRACE_MS + 10_000);
    expect(hanging.open).toBeGreaterThan(0);
  });
});
