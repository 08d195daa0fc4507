// `npm start`: the embedded local default. DynamoDB Local and s3rver run as child processes with their data
// under .data/, the local TSA in this process (unless TSA_URL names one), the api, portal and verify apps are
// mounted on one port. No cloud account needed.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { createAccountRepository } from '../adapters/dynamodb/account-repository.ts';
import { createChamberRepository } from '../adapters/dynamodb/chamber-repository.ts';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client.ts';
import { ensureTable } from '../adapters/dynamodb/table.ts';
import { ensureSigningKey } from '../adapters/local/file-key-ring.ts';
import { ensureSealMaterial } from '../adapters/local/seal-material.ts';
import { logger } from '../adapters/log/json-logger.ts';
import { createSesMailer } from '../adapters/mail/ses-mailer.ts';
import { createSmtpMailer } from '../adapters/mail/smtp-mailer.ts';
import { createS3Client } from '../adapters/s3/object-store.ts';
import { DEFAULT_TSA_TIMEOUT_MS } from '../adapters/tsa/http-tsa.ts';
import { createApiApp } from '../api/app.ts';
import { startBackgroundLoops } from '../api/background-work.ts';
import { type Config, ConfigError, firstChamberOf, LOCAL_CRL_PATH, loadConfig } from '../config/config.ts';
import { type ApiDeps, buildApiDeps, systemClock } from '../config/deps.ts';
import { buildVerifyDeps } from '../config/verify-deps.ts';
import type { CoreDeps } from '../core/core.ts';
import { ensureChamber } from '../core/network/manage-chambers.ts';
import { pathWithoutChamber } from '../http/chamber-routing.ts';
import { notFound, onError } from '../http/problem.ts';
import { createPortalApp, portalDepsOf } from '../portal/app.tsx';
import { createVerifyApp, verifySiblingRoutes } from '../verify/app.tsx';
import { localCrlApp } from './crl-server.ts';
import { type MailCatcher, startMailCatcher } from './mail-catcher.ts';
import { DEMO2_CHAMBER_ID, seedDemoNetwork } from './seed.ts';
import {
  ensureBucket,
  LocalStackError,
  type StorageProcess,
  startDynamoDbLocal,
  startS3rver,
} from './storage-processes.ts';
import { type LocalTsa, startLocalTsa } from './tsa.ts';

// biome-ignore lint/suspicious/noExplicitAny: the two apps have different context types
type AnyHono = Hono<any, any, any>;

/** The apps on one Hono root, as API Gateway routes them in AWS (the portal first: its headers win). */
export const composeApps = (api: AnyHono, verify: AnyHono, portal?: AnyHono) => {
  // the chamber's path form /c/<id>/… is routed as on a chamber's own host (docs/network.md §3)
  const root = new Hono({ getPath: pathWithoutChamber });
  root.onError(onError);
  root.notFound(notFound);
  if (portal) root.route('/', portal);
  root.route('/', api);
  root.route('/', verify);
  return root;
};

/** Creates table, bucket, signing key and local seal material when absent. Safe to run on every start. */
export const prepareStorage = async (config: Config): Promise<void> => {
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const s3 = createS3Client({ region: config.region, endpoint: config.s3Endpoint });
  await ensureTable(dynamo, config.tableName);
  await ensureBucket(s3, config.bucketName);
  // the configured first chamber becomes a record, with its id unchanged (docs/network.md §1, "Migration")
  await ensureChamber(
    createChamberRepository(createDocumentClient(dynamo), config.tableName),
    firstChamberOf(config, new Date()),
  );
  await ensureSigningKey(config.keysDir, new Date());
  if (config.sealSource === 'local')
    await ensureSealMaterial(config.keysDir, config.issuer, new Date(), config.sealLocalCrlUrl);
  dynamo.destroy();
  s3.destroy();
};

