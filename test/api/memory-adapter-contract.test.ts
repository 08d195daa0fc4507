// Keeps the in-memory adapters (test/support/memory) honest: the same port-level scenarios run against the
// DynamoDB/S3 adapters on DynamoDB Local and s3rver and against the in-memory ones, with the same expectations —
// the conditional writes, all-or-nothing transactions, the serial counter, error codes, list order and cursors.
// When a port method is added, add its scenario here, so that the core unit tests keep testing what production does.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccountRepository } from '../../functions/adapters/dynamodb/account-repository.ts';
import { createApplicationRepository } from '../../functions/adapters/dynamodb/application-repository.ts';
import { createAttachmentRepository } from '../../functions/adapters/dynamodb/attachment-repository.ts';
import { createCertificateRepository } from '../../functions/adapters/dynamodb/certificate-repository.ts';
import { createDocumentClient, createDynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { createIdempotencyStore } from '../../functions/adapters/dynamodb/idempotency-store.ts';
import { createSessionRepository } from '../../functions/adapters/dynamodb/session-repository.ts';
import { ensureTable } from '../../functions/adapters/dynamodb/table.ts';
import { createThrottleStore } from '../../functions/adapters/dynamodb/throttle-store.ts';
import { createWebhookRepository } from '../../functions/adapters/dynamodb/webhook-repository.ts';
import { createObjectStore, createS3Client } from '../../functions/adapters/s3/object-store.ts';
import { loadConfig } from '../../functions/config/config.ts';
import type { Actor, User } from '../../functions/core/accounts.ts';
import type { Application, ApplicationAction } from '../../functions/core/applications/application.ts';
import type { Attachment } from '../../functions/core/applications/attachment.ts';
import { advance } from '../../functions/core/applications/audit-event.ts';
import { newDraft } from '../../functions/core/applications/manage-applications.ts';
import { asReplaced, type Certificate } from '../../functions/core/certificates/certificate.ts';
import { type ErrorCode, isAppError } from '../../functions/core/errors.ts';
import type {
  AccountRepository,
  ApplicationRepository,
  AttachmentRepository,
  CertificateRepository,
  IdempotencyStore,
  ObjectStore,
  SessionRepository,
  ThrottleStore,
  WebhookRepository,
} from '../../functions/core/ports.ts';
import { ensureBucket } from '../../functions/local/storage-processes.ts';
import { createMemoryAccountRepository } from '../support/memory/memory-accounts.ts';
import {
  createMemoryApplicationRepository,
  createMemoryAttachmentRepository,
} from '../support/memory/memory-applications.ts';
import { createMemoryObjectStore } from '../support/memory/memory-blobs.ts';
import { createMemoryCertificateRepository } from '../support/memory/memory-certificates.ts';
import { createMemoryIdempotencyStore } from '../support/memory/memory-idempotency.ts';
import { createMemorySessionRepository } from '../support/memory/memory-sessions.ts';
import { createMemoryTables } from '../support/memory/memory-tables.ts';
import { createMemoryThrottleStore } from '../support/memory/memory-throttle.ts';
import { createMemoryWebhookRepository } from '../support/memory/memory-webhooks.ts';
import { testEnvironment } from '../support/test-stack.ts';

interface Ports {
  accounts: AccountRepository;
  applications: ApplicationRepository;
  attachments: AttachmentRepository;
  certificates: CertificateRepository;
  sessions: SessionRepository;
  throttle: ThrottleStore;
  idempotency: IdempotencyStore;
  webhooks: WebhookRepository;
  objects: ObjectStore;
}

let dynamoPorts: () => Ports;

beforeAll(async () => {
  const config = loadConfig(await testEnvironment());
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const s3 = createS3Client({ region: config.region, endpoint: config.s3Endpoint });
  await ensureTable(dynamo, config.tableName);
  await ensureBucket(s3, config.bucketName);
  const db = createDocumentClient(dynamo);
  const ports: Ports = {
    accounts: createAccountRepository(db, config.tableName),
    applications: createApplicationRepository(db, config.tableName),
    attachments: createAttachmentRepository(db, config.tableName),
    certificates: createCertificateRepository(db, config.tableName),
    sessions: createSessionRepository(db, config.tableName),
    throttle: createThrottleStore(db, config.tableName),
    idempotency: createIdempotencyStore(db, config.tableName),
    webhooks: createWebhookRepository(db, config.tableName),
    objects: createObjectStore(s3, config.bucketName),
  };
  dynamoPorts = () => ports;
});

const memoryPorts = (): Ports => {
  const tables = createMemoryTables();
  // the DynamoDB throttle store reads the wall clock; so does this one, here
  return {
    accounts: createMemoryAccountRepository(tables),
    applications: createMemoryApplicationRepository(tables),
    attachments: createMemoryAttachmentRepository(tables),
    certificates: createMemoryCertificateRepository(tables),
    sessions: createMemorySessionRepository(tables),
    throttle: createMemoryThrottleStore(tables, { now: () => new Date() }),
    idempotency: createMemoryIdempotencyStore(tables),
    webhooks: createMemoryWebhookRepository(tables),
    objects: createMemoryObjectStore(),
  };
};

const codeOf = async (work: Promise<unknown>): Promise<ErrorCode | 'OK'> => {
  try {
    await work;
    return 'OK';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
};

const STAFF: Actor = { userId: 'staff', email: 'staff@x.test', role: 'staff' };
const EXPORTER: Actor = { userId: 'exporter', email: 'e@x.test', role: 'exporter', orgId: 'org' };

/** Each scenario runs in its own issuer, so that the DynamoDB table can be shared. */
const scenario = () => {
  const issuerId = `iss-${randomUUID().slice(0, 8)}`;
  let clock = Date.parse('2026-11-23T09:30:00.000Z');
  const at = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };
  const draft = (id: string = randomUUID(), orgId = 'org') =>
    newDraft({ id, issuerId, orgId, type: 'co', data: {}, actor: EXPORTER, at: at() });
  /** A replacement draft of `serial`, as replaceCertificate makes it. */
  const replacement = (serial: string, id: string = randomUUID()) =>
    newDraft({
      id,
      issuerId,
      orgId: 'org',
      type: 'co',
      data: {},
      actor: EXPORTER,
      at: at(),
      replaces: { serial, code: `CODE-${serial}` },
    });
  const step = (current: Application, action: ApplicationAction, to: Application['status']) =>
    advance(current, {
      action,
      to,
      actor: action === 'submit' || action === 'edit' || action === 'cancel' ? EXPORTER : STAFF,
      at: at(),
    });
  return { issuerId, at, draft, replacement, step };
};

const attachmentOf = (application: Application, id: string, uploadedAt: string): Attachment => ({
  id,
  applicationId: application.id,
  kind: 'invoice',
  fileName: 'i.pdf',
  contentType: 'application/pdf',
  size: 1,
  sha256: 'x',
  objectKey: `attachments/${application.issuerId}/${application.id}/${id}`,
  uploadedBy: 'exporter',
  uploadedAt,
});

const certificateFor = (application: Application, serial: string, code: string): Certificate =>
  ({
    code,
    serial,
    issuerId: application.issuerId,
    orgId: application.orgId,
    applicationId: application.id,
    type: 'co',
    status: 'ISSUING',
    issuedAt: application.updatedAt,
    keyId: 'kid',
    jws: 'jws',
    content: { serial } as unknown as Certificate['content'],
  }) as Certificate;

describe.each([
  ['DynamoDB', () => dynamoPorts()],
  ['in-memory', memoryPorts],
])('the %s adapters', (_name, portsOf) => {
  describe('applications', () => {
    it('transition conditionally, explaining a refusal as NOT_FOUND, VERSION_CONFLICT or INVALID_TRANSITION', async () => {
      const { applications } = portsOf();
      const { issuerId, draft, step } = scenario();
      const { application, event } = draft();
      await applications.create(application, event);
      expect(await codeOf(applications.create(application, event))).toBe('INTERNAL');

      const submit = step(application, 'submit', 'SUBMITTED');
      await applications.transition(submit);
      expect(await codeOf(applications.transition(submit))).toBe('VERSION_CONFLICT');
      // same version, other status: a step the stored status does not allow
      const stale = step({ ...submit.next, status: 'DRAFT' }, 'edit', 'DRAFT');
      expect(await codeOf(applications.transition(stale))).toBe('INVALID_TRANSITION');
      const missing = draft();
      expect(await codeOf(applications.transition(step(missing.application, 'submit', 'SUBMITTED')))).toBe(
        'NOT_FOUND',
      );

      expect(await applications.get(issuerId, application.id)).toEqual(submit.next);
      expect((await applications.events(issuerId, application.id)).map((e) => e.seq)).toEqual([1, 2]);
    });

    it('list by organisation newest first and by status oldest first, a page at a time', async () => {
      const { applications } = portsOf();
      const { issuerId, draft, step } = scenario();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { application, event } = draft(`app-${i}`);
        await applications.create(application, event);
        await applications.transition(step(application, 'submit', 'SUBMITTED'));
        ids.push(application.id);
      }
      const other = draft('app-other', 'org-2');
      await applications.create(other.application, other.event);

      const byOrg = await applications.list({ issuerId, orgId: 'org', limit: 10 });
      expect(byOrg.items.map((a) => a.id)).toEqual([...ids].reverse());
      expect(byOrg.cursor).toBeUndefined();
      const first = await applications.list({ issuerId, status: 'SUBMITTED', limit: 2 });
      expect(first.items.map((a) => a.id)).toEqual(ids.slice(0, 2));
      const second = await applications.list({
        issuerId,
        status: 'SUBMITTED',
        limit: 2,
        cursor: String(first.cursor),
      });
      expect(second.items.map((a) => a.id)).toEqual(ids.slice(2));
      expect(second.cursor).toBeUndefined();
      const filtered = await applications.list({ issuerId, orgId: 'org', status: 'DRAFT', limit: 2 });
      expect(filtered.items).toEqual([]);
      expect(filtered.cursor).toBeDefined();
      expect(
        await codeOf(applications.list({ issuerId, orgId: 'org-2', limit: 2, cursor: String(first.cursor) })),
      ).toBe('VALIDATION_FAILED');
    });

    it('record attachments in the same conditional transaction', async () => {
      const { applications, attachments } = portsOf();
      const { issuerId, draft, at } = scenario();
      const { application, event } = draft();
      await applications.create(application, event);
      const attachment = {
        id: 'att-1',
        applicationId: application.id,
        kind: 'invoice' as const,
        fileName: 'i.pdf',
        contentType: 'application/pdf' as const,
        size: 1,
        sha256: 'x',
        objectKey: 'k',
        uploadedBy: 'exporter',
        uploadedAt: at(),
      };
      const attach = advance(application, {
        action: 'attach',
        to: 'DRAFT',
        actor: EXPORTER,
        at: at(),
        bumpsVersion: false,
      });
      await attachments.add({ ...attach, attachment });
      expect(await codeOf(attachments.add({ ...attach, attachment }))).toBe('VERSION_CONFLICT');
      expect(await attachments.list(issuerId, application.id)).toEqual([attachment]);
      const detach = advance(attach.next, {
        action: 'detach',
        to: 'DRAFT',
        actor: EXPORTER,
        at: at(),
        bumpsVersion: false,
      });
      await attachments.remove({ ...detach, attachment });
      expect(await attachments.get(issuerId, application.id, attachment.id)).toBeUndefined();
      expect((await applications.get(issuerId, application.id))?.eventSeq).toBe(3);
    });
  });

  describe('certificates', () => {
    it('reserve a serial only on the counter value read, all or nothing, and commit only what is ISSUING', async () => {
      const { applications, certificates } = portsOf();
      const { issuerId, draft, step } = scenario();
      const series = { issuerId, type: 'co' as const, year: 2026 };
      const submittedOf = async (id: string) => {
        const { application, event } = draft(id);
        await applications.create(application, event);
        const submit = step(application, 'submit', 'SUBMITTED');
        await applications.transition(submit);
        return submit.next;
      };
      const one = await submittedOf('one');
      const two = await submittedOf('two');
      const reservation = (application: Application, counter: number, code: string) => {
        const approve = step(application, 'approve', 'ISSUING');
        const serial = `MK-CO-2026-${String(counter + 1).padStart(6, '0')}`;
        return {
          ...approve,
          next: { ...approve.next, certificate: { serial, code } },
          series,
          counter,
          certificate: certificateFor(approve.next, serial, code),
        };
      };

      expect(await certificates.currentSerialNumber(series)).toBe(0);
      const first = reservation(one, 0, 'CODEONE000000000');
      expect(await certificates.reserve(first)).toEqual({ reserved: true });
      expect(await certificates.reserve(reservation(two, 0, 'CODETWO000000000'))).toEqual({
        reserved: false,
        reason: 'SERIAL_TAKEN',
      });
      expect((await applications.get(issuerId, two.id))?.status).toBe('SUBMITTED');
      expect(await codeOf(certificates.reserve(reservation(one, 1, 'CODEONE000000001')))).toBe(
        'VERSION_CONFLICT',
      );
      expect(await certificates.reserve(reservation(two, 1, 'CODETWO000000000'))).toEqual({ reserved: true });
      expect(await certificates.currentSerialNumber(series)).toBe(2);

      const issue = step(first.next, 'issue', 'ISSUED');
      const issued = {
        ...first.certificate,
        status: 'ISSUED' as const,
        sha256: 'ab'.repeat(32),
        objectKey: 'k',
      };
      await certificates.commit({ ...issue, certificate: issued });
      expect(await codeOf(certificates.commit({ ...issue, certificate: issued }))).toBe('VERSION_CONFLICT');
      expect(await certificates.findBySerial(issuerId, first.certificate.serial)).toEqual(issued);
      expect(await certificates.findByPdfHash(issuerId, issued.sha256)).toEqual(issued);
      expect((await certificates.listByOrg(issuerId, 'org')).items.map((c) => c.serial)).toEqual([
        first.certificate.serial,
      ]);

      const revokedApplication = step(issue.next, 'edit', 'REVOKED');
      const revoked = { ...issued, status: 'REVOKED' as const };
      expect(
        await codeOf(
          certificates.changeStatus({
            ...revokedApplication,
            certificate: revoked,
            expectedStatus: 'REVOKED',
          }),
        ),
      ).toBe('VERSION_CONFLICT');
      await certificates.changeStatus({
        ...revokedApplication,
        certificate: revoked,
        expectedStatus: 'ISSUED',
      });
      expect(await certificates.listWithdrawn(issuerId)).toEqual([revoked]);
      expect(await certificates.findByPdfHash(issuerId, issued.sha256)).toEqual(revoked);
    });
  });

  describe('settled issuance parts', () => {
    it('keep the first bytes settled while ISSUING, answer them to a later writer, stay out of the certificate and go with the commit', async () => {
      const { applications, certificates } = portsOf();
      const { issuerId, draft, step } = scenario();
      const { application, event } = draft();
      await applications.create(application, event);
      const submit = step(application, 'submit', 'SUBMITTED');
      await applications.transition(submit);
      const approve = step(submit.next, 'approve', 'ISSUING');
      const serial = 'MK-CO-2026-000001';
      const code = 'CODESETTLE000000';
      const reserved = certificateFor(approve.next, serial, code);
      await certificates.reserve({
        ...approve,
        next: { ...approve.next, certificate: { serial, code } },
        series: { issuerId, type: 'co', year: 2026 },
        counter: 0,
        certificate: reserved,
      });
      const first = new Uint8Array([1, 2, 3]);

      expect(await certificates.settledIssuancePart(issuerId, code, 'seal')).toBeUndefined();
      expect(await certificates.settleIssuancePart(issuerId, code, 'seal', first)).toEqual(first);
      expect(await certificates.settleIssuancePart(issuerId, code, 'seal', new Uint8Array([9]))).toEqual(
        first,
      );
      expect(await certificates.settledIssuancePart(issuerId, code, 'seal')).toEqual(first);
      expect(await certificates.settleIssuancePart(issuerId, code, 'other', new Uint8Array([7]))).toEqual(
        new Uint8Array([7]),
      );
      expect(await certificates.findByCode(issuerId, code)).toEqual(reserved);

      const issue = step({ ...approve.next, certificate: { serial, code } }, 'issue', 'ISSUED');
      await certificates.commit({
        ...issue,
        certificate: { ...reserved, status: 'ISSUED', sha256: 'cd'.repeat(32), objectKey: 'k' },
      });
      expect(await certificates.settledIssuancePart(issuerId, code, 'seal')).toBeUndefined();
      expect(await codeOf(certificates.settleIssuancePart(issuerId, code, 'seal', first))).toBe(
        'INVALID_TRANSITION',
      );
      expect(await codeOf(certificates.settleIssuancePart(issuerId, 'NOSUCHCODE000000', 'seal', first))).toBe(
        'INVALID_TRANSITION',
      );
    });
  });

  describe('archive versions', () => {
    it('list due certificates by expiry, renew only from the version read, keep every version’s hash answering the current certificate', async () => {
      const { applications, certificates } = portsOf();
      const { issuerId, draft, step } = scenario();
      const issueOne = async (
        id: string,
        code: string,
        serial: string,
        counter: number,
        expiresAt: string,
      ) => {
        const { application, event } = draft(id);
        await applications.create(application, event);
        const submit = step(application, 'submit', 'SUBMITTED');
        await applications.transition(submit);
        const approve = step(submit.next, 'approve', 'ISSUING');
        const reserved = certificateFor(approve.next, serial, code);
        const next = { ...approve.next, certificate: { serial, code } };
        await certificates.reserve({
          ...approve,
          next,
          series: { issuerId, type: 'co', year: 2026 },
          counter,
          certificate: reserved,
        });
        const issue = step(next, 'issue', 'ISSUED');
        const issued: Certificate = {
          ...reserved,
          status: 'ISSUED',
          sha256: code.slice(0, 1).toLowerCase().repeat(64),
          objectKey: `certificates/${serial}.pdf`,
          archiveTimestampExpiresAt: expiresAt,
        };
        await certificates.commit({ ...issue, certificate: issued });
        return { issued, issueNext: issue.next };
      };
      const late = await issueOne(
        'late',
        'BARCHIVE00000000',
        'MK-CO-2026-000001',
        0,
        '2031-01-01T00:00:00.000Z',
      );
      const soon = await issueOne(
        'soon',
        'CARCHIVE00000000',
        'MK-CO-2026-000002',
        1,
        '2027-01-01T00:00:00.000Z',
      );

      expect((await certificates.listArchiveDue(issuerId, '2026-06-01T00:00:00.000Z', 10)).length).toBe(0);
      expect(
        (await certificates.listArchiveDue(issuerId, '2027-01-01T00:00:00.000Z', 10)).map((c) => c.code),
      ).toEqual([soon.issued.code]);
      expect(
        (await certificates.listArchiveDue(issuerId, '2032-01-01T00:00:00.000Z', 10)).map((c) => c.code),
      ).toEqual([soon.issued.code, late.issued.code]);

      const renewed: Certificate = {
        ...soon.issued,
        sha256: 'e'.repeat(64),
        objectKey: 'certificates/MK-CO-2026-000002.v2.pdf',
        archiveTimestampExpiresAt: '2030-01-01T00:00:00.000Z',
        archiveVersions: [
          {
            sha256: soon.issued.sha256 as string,
            objectKey: soon.issued.objectKey as string,
            renewedAt: '2026-12-01T00:00:00.000Z',
          },
        ],
      };
      expect(await certificates.renewArchive({ certificate: renewed, previous: soon.issued })).toBe(true);
      expect(await certificates.renewArchive({ certificate: renewed, previous: soon.issued })).toBe(false);
      expect(
        (await certificates.listArchiveDue(issuerId, '2029-01-01T00:00:00.000Z', 10)).map((c) => c.code),
      ).toEqual([]);
      expect(await certificates.findByPdfHash(issuerId, 'e'.repeat(64))).toEqual(renewed);
      expect(await certificates.findByPdfHash(issuerId, soon.issued.sha256 as string)).toEqual(renewed);

      // a status change read before the renewal does not write the old version back
      const revokedStep = step(soon.issueNext, 'edit', 'REVOKED');
      expect(
        await codeOf(
          certificates.changeStatus({
            ...revokedStep,
            certificate: { ...soon.issued, status: 'REVOKED' },
            expectedStatus: 'ISSUED',
          }),
        ),
      ).toBe('VERSION_CONFLICT');
      await certificates.changeStatus({
        ...revokedStep,
        certificate: { ...renewed, status: 'REVOKED' },
        expectedStatus: 'ISSUED',
      });
      expect((await certificates.findByPdfHash(issuerId, soon.issued.sha256 as string))?.status).toBe(
        'REVOKED',
      );
      expect((await certificates.findByPdfHash(issuerId, 'e'.repeat(64)))?.status).toBe('REVOKED');
    });
  });

  describe('the replacement lock', () => {
    it('is taken with the create of a replacement and its carried-over documents, refusing another (REPLACEMENT_IN_PROGRESS), and let go on cancel or reject only', async () => {
      const { applications, attachments } = portsOf();
      const { issuerId, at, replacement, step } = scenario();
      const serial = 'MK-CO-2026-000001';
      const one = replacement(serial, 'one');
      const carried = attachmentOf(one.application, 'doc-1', at());

      await applications.create(one.application, one.event, [carried]);
      expect(await attachments.list(issuerId, 'one')).toEqual([carried]);
      // the same create again passes the lock it holds, and is refused by the application that exists
      expect(await codeOf(applications.create(one.application, one.event))).toBe('INTERNAL');
      const two = replacement(serial, 'two');
      const refused = applications.create(two.application, two.event, [
        attachmentOf(two.application, 'doc-2', at()),
      ]);
      expect(await codeOf(refused)).toBe('REPLACEMENT_IN_PROGRESS');
      expect(await applications.get(issuerId, 'two')).toBeUndefined();
      expect(await applications.events(issuerId, 'two')).toEqual([]);
      expect(await attachments.list(issuerId, 'two')).toEqual([]);
      // another certificate's replacement has its own lock
      const other = replacement('MK-CO-2026-000009', 'other');
      await applications.create(other.application, other.event);

      // sent back for changes, still open: still held
      const submitted = step(one.application, 'submit', 'SUBMITTED');
      await applications.transition(submitted);
      const returned = step(submitted.next, 'request-changes', 'CHANGES_REQUESTED');
      await applications.transition(returned);
      expect(await codeOf(applications.create(two.application, two.event))).toBe('REPLACEMENT_IN_PROGRESS');
      // a cancel refused by its condition lets go of nothing
      const staleCancel = step({ ...returned.next, version: 1 }, 'cancel', 'CANCELLED');
      expect(await codeOf(applications.transition(staleCancel))).toBe('VERSION_CONFLICT');
      expect(await codeOf(applications.create(two.application, two.event))).toBe('REPLACEMENT_IN_PROGRESS');

      // cancelled: let go, so the next one takes it
      await applications.transition(step(returned.next, 'cancel', 'CANCELLED'));
      await applications.create(two.application, two.event);
      const three = replacement(serial, 'three');
      expect(await codeOf(applications.create(three.application, three.event))).toBe(
        'REPLACEMENT_IN_PROGRESS',
      );
      // rejected: let go
      const submittedTwo = step(two.application, 'submit', 'SUBMITTED');
      await applications.transition(submittedTwo);
      await applications.transition(step(submittedTwo.next, 'reject', 'REJECTED'));
      await applications.create(three.application, three.event);
      expect((await applications.get(issuerId, 'three'))?.replaces?.serial).toBe(serial);
    });

    it('is taken by the reservation of a replacement, which holds only if the replaced certificate is unchanged and unreplaced', async () => {
      const { applications, certificates } = portsOf();
      const { issuerId, draft, replacement, step } = scenario();
      const series = { issuerId, type: 'co' as const, year: 2026 };
      const counter = () => certificates.currentSerialNumber(series);
      const reservationOf = (application: Application, count: number, replaced?: Certificate) => {
        const approve = step(application, 'approve', 'ISSUING');
        const serial = `MK-CO-2026-${String(count + 1).padStart(6, '0')}`;
        const code = `CODE${application.id.toUpperCase().padEnd(12, '0')}`;
        return {
          ...approve,
          next: { ...approve.next, certificate: { serial, code } },
          series,
          counter: count,
          certificate: certificateFor(approve.next, serial, code),
          ...(replaced ? { replacing: { certificate: replaced } } : {}),
        };
      };
      const submitted = async (id: string, replaces?: Certificate) => {
        const { application, event } = draft(id);
        await applications.create(application, event);
        const submit = step(application, 'submit', 'SUBMITTED');
        // `replaces` written after the create: a replacement opened before locks existed, holding none
        const next = replaces
          ? { ...submit.next, replaces: { serial: replaces.serial, code: replaces.code } }
          : submit.next;
        await applications.transition({ ...submit, next });
        return next;
      };
      const issue = async (application: Application, count: number) => {
        const reserved = reservationOf(application, count);
        await certificates.reserve(reserved);
        const issuedStep = step(reserved.next, 'issue', 'ISSUED');
        const certificate = {
          ...reserved.certificate,
          status: 'ISSUED' as const,
          sha256: application.id.padEnd(64, '0'),
        };
        await certificates.commit({ ...issuedStep, certificate });
        return { application: issuedStep.next, certificate };
      };
      const revoke = async (
        issued: { application: Application; certificate: Certificate },
        reason: 'fraud' | 'issued-in-error',
      ) => {
        const revoked: Certificate = {
          ...issued.certificate,
          status: 'REVOKED',
          revocation: { at: issued.application.updatedAt, reason, by: 'staff' },
        };
        const change = step(issued.application, 'revoke', 'REVOKED');
        await certificates.changeStatus({ ...change, certificate: revoked, expectedStatus: 'ISSUED' });
        return { application: change.next, certificate: revoked };
      };

      const old = await issue(await submitted('old'), 0);
      const legacy = await submitted('legacy', old.certificate);
      const late = await submitted('late', old.certificate);
      const open = replacement(old.certificate.serial, 'open');
      await applications.create(open.application, open.event);

      // the open replacement holds the lock: a replacement from before locks is not reserved
      expect(await codeOf(certificates.reserve(reservationOf(legacy, 1, old.certificate)))).toBe(
        'REPLACEMENT_IN_PROGRESS',
      );
      expect((await applications.get(issuerId, 'legacy'))?.status).toBe('SUBMITTED');
      expect(await counter()).toBe(1);
      await applications.transition(step(open.application, 'cancel', 'CANCELLED'));

      // the certificate changed since it was read: VERSION_CONFLICT, nothing written
      const revoked = await revoke(old, 'issued-in-error');
      expect(await codeOf(certificates.reserve(reservationOf(legacy, 1, old.certificate)))).toBe(
        'VERSION_CONFLICT',
      );
      expect((await applications.get(issuerId, 'legacy'))?.status).toBe('SUBMITTED');
      expect(await counter()).toBe(1);

      // as it is now: reserved, and the lock is this replacement's
      const reserved = reservationOf(legacy, 1, revoked.certificate);
      expect(await certificates.reserve(reserved)).toEqual({ reserved: true });
      expect(await counter()).toBe(2);
      const another = replacement(old.certificate.serial, 'another');
      expect(await codeOf(applications.create(another.application, another.event))).toBe(
        'REPLACEMENT_IN_PROGRESS',
      );
      expect(await codeOf(certificates.reserve(reservationOf(late, 2, revoked.certificate)))).toBe(
        'REPLACEMENT_IN_PROGRESS',
      );

      // issued: the revoked certificate links forward, and only once
      const issuedStep = step(reserved.next, 'issue', 'ISSUED');
      const fresh = { ...reserved.certificate, status: 'ISSUED' as const, sha256: 'f'.repeat(64) };
      const linked = asReplaced(revoked.certificate, fresh, issuedStep.next.updatedAt);
      const supersede = step(revoked.application, 'supersede', 'REVOKED');
      await certificates.commit({
        ...issuedStep,
        certificate: fresh,
        supersede: { ...supersede, certificate: linked, expectedStatus: 'REVOKED' },
      });
      expect(await certificates.findBySerial(issuerId, old.certificate.serial)).toEqual(linked);
      const relink = step(supersede.next, 'supersede', 'REVOKED');
      const again = asReplaced(revoked.certificate, { serial: 'MK-CO-2026-000009', code: 'OTHER' }, 'now');
      expect(
        await codeOf(certificates.changeStatus({ ...relink, certificate: again, expectedStatus: 'REVOKED' })),
      ).toBe('VERSION_CONFLICT');
      expect(await certificates.findBySerial(issuerId, old.certificate.serial)).toEqual(linked);

      // a replacement of what was replaced meanwhile: ALREADY_REPLACED, no serial taken
      expect(await codeOf(certificates.reserve(reservationOf(late, 2, revoked.certificate)))).toBe(
        'ALREADY_REPLACED',
      );
      expect(await counter()).toBe(2);

      // revoked for fraud since it was read: REPLACEMENT_FORBIDDEN
      const other = await issue(await submitted('other'), 2);
      const forbidden = await submitted('forbidden', other.certificate);
      await revoke(other, 'fraud');
      expect(await codeOf(certificates.reserve(reservationOf(forbidden, 3, other.certificate)))).toBe(
        'REPLACEMENT_FORBIDDEN',
      );
      expect((await applications.get(issuerId, 'forbidden'))?.status).toBe('SUBMITTED');
      expect(await counter()).toBe(3);
    });
  });

  describe('accounts', () => {
    it('refuse a taken email as VALIDATION_FAILED and other refused writes as INTERNAL', async () => {
      const { accounts } = portsOf();
      const { issuerId } = scenario();
      const user: User = {
        id: 'u1',
        issuerId,
        email: 'ana@x.test',
        name: 'Ana',
        role: 'exporter',
        orgId: 'org',
        passwordHash: 'h',
        createdAt: '2026-01-01T00:00:00.000Z',
      };
      await accounts.createUser(user);
      expect(await codeOf(accounts.createUser({ ...user, id: 'u2' }))).toBe('VALIDATION_FAILED');
      expect(await codeOf(accounts.createUser({ ...user, email: 'other@x.test' }))).toBe('INTERNAL');
      expect(await codeOf(accounts.updateUser({ ...user, email: 'nobody@x.test' }))).toBe('INTERNAL');
      expect(await accounts.getUserById(issuerId, 'u1')).toEqual(user);
      expect(await accounts.findUserByEmail(issuerId, 'ANA@x.test')).toEqual(user);
      expect(await accounts.listUsers(issuerId, 'org')).toEqual([user]);
    });
  });

  describe('sessions, throttle, idempotency and objects', () => {
    it('keep sessions by token hash until deleted', async () => {
      const { sessions } = portsOf();
      const { issuerId } = scenario();
      const session = {
        tokenHash: 'hash',
        issuerId,
        actor: EXPORTER,
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: '2099-01-01T00:00:00.000Z',
      };
      await sessions.create(session);
      expect(await sessions.get(issuerId, 'hash')).toEqual(session);
      await sessions.delete(issuerId, 'hash');
      expect(await sessions.get(issuerId, 'hash')).toBeUndefined();
    });

    it('count attempts in a window and forget them on reset', async () => {
      const { throttle } = portsOf();
      const { issuerId } = scenario();
      expect(await throttle.peek(issuerId, 'k')).toBeUndefined();
      const first = await throttle.hit(issuerId, 'k', 60);
      expect(first.count).toBe(1);
      expect(await throttle.hit(issuerId, 'k', 60)).toEqual({ count: 2, resetAt: first.resetAt });
      expect(await throttle.peek(issuerId, 'k')).toEqual({ count: 2, resetAt: first.resetAt });
      await throttle.reset(issuerId, 'k');
      expect(await throttle.peek(issuerId, 'k')).toBeUndefined();
    });

    it('claim an idempotency key once, handing back the earlier record, unless it expired or its lease ended', async () => {
      const { idempotency } = portsOf();
      const { issuerId } = scenario();
      const now = new Date('2026-11-23T09:30:00.000Z');
      const record = {
        key: 'k',
        requestHash: 'r',
        state: 'IN_PROGRESS' as const,
        expiresAt: '2026-11-24T09:30:00.000Z',
        leaseExpiresAt: '2026-11-23T09:31:00.000Z',
      };
      expect(await idempotency.claim(issuerId, record, now)).toBeUndefined();
      expect(await idempotency.claim(issuerId, { ...record, requestHash: 'other' }, now)).toEqual(record);
      const later = new Date('2026-11-23T09:32:00.000Z');
      expect(await idempotency.claim(issuerId, { ...record, requestHash: 'retry' }, later)).toBeUndefined();
      const done = { ...record, requestHash: 'retry', state: 'DONE' as const, status: 201, body: '{}' };
      await idempotency.complete(issuerId, done);
      expect(await idempotency.claim(issuerId, record, later)).toEqual(done);
      expect(await idempotency.claim(issuerId, record, new Date('2026-11-24T09:31:00.000Z'))).toBeUndefined();
      await idempotency.release(issuerId, 'k');
      expect(await idempotency.claim(issuerId, record, now)).toBeUndefined();
    });

    it('store, read and delete objects; a missing one reads as undefined', async () => {
      const { objects } = portsOf();
      const key = `contract/${randomUUID()}`;
      expect(await objects.get(key)).toBeUndefined();
      expect((await objects.put(key, new Uint8Array([1, 2, 3]), 'application/pdf')).key).toBe(key);
      expect(await objects.get(key)).toEqual(new Uint8Array([1, 2, 3]));
      await objects.delete(key);
      await objects.delete(key);
      expect(await objects.get(key)).toBeUndefined();
    });
  });

  describe('webhooks', () => {
    it('fan an outbox entry out once and record a delivery attempt once', async () => {
      const { applications, webhooks } = portsOf();
      const { issuerId, draft, at } = scenario();
      const { application, event } = draft();
      await applications.create(application, event);
      const [entry] = await webhooks.pendingOutbox(issuerId, 10);
      expect(entry).toMatchObject({ applicationId: application.id, seq: 1, action: 'create', to: 'DRAFT' });
      if (!entry) throw new Error('no outbox entry');
      const delivery = {
        id: 'd1',
        issuerId,
        orgId: 'org',
        webhookId: 'w1',
        url: 'https://erp.example/hook',
        eventId: `${application.id}.1`,
        payload: '{}',
        status: 'PENDING' as const,
        attempts: 0,
        nextAttemptAt: at(),
        createdAt: at(),
      };
      await webhooks.fanOut(entry, [delivery]);
      await webhooks.fanOut(entry, [{ ...delivery, id: 'd2' }]);
      expect(await webhooks.pendingOutbox(issuerId, 10)).toEqual([]);
      expect(await webhooks.dueDeliveries(issuerId, '2099-01-01T00:00:00.000Z', 10)).toEqual([delivery]);
      const attempted = { ...delivery, attempts: 1, status: 'DELIVERED' as const };
      await webhooks.updateDelivery(attempted);
      await webhooks.updateDelivery({ ...attempted, lastError: 'late duplicate' });
      expect((await webhooks.deliveriesOfOrg(issuerId, 'org')).items).toEqual([attempted]);
      expect(await webhooks.dueDeliveries(issuerId, '2099-01-01T00:00:00.000Z', 10)).toEqual([]);
    });
  });
});
