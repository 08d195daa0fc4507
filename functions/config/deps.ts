// The composition root of the api function: adapters wired into the core, created once per process.
import { randomBytes, randomUUID } from 'node:crypto';
import { cscClientSecretSource } from '../adapters/csc/client-secret.ts';
import { createCscClient } from '../adapters/csc/csc-client.ts';
import { createCscSealKey } from '../adapters/csc/csc-seal-key.ts';
import { createAccountRepository } from '../adapters/dynamodb/account-repository.ts';
import { createApiKeyRepository } from '../adapters/dynamodb/api-key-repository.ts';
import { createApplicationRepository } from '../adapters/dynamodb/application-repository.ts';
import { createAttachmentRepository } from '../adapters/dynamodb/attachment-repository.ts';
import { createCertificateRepository } from '../adapters/dynamodb/certificate-repository.ts';
import { createChamberRepository } from '../adapters/dynamodb/chamber-repository.ts';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client.ts';
import { createIdempotencyStore } from '../adapters/dynamodb/idempotency-store.ts';
import { createMailRepository, createPasswordResetRepository } from '../adapters/dynamodb/mail-repository.ts';
import { createSessionRepository } from '../adapters/dynamodb/session-repository.ts';
import { tableProbe } from '../adapters/dynamodb/table.ts';
import { createThrottleStore } from '../adapters/dynamodb/throttle-store.ts';
import { createWebhookRepository } from '../adapters/dynamodb/webhook-repository.ts';
import { createHealthCheck } from '../adapters/health.ts';
import { createHttpRevocationSource } from '../adapters/http/crl-source.ts';
import {
  createPinnedWebhookSender,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
} from '../adapters/http/pinned-webhook-sender.ts';
import { chamberKeyAlias } from '../adapters/kms/chamber-keys.ts';
import { createKmsClient } from '../adapters/kms/kms-client.ts';
import { createKmsKeyRing } from '../adapters/kms/kms-key-ring.ts';
import { createKmsSealKey, readSealCertificateChain } from '../adapters/kms/kms-seal-key.ts';
import { createFileKeyRing } from '../adapters/local/file-key-ring.ts';
import { createFileTemplateSource } from '../adapters/local/file-template-source.ts';
import { loadLocalSealKey } from '../adapters/local/seal-key.ts';
import { logger } from '../adapters/log/json-logger.ts';
import { bucketProbe, createObjectStore, createS3Client } from '../adapters/s3/object-store.ts';
import { createHttpTimestampAuthority } from '../adapters/tsa/http-tsa.ts';
import { tsaAuthorizationFromSecret } from '../adapters/tsa/tsa-authorization.ts';
import type { Issuer } from '../core/accounts.ts';
import { type Core, type CoreDeps, createCore } from '../core/core.ts';
import { isMailLanguage } from '../core/mail/mail.ts';
import { type Chamber, issuerOfChamber, PLATFORM_SCOPE, pathFormBaseUrl } from '../core/network/chamber.ts';
import { createChamberDirectory } from '../core/network/chamber-directory.ts';
import type {
  Clock,
  KeyRing,
  Mailer,
  RandomSource,
  SealKey,
  Sleep,
  TimestampAuthority,
} from '../core/ports.ts';
import { createVerifier, type Verifier } from '../core/verifier.ts';
import { type Config, firstChamberOf } from './config.ts';
import { chamberKeysDir, chamberSigningKeyDir, onceFor } from './key-locations.ts';
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

/** The chamber's signing keys: files locally (made on first use), its KMS keys on AWS (docs/network.md §4). */
const createKeyRing = async (config: Config, chamber: Chamber): Promise<KeyRing> => {
  if (config.keySource === 'kms') {
    return createKmsKeyRing(
      createKmsClient({ region: config.region }),
      chamber.kms?.signingKeyIds ?? [chamberKeyAlias(chamber.id, 'signing')],
    );
  }
  return createFileKeyRing(await chamberSigningKeyDir(config, chamber.id));
};

/** One CSC seal key per configuration and process: one token and one credentials/info for all its cores. */
const cscSealKeys = new Map<string, Promise<SealKey>>();
export const cscSealKeyOf = (settings: NonNullable<Config['csc']>, region: string): Promise<SealKey> => {
  const key = JSON.stringify(settings);
  let sealKey = cscSealKeys.get(key);
  if (!sealKey) {
    const { clientSecret, credentialId, ...service } = settings;
    sealKey = createCscSealKey(
      createCscClient({ ...service, clientSecret: cscClientSecretSource(clientSecret, region) }),
      credentialId,
      logger,
    );
    cscSealKeys.set(key, sealKey);
    sealKey.catch(() => cscSealKeys.delete(key));
  }
  return sealKey;
};

/**
 * The chamber's PAdES seal: key files locally (a local CA per chamber, made on first use); on AWS its KMS seal
 * key with the chain stored in its record, or none until a chain is there (SEAL_SOURCE); or the credential at a
 * trust service provider's CSC API, which seals for the first chamber only (docs/legal.md §6).
 */
