// memoryCore(): the core wired to the in-memory adapters, as functions/config/deps.ts wires it to DynamoDB, S3
// and KMS, plus a fixed clock, deterministic ids and a fault injector around every port. The real templates and
// fonts are used (read once per process), so issuance renders real PDFs; the PAdES seal is off unless a SealKey
// is given. Also seeds what test-stack.ts seeds (two exporter organisations, two staff, an admin) and offers the
// usual ways to an application in a given status, through the core verbs themselves.
//
// A new port method: add it to the in-memory adapter of its port group (memory-*.ts), with the condition and
// error code its DynamoDB adapter has, and a scenario to test/api/memory-adapter-contract.test.ts; the fault
// injector wraps it without further ado.

import { fileURLToPath } from 'node:url';
import { createFileTemplateSource } from '../../../functions/adapters/local/file-template-source.ts';
import type { Actor, Issuer, Organisation, Role, User } from '../../../functions/core/accounts.ts';
import type { Application, CertificateType } from '../../../functions/core/applications/application.ts';
import type { Certificate } from '../../../functions/core/certificates/certificate.ts';
import { type CoreDeps, createCore } from '../../../functions/core/core.ts';
import type {
  KeyRing,
  Logger,
  RandomSource,
  SealKey,
  TemplateSource,
  WebhookSender,
} from '../../../functions/core/ports.ts';
import { sampleCertificateOfOrigin } from '../../fixtures/certificate-of-origin.ts';
import { sampleInvoicePdf } from '../../fixtures/documents.ts';
import { createFaults, type Faults } from './faults.ts';
import { createMemoryAccountRepository, createMemoryApiKeyRepository } from './memory-accounts.ts';
import {
  createMemoryApplicationRepository,
  createMemoryAttachmentRepository,
} from './memory-applications.ts';
import { createMemoryObjectStore, type MemoryObjectStore } from './memory-blobs.ts';
import { createMemoryCertificateRepository } from './memory-certificates.ts';
import { createMemoryChamberRepository } from './memory-chambers.ts';
import { deterministicRandom, type FixedClock, fixedClock } from './memory-clock.ts';
import { createMemoryIdempotencyStore } from './memory-idempotency.ts';
import { createMemoryKeyRing } from './memory-keys.ts';
import { createMemoryMailRepositories } from './memory-mail.ts';
import { createMemorySessionRepository } from './memory-sessions.ts';
import { createMemoryTables, type MemoryTables } from './memory-tables.ts';
import { createMemoryThrottleStore } from './memory-throttle.ts';
import { createMemoryWebhookRepository, createRecordingWebhookSender } from './memory-webhooks.ts';

export const TEST_ISSUER: Issuer = {
  id: 'demo-chamber',
  name: 'Demo Economic Chamber',
  nameLocal: 'Демо Стопанска комора',
  country: 'MK',
  city: 'Скопје / Skopje',
  timeZone: 'Europe/Skopje',
  serialPrefix: 'MK',
  publicBaseUrl: 'https://verify.chamber.test',
};

const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));
/** One template source per process: the templates and fonts are read from disk once, as in production. */
let sharedTemplates: TemplateSource | undefined;
const templates = () => {
  sharedTemplates ??= createFileTemplateSource(TEMPLATES_DIR, ['mk', 'en']);
  return sharedTemplates;
};

let invoice: Promise<Uint8Array> | undefined;
/** A small, whole invoice PDF (made once per process). */
export const invoicePdf = () => {
  invoice ??= sampleInvoicePdf();
  return invoice;
};

export interface MemoryCoreOptions {
  issuer?: Partial<Issuer>;
  /** Where the core's log lines go; by default they are kept in `world.logs`, not printed. */
  logger?: Logger;
  clock?: FixedClock;
  random?: RandomSource;
  /** Share another memory core's storage, clock and keys: two processes on one table and bucket. */
  sharing?: SharedStorage;
  keys?: KeyRing;
  seal?: SealKey;
  versionedBucket?: boolean;
  webhookSender?: WebhookSender;
  sessionTtlMs?: number;
  maxAttachmentBytes?: number;
  /** Replaces any dependency after the in-memory ones are wired (and wrapped for faults). */
  overrides?: Partial<CoreDeps>;
}