export const buildLocalApp = async (config: Config, overrides: Partial<CoreDeps> = {}) => {
  // SMTP only here: the api Lambda sends through SES and carries no SMTP client (docs/mail.md)
  const mailer =
    config.mail.transport === 'smtp' && config.mail.smtpUrl
      ? createSmtpMailer(config.mail.smtpUrl)
      : config.mail.transport === 'ses'
        ? createSesMailer({ region: config.region, configurationSet: config.mail.sesConfigurationSet })
        : undefined;
  const [apiDeps, verifyDeps] = await Promise.all([
    buildApiDeps(config, overrides, mailer ? { mailer } : {}),
    buildVerifyDeps(config),
  ]);
  return {
    app: composeApps(
      createApiApp(apiDeps, { connInfo: getConnInfo, siblings: [verifySiblingRoutes] }),
      createVerifyApp(verifyDeps, { connInfo: getConnInfo, requestsPerMinute: config.verifyRateLimit }),
      createPortalApp(portalDepsOf(apiDeps), { connInfo: getConnInfo }),
    ),
    apiDeps,
  };
};

export interface RunningStack {
  url: string;
  /** The address and port the server listens on (HOST, 127.0.0.1 by default). */
  listening: { address: string; port: number };
  config: Config;
  /** The trust list's refresh, where TRUST_LIST_* is configured. */
  network: ApiDeps['network'];
  /** The local mail catcher, unless MAIL_* names a real way out (docs/mail.md). */
  mail: MailCatcher | undefined;
  /** The local TSA, unless TSA_URL names one or is none (docs/legal.md §2). */
  tsa: LocalTsa | undefined;
  stop(): Promise<void>;
}

/**
 * The local TSA, under the first chamber's keys (its certificate from the local CA there, made if need be), where
 * the PDFs are sealed (locally, through KMS or a CSC service) and TSA_URL is unset; undefined otherwise.
 */
export const startLocalTsaFor = (config: Config): Promise<LocalTsa | undefined> =>
  config.tsa === undefined && config.sealSource !== 'none'
    ? startLocalTsa({
        keysDir: config.keysDir,
        issuer: config.issuer,
        clock: systemClock,
        crlUrl: config.sealLocalCrlUrl,
      })
    : Promise.resolve(undefined);

export const startLocalStack = async (base: Config): Promise<RunningStack> => {
  const children: (StorageProcess | MailCatcher | LocalTsa)[] = [];
  const stopChildren = () => Promise.all(children.map((child) => child.stop()));
  try {
    await mkdir(base.dataDir, { recursive: true });
    const [dynamo, s3] = await Promise.all([
      startDynamoDbLocal(join(base.dataDir, 'dynamodb')),
      startS3rver(join(base.dataDir, 's3')),
    ]);
    children.push(dynamo, s3);
    // every mail is caught locally unless the environment names a mail server (MAIL_TRANSPORT, MAIL_SMTP_URL)
    const mail =
      base.mail.transport === 'none' ? await startMailCatcher(join(base.dataDir, 'mail')) : undefined;
    if (mail) children.push(mail);
    const config: Config = {
      ...base,
      dynamoEndpoint: dynamo.endpoint,
      s3Endpoint: s3.endpoint,
      ...(mail ? { mail: { ...base.mail, transport: 'smtp' as const, smtpUrl: mail.smtpUrl } } : {}),
    };
    await prepareStorage(config);
    // the seal is timestamped by the local TSA unless TSA_URL names a TSA or says none (docs/legal.md §2)
    const tsa = await startLocalTsaFor(config);
    if (tsa) {
      children.push(tsa);
      config.tsa = { url: tsa.url, timeoutMs: DEFAULT_TSA_TIMEOUT_MS };
    }
    const db = createDocumentClient(
      createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint }),
    );
    const seeded = await seedDemoNetwork(
      {
        accounts: createAccountRepository(db, config.tableName),
        chambers: createChamberRepository(db, config.tableName),
      },
      config.issuer.id,
      config.publicBaseUrl,
      config.demoPassword,
    );
    if (seeded.generatedPassword) {
      console.log(
        `\nDemo accounts created. Their password (shown only this once): ${seeded.generatedPassword}\n`,
      );
    }
    const { app, apiDeps } = await buildLocalApp(config);
    const cores = async () => (await apiDeps.chambers.all()).map(({ wiring }) => wiring.core);
    await Promise.all((await cores()).map((core) => core.refreshStatusList()));
    // the trust list at start as well as on the schedule; a failure keeps the last good one (docs/network.md §6)
    await apiDeps.network?.refresh({ force: true }).catch((error: unknown) => {
      logger.warn('trust list not refreshed at start', { error });
    });
    const stopBackground = startBackgroundLoops(cores, { network: apiDeps.network });
    // loopback unless HOST says otherwise: the demo accounts must not be reachable from the network by default
    // the local CA's CRL beside the apps, where the local seal certificate says it is (docs/legal.md §4)
    const crl = localCrlApp(config.keysDir);
    const server = serve({
      fetch: (request, env) =>
        new URL(request.url).pathname === LOCAL_CRL_PATH ? crl.fetch(request) : app.fetch(request, env),
      port: config.port,
      hostname: config.host,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    return {
      url: `http://localhost:${port}`,
      listening: { address: typeof address === 'object' && address ? address.address : config.host, port },
      config,
      network: apiDeps.network,
      mail,
      tsa,
      stop: async () => {
        stopBackground();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await stopChildren();
      },
    };
  } catch (error) {
    await stopChildren();
    throw error;
  }
};

