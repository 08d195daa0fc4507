// The composition root of the api function: adapters wired into the core, created once per process.
import { randomBytes, randomUUID } from 'node:crypto';
import { createAccountRepository } from '../adapters/dynamodb/account-repository.ts';
import { createApiKeyRepository } from '../adapters/dynamodb/api-key-repository.ts';
import { createApplicationRepository } from '../adapters/dynamodb/application-repository.ts';
import { createAttachmentRepository } from '../adapters/dynamodb/attachment-repository.ts';
import { createCertificateRepository } from '../adapters/dynamodb/certificate-repository.ts';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client.ts';
import { createIdempotencyStore } from '../adapters/dynamodb/idempotency-store.ts';
import { createSessionRepository } from '../adapters/dynamodb/session-repository.ts';
import { tableProbe } from '../adapters/dynamodb/table.ts';
import { createThrottleStore } from '../adapters/dynamodb/throttle-store.ts';
import { createWebhookRepository } from '../adapters/dynamodb/webhook-repository.ts';
import { createHealthCheck } from '../adapters/health.ts';
import {
  createPinnedWebhookSender,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
} from '../adapters/http/pinned-webhook-sender.ts';
import { createKmsClient } from '../adapters/kms/kms-client.ts';
import { createKmsKeyRing } from '../adapters/kms/kms-key-ring.ts';
import { createKmsSealKey, readSealCertificateChain } from '../adapters/kms/kms-seal-key.ts';
import { createFileKeyRing } from '../adapters/local/file-key-ring.ts';
import { createFileTemplateSource } from '../adapters/local/file-template-source.ts';
import { loadLocalSealKey } from '../adapters/local/seal-key.ts';
import { logger } from '../adapters/log/json-logger.ts';
import { bucketProbe, createObjectStore, createS3Client } from '../adapters/s3/object-store.ts';
import type { Issuer } from '../core/accounts.ts';
import { type CoreDeps, createCore } from '../core/core.ts';
import type { Clock, KeyRing, RandomSource, SealKey, Sleep } from '../core/ports.ts';
import { createVerifier } from '../core/verifier.ts';
import type { Config } from './config.ts';
import { buildNetwork } from './network-deps.ts';

export const systemClock: Clock = { now: () => new Date() };

export const secureRandom: RandomSource = {
  id: () => randomUUID(),
  bytes: (length) => new Uint8Array(randomBytes(length)),
  fraction: () => Math.random(),
};

export const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const issuerOf = (config: Config): Issuer => ({
  ...config.issuer,
  publicBaseUrl: config.publicBaseUrl,
});

/** The signing keys: files under KEYS_DIR locally, KMS on AWS (KEY_SOURCE=kms). */
const createKeyRing = async (config: Config): Promise<KeyRing> =>
  config.keySource === 'kms'
    ? createKmsKeyRing(createKmsClient({ region: config.region }), config.kmsSigningKeyIds)
    : createFileKeyRing(config.keysDir);

/** The PAdES seal: key files under KEYS_DIR locally, a KMS key and the configured chain on AWS (SEAL_SOURCE). */
const createSealKey = async (config: Config): Promise<SealKey | undefined> => {
  if (config.sealSource === 'local') return loadLocalSealKey(config.keysDir);
  if (config.sealSource === 'none' || !config.sealKmsKeyId || !config.sealCertificateChain) return undefined;
  return createKmsSealKey(
    createKmsClient({ region: config.region }),
    config.sealKmsKeyId,
    await readSealCertificateChain(config.sealCertificateChain),
  );
};

const createClients = (config: Config) => {
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  return {
    dynamo,
    db: createDocumentClient(dynamo),
    s3: createS3Client({ region: config.region, endpoint: config.s3Endpoint }),
  };
};

const buildCoreDeps = async (
  config: Config,
  { db, s3 }: ReturnType<typeof createClients>,
  overrides: Partial<CoreDeps>,
): Promise<CoreDeps> => {
  const seal = await createSealKey(config);
  return {
    issuer: issuerOf(config),
    accounts: createAccountRepository(db, config.tableName),
    sessions: createSessionRepository(db, config.tableName),
    apiKeys: createApiKeyRepository(db, config.tableName),
    throttle: createThrottleStore(db, config.tableName),
    idempotency: createIdempotencyStore(db, config.tableName),
    applications: createApplicationRepository(db, config.tableName),
    attachments: createAttachmentRepository(db, config.tableName),
    webhooks: createWebhookRepository(db, config.tableName),
    webhookSender: createPinnedWebhookSender({
      timeoutMs: DEFAULT_WEBHOOK_TIMEOUT_MS,
      allowInsecure: config.allowInsecureWebhooks,
    }),
    allowInsecureWebhooks: config.allowInsecureWebhooks,
    certificates: createCertificateRepository(db, config.tableName),
    objects: createObjectStore(s3, config.bucketName),
    keys: await createKeyRing(config),
    templates: createFileTemplateSource(config.templatesDir, config.labelLanguages),
    clock: systemClock,
    random: secureRandom,
    sleep: timerSleep,
    logger,
    sessionTtlMs: config.sessionTtlMs,
    maxAttachmentBytes: config.maxAttachmentBytes,
    ...(seal ? { seal } : {}),
    ...overrides,
  };
};

/** Everything the api app needs: the core verbs, a verifier for the public routes, and a storage health probe. */
export const buildApiDeps = async (config: Config, overrides: Partial<CoreDeps> = {}) => {
  const clients = createClients(config);
  const deps = await buildCoreDeps(config, clients, overrides);
  const { dynamo, s3 } = clients;
  const network = await buildNetwork(config, clients.db);
  return {
    core: createCore(deps),
    verifier: createVerifier({ ...deps, ...(network ? { network: network.store } : {}) }),
    /** The trust list's refresh, where one is configured (docs/network.md §6). */
    network,
    health: createHealthCheck(
      { dynamodb: tableProbe(dynamo, config.tableName), s3: bucketProbe(s3, config.bucketName) },
      network ? { trustList: network.health } : {},
    ),
    secureCookies: config.publicBaseUrl.startsWith('https://'),
  };
};

export type ApiDeps = Awaited<ReturnType<typeof buildApiDeps>>;