const organisation = (issuerId: string, id: string, name: string): Organisation => ({
  id,
  issuerId,
  name,
  address: { street: 'ул. Партизанска 15', postcode: '1000', city: 'Скопје', country: 'MK' },
  taxId: '4030990123456',
  createdAt: '2026-01-01T00:00:00.000Z',
});

const SEEDED = {
  exporterA: { role: 'exporter', org: 'orgA' },
  exporterA2: { role: 'exporter', org: 'orgA' },
  exporterB: { role: 'exporter', org: 'orgB' },
  staff: { role: 'staff' },
  staff2: { role: 'staff' },
  admin: { role: 'admin' },
} as const satisfies Record<string, { role: Role; org?: 'orgA' | 'orgB' }>;
export type SeededActor = keyof typeof SEEDED;

/** A stored password hash no password matches (seeded users do not log in; sessions tests make their own). */
export const NO_PASSWORD = 'none';

const seedAccounts = async (deps: CoreDeps, orgA: Organisation, orgB: Organisation) => {
  await deps.accounts.putOrganisation(orgA);
  await deps.accounts.putOrganisation(orgB);
  const actors = {} as Record<SeededActor, Actor>;
  for (const [name, seeded] of Object.entries(SEEDED)) {
    const { role } = seeded;
    const org = 'org' in seeded ? seeded.org : undefined;
    const orgId = org === 'orgA' ? orgA.id : org === 'orgB' ? orgB.id : undefined;
    const user: User = {
      id: `user-${name}`,
      issuerId: deps.issuer.id,
      email: `${name.toLowerCase()}@test.example`,
      name,
      role,
      ...(orgId ? { orgId } : {}),
      // the seeded exporters are their organisations' authorised signatories, as the demo exporter is
      // (docs/legal.md §8); test/unit/core/signatories.test.ts makes the people who are not
      ...(role === 'exporter'
        ? {
            signatory: {
              fullName: name,
              function: 'Managing director',
              grantedAt: '2026-01-01T00:00:00.000Z',
              grantedBy: 'seed',
            },
          }
        : {}),
      passwordHash: NO_PASSWORD,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    await deps.accounts.createUser(user);
    actors[name as SeededActor] = {
      userId: user.id,
      email: user.email,
      role,
      ...(orgId ? { orgId } : {}),
    };
  }
  return actors;
};

/** What two memory cores share when they stand for two processes of one deployment. */
export interface SharedStorage {
  issuer: Issuer;
  clock: FixedClock;
  tables: MemoryTables;
  objects: MemoryObjectStore;
  deps: Pick<CoreDeps, 'keys' | 'seal'>;
  actors: Record<SeededActor, Actor>;
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

/** A logger that keeps what the core says, so a test can read it and the run's output stays quiet. */
const recordingLogger = (lines: LogLine[]): Logger => {
  const at = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, ...(fields ? { fields } : {}) });
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
};

export type MemoryCore = Awaited<ReturnType<typeof memoryCore>>;