const main = async () => {
  // Under Node 20 the AWS SDK prints a warning on every start that its releases after January 2027 will need
  // Node 22. The locked versions support Node 20 and Lambda runs Node 22, so the banner says it once instead.
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor < 22) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  logger.setLevel(config.logLevel);
  // Signals are handled from the first moment: a Ctrl-C while the children are still starting waits for them
  // and stops them, instead of leaving the stack half up (the leash in storage-processes.ts covers a SIGKILL).
  let stopRequested: string | undefined;
  let stopStack: (() => Promise<void>) | undefined;
  const shutdown = async (signal: string) => {
    if (stopRequested) return;
    stopRequested = signal;
    console.log(`\n${signal}: stopping…`);
    if (stopStack) {
      await stopStack();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  let stack: RunningStack;
  try {
    stack = await startLocalStack(config);
  } catch (error) {
    console.error(error instanceof LocalStackError ? error.message : error);
    process.exit(1);
  }
  stopStack = stack.stop;
  if (stopRequested) {
    await stack.stop();
    process.exit(0);
  }
  console.log(
    [
      `tradecert is running on ${stack.url}`,
      `  portal:        ${stack.url}/portal`,
      `  health:        ${stack.url}/healthz`,
      `  API:           ${stack.url}/api  (POST /api/auth/login)`,
      `  verification:  ${stack.config.publicBaseUrl}/v/{code}`,
      `  public keys:   ${stack.url}/.well-known/jwks.json`,
      `  chambers:      ${stack.config.issuer.id} at ${stack.url}/portal (also ${stack.config.issuer.id}.localhost)`,
      `                 ${DEMO2_CHAMBER_ID} at ${stack.url}/c/${DEMO2_CHAMBER_ID}/portal (also http://${DEMO2_CHAMBER_ID}.localhost:${stack.listening.port}/portal)`,
      `  demo users:    exporter@demo.test, staff@demo.test, staff2@demo.test, admin@demo.test`,
      `                 exporter@demo2.test, staff@demo2.test, staff2@demo2.test, admin@demo2.test (${DEMO2_CHAMBER_ID})`,
      `  operator:      operator@demo.test at ${stack.url}/c/platform/portal`,
      stack.tsa
        ? `  timestamps:    the local TSA at ${stack.tsa.url} (RFC 3161; TSA_URL names another, none turns it off)`
        : `  timestamps:    ${typeof stack.config.tsa === 'object' ? new URL(stack.config.tsa.url).origin : 'none (the seal is B-B)'}`,
      stack.mail
        ? `  mail:          every mail is caught: read them at ${stack.mail.webUrl} (SMTP ${stack.mail.smtpUrl})`
        : `  mail:          sent through ${stack.config.mail.transport} (MAIL_TRANSPORT)`,
      `  data:          ${config.dataDir}`,
      ...(nodeMajor < 22
        ? [`  node:          ${process.version} works locally; Node 22 is recommended (AWS Lambda runs 22)`]
        : []),
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