const createSealKey = async (config: Config, chamber: Chamber): Promise<SealKey | undefined> => {
  if (config.sealSource === 'local') {
    const dir = chamberKeysDir(config, chamber.id);
    // by import(): @peculiar/x509 makes the local CA, which no function on AWS does (docs/architecture.md §12)
    const made = onceFor('seal', dir, async () => {
      const { ensureSealMaterial } = await import('../adapters/local/seal-material.ts');
      // the first chamber's CA publishes its CRL where the local stack serves it (functions/local/crl-server.ts)
      const crlUrl = chamber.id === config.issuer.id ? config.sealLocalCrlUrl : undefined;
      await ensureSealMaterial(dir, chamber, new Date(), crlUrl);
    });
    return loadLocalSealKey(await made);
  }
  if (config.sealSource === 'csc') {
    return config.csc && chamber.id === config.issuer.id
      ? cscSealKeyOf(config.csc, config.region)
      : undefined;
  }
  const chain = chamber.kms?.sealCertificateChain;
  if (config.sealSource === 'none' || !chain) return undefined;
  return createKmsSealKey(
    createKmsClient({ region: config.region }),
    chamber.kms?.sealKeyId ?? chamberKeyAlias(chamber.id, 'seal'),
    await readSealCertificateChain(chain),
  );
};

/** The seal's time-stamping authority (TSA_*): one for every chamber of the deployment, or none (B-B). */
const timestampDeps = (config: Config): { timestamps?: TimestampAuthority } => {
  if (typeof config.tsa !== 'object') return {};
  const { authorizationSecretArn, ...tsa } = config.tsa;
  return {
    timestamps: createHttpTimestampAuthority({
      ...tsa,
      ...(authorizationSecretArn
        ? { authorization: tsaAuthorizationFromSecret(authorizationSecretArn, config.region) }
        : {}),
      random: secureRandom,
    }),
  };
};

const createClients = (config: Config) => {
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  return {
    dynamo,
    db: createDocumentClient(dynamo),
    s3: createS3Client({ region: config.region, endpoint: config.s3Endpoint }),
  };
};

/** What every chamber's core shares: the stores, the clock, the senders. */
const sharedDeps = (
  config: Config,
  { db, s3 }: ReturnType<typeof createClients>,
  mailer: Mailer | undefined,
) => ({
  ...timestampDeps(config),
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
  // the CRLs of the B-LT validation data, from the certificates' distribution points (docs/legal.md §4)
  revocation: createHttpRevocationSource(),
  chambers: createChamberRepository(db, config.tableName),
  deploymentBaseUrl: config.publicBaseUrl,
  objects: createObjectStore(s3, config.bucketName),
  clock: systemClock,
  random: secureRandom,
  sleep: timerSleep,
  logger,
  sessionTtlMs: config.sessionTtlMs,
  maxAttachmentBytes: config.maxAttachmentBytes,
  mails: createMailRepository(db, config.tableName),
  passwordResets: createPasswordResetRepository(db, config.tableName),
  mailer,
});

/** One chamber's core: the shared stores with its issuer, keys, seal and caption languages. */
const chamberCoreDeps = async (
  config: Config,
  shared: ReturnType<typeof sharedDeps>,
  chamber: Chamber,
  overrides: Partial<CoreDeps>,
): Promise<CoreDeps> => {
  const [keys, seal] = await Promise.all([createKeyRing(config, chamber), createSealKey(config, chamber)]);
  return {
    ...shared,
    issuer: issuerOfChamber(chamber),
    keys,
    templates: createFileTemplateSource(config.templatesDir, chamber.labelLanguages),
    // mail from the chamber, in its first label language unless the reader chose one (docs/mail.md)
    mail: {
      from: config.mail.from,
      replyTo: chamber.contact.email,
      defaultLanguage: isMailLanguage(chamber.labelLanguages[0]) ? chamber.labelLanguages[0] : 'en',
      digestHour: config.mail.digestHour,
    },
    ...(seal ? { seal } : {}),
    ...overrides,
  };
};

/**
 * The platform operator's scope (docs/network.md §2): its accounts and sessions live under `platform`; it signs
 * nothing, so it borrows the first chamber's keys only to satisfy the core's shape.
 */
const platformChamber = (config: Config): Chamber => ({
  ...firstChamberOf(config),
  id: PLATFORM_SCOPE,
  name: 'Network operations',
  nameLocal: 'Network operations',
  serialPrefix: 'NET',
  publicBaseUrl: pathFormBaseUrl(config.publicBaseUrl, PLATFORM_SCOPE),
  labelLanguages: ['en'],
});

export interface ChamberWiring {
  core: Core;
  verifier: Verifier;
}

/**
 * Everything the api and portal apps need: a core and a verifier per chamber served here (docs/network.md §3),
 * the operator's core, and a storage health probe. `core` and `verifier` are the first chamber's.
 */
export const buildApiDeps = async (
  config: Config,
  overrides: Partial<CoreDeps> = {},
  /** How mail leaves, from the composition root: SMTP locally, SES in the api Lambda, none in the portal's. */
  options: { mailer?: Mailer } = {},
) => {
  const clients = createClients(config);
  const shared = sharedDeps(config, clients, options.mailer);
  const wire = async (chamber: Chamber): Promise<ChamberWiring> => {
    const deps = await chamberCoreDeps(config, shared, chamber, overrides);
    return { core: createCore(deps), verifier: createVerifier(deps) };
  };
  const chambers = createChamberDirectory({
    chambers: shared.chambers,
    clock: systemClock,
    defaultChamber: firstChamberOf(config),
    hosted: config.hostedChambers,
    build: wire,
  });
  // no storage read at start: the first chamber as configured (its record is read at the first request)
  const firstChamber = firstChamberOf(config);
  const first = { chamber: firstChamber, wiring: await chambers.preset(firstChamber) };
  const firstDeps = await chamberCoreDeps(config, shared, first.chamber, overrides);
  const { dynamo, s3 } = clients;
  const network = await buildNetwork(config, clients.db, async () =>
    (await chambers.all()).map(({ chamber }) => chamber.id),
  );
  return {
    core: first.wiring.core,
    verifier: first.wiring.verifier,
    chambers,
    platform: createCore({ ...firstDeps, issuer: issuerOfChamber(platformChamber(config)) }),
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