export const memoryCore = async (options: MemoryCoreOptions = {}) => {
  const shared: SharedStorage | undefined = options.sharing;
  const issuer: Issuer = shared?.issuer ?? { ...TEST_ISSUER, ...options.issuer };
  const clock = options.clock ?? shared?.clock ?? fixedClock();
  const random = options.random ?? deterministicRandom(shared ? `${shared.issuer.id}:second` : 'tradecert');
  const tables: MemoryTables = shared?.tables ?? createMemoryTables();
  const objects: MemoryObjectStore =
    shared?.objects ?? createMemoryObjectStore({ versioned: options.versionedBucket ?? false });
  const sender = createRecordingWebhookSender();
  const faults: Faults = createFaults();
  const keys = options.keys ?? shared?.deps.keys ?? (await createMemoryKeyRing(() => clock.now()));
  const seal = options.seal ?? shared?.deps.seal;
  const logs: LogLine[] = [];
  const deps: CoreDeps = {
    issuer,
    accounts: faults.wrap('accounts', createMemoryAccountRepository(tables)),
    sessions: faults.wrap('sessions', createMemorySessionRepository(tables)),
    apiKeys: faults.wrap('apiKeys', createMemoryApiKeyRepository(tables)),
    throttle: faults.wrap('throttle', createMemoryThrottleStore(tables, clock)),
    idempotency: faults.wrap('idempotency', createMemoryIdempotencyStore(tables)),
    applications: faults.wrap('applications', createMemoryApplicationRepository(tables)),
    attachments: faults.wrap('attachments', createMemoryAttachmentRepository(tables)),
    webhooks: faults.wrap('webhooks', createMemoryWebhookRepository(tables)),
    webhookSender: faults.wrap('webhookSender', options.webhookSender ?? sender),
    allowInsecureWebhooks: false,
    certificates: faults.wrap('certificates', createMemoryCertificateRepository(tables)),
    chambers: faults.wrap('chambers', createMemoryChamberRepository(tables)),
    deploymentBaseUrl: 'https://verify.chamber.test',
    objects: faults.wrap('objects', objects),
    keys: faults.wrap('keys', keys),
    templates: faults.wrap('templates', templates()),
    clock,
    random,
    // Retries in the core wait only to spread racing writers; in memory a turn of the event loop does that.
    sleep: () => new Promise((resolve) => setImmediate(resolve)),
    logger: options.logger ?? recordingLogger(logs),
    sessionTtlMs: options.sessionTtlMs ?? 12 * 3_600_000,
    maxAttachmentBytes: options.maxAttachmentBytes ?? 10 * 1024 * 1024,
    ...createMemoryMailRepositories(),
    mail: { from: 'no-reply@chamber.test', defaultLanguage: 'mk', digestHour: 7 },
    ...(seal ? { seal } : {}),
    ...options.overrides,
  };
  const core = createCore(deps);
  const orgA = organisation(issuer.id, 'org-a', 'Македонски Текстил ДООЕЛ');
  const orgB = organisation(issuer.id, 'org-b', 'Балкан Фудс ДООЕЛ');
  const actors: Record<SeededActor, Actor> = shared?.actors ?? (await seedAccounts(deps, orgA, orgB));

  /** A DRAFT of exporter A (or `actor`), through createApplication. */
  const draft = (
    data: unknown = sampleCertificateOfOrigin(1),
    actor: Actor = actors.exporterA,
    type: CertificateType = 'co',
  ): Promise<Application> => core.createApplication({ actor, type, data });

  const attachInvoice = async (applicationId: string, actor: Actor = actors.exporterA) =>
    core.addAttachment({
      actor,
      applicationId,
      kind: 'invoice',
      fileName: 'invoice.pdf',
      bytes: await invoicePdf(),
    });

  /** A SUBMITTED application (version 2) with an invoice. */
  const submitted = async (data: unknown = sampleCertificateOfOrigin(1), actor: Actor = actors.exporterA) => {
    const created = await draft(data, actor);
    await attachInvoice(created.id, actor);
    return core.submitApplication({ actor, applicationId: created.id, version: created.version });
  };

  /** An ISSUED certificate and its application, approved by staff. */
  const issued = async (
    data: unknown = sampleCertificateOfOrigin(1),
    approver: Actor = actors.staff,
  ): Promise<{ application: Application; certificate: Certificate }> => {
    const application = await submitted(data);
    const certificate = await core.approveApplication({
      actor: approver,
      applicationId: application.id,
      version: application.version,
    });
    const stored = await deps.applications.get(issuer.id, application.id);
    if (!stored) throw new Error('the issued application vanished');
    return { application: stored, certificate };
  };

  /** The stored application, read past the core's visibility rules. */
  const stored = async (applicationId: string): Promise<Application> => {
    const application = await deps.applications.get(issuer.id, applicationId);
    if (!application) throw new Error(`no application ${applicationId}`);
    return application;
  };

  return {
    core,
    deps,
    logs,
    issuer,
    clock,
    random,
    tables,
    objects,
    sender,
    faults,
    orgA,
    orgB,
    actors,
    draft,
    attachInvoice,
    submitted,
    issued,
    stored,
  };
};
