// ApplicationRepository and AttachmentRepository in memory, with the conditions of
// functions/adapters/dynamodb/{application,attachment}-repository.ts and transactions.ts: every change is
// conditional on the status, version and eventSeq that were read, appends its audit event (which must not
// exist yet) and an outbox entry, all in one transaction; a refused change is explained as NOT_FOUND,
// VERSION_CONFLICT or INVALID_TRANSITION from the stored application, as explainRefusedTransition does. A
// replacement takes its certificate's replacement lock when it is created (REPLACEMENT_IN_PROGRESS when another
// application holds it) and lets go of it in the transition that rejects or cancels it.
import {
  type Application,
  releasesReplacementLock,
  transitionRefusal,
} from '../../../functions/core/applications/application.ts';
import type { Attachment } from '../../../functions/core/applications/attachment.ts';
import type { AuditEvent } from '../../../functions/core/applications/audit-event.ts';
import { AppError } from '../../../functions/core/errors.ts';
import type {
  ApplicationQuery,
  ApplicationRepository,
  ApplicationTransition,
  AttachmentRepository,
} from '../../../functions/core/ports.ts';
import { outboxEntryOf } from '../../../functions/core/webhooks/webhook.ts';
import { type IndexEntry, readPage } from './memory-pages.ts';
import {
  copy,
  key,
  type MemoryTables,
  roundTrip,
  seqKey,
  TransactionCancelled,
  transact,
  type Write,
} from './memory-tables.ts';

export const applicationKey = (issuerId: string, id: string) => key(issuerId, id);
const eventKey = (issuerId: string, id: string, seq: number) => key(issuerId, id, seqKey(seq));
const attachmentKey = (issuerId: string, applicationId: string, id: string) =>
  key(issuerId, applicationId, id);

/** The audit event (only if its seq is free) and its outbox entry, pending fan-out. */
export const eventWrites = (tables: MemoryTables, application: Application, event: AuditEvent): Write[] => {
  const at = eventKey(application.issuerId, application.id, event.seq);
  return [
    { condition: () => !tables.events.has(at), apply: () => tables.events.set(at, copy(event)) },
    {
      apply: () => tables.outbox.set(at, { entry: outboxEntryOf(application, event), pending: true }),
    },
  ];
};

/** The application, conditional on what was read, then its event and outbox entry (items 0, 1, 2). */
export const transitionWrites = (tables: MemoryTables, { current, next, event }: ApplicationTransition) => {
  const at = applicationKey(current.issuerId, current.id);
  const write: Write = {
    condition: () => {
      const stored = tables.applications.get(at);
      return (
        stored?.status === current.status &&
        stored.version === current.version &&
        stored.eventSeq === current.eventSeq
      );
    },
    apply: () => tables.applications.set(at, copy(next)),
  };
  return [write, ...eventWrites(tables, next, event)];
};

export const replacementLockKey = (issuerId: string, serial: string) => key(issuerId, serial);

/**
 * The replacement lock taken for `application` (a replacement), only if no other application holds it
 * (transactions.ts takeReplacementLock: attribute_not_exists(PK) OR applicationId = :applicationId).
 */
export const takeReplacementLock = (tables: MemoryTables, application: Application): Write => {
  const serial = application.replaces?.serial ?? '';
  const at = replacementLockKey(application.issuerId, serial);
  return {
    condition: () => {
      const holder = tables.replacementLocks.get(at)?.applicationId;
      return holder === undefined || holder === application.id;
    },
    apply: () => tables.replacementLocks.set(at, { serial, applicationId: application.id }),
  };
};

/**
 * The write that lets go of the replacement lock when the transition ends a replacement (rejected, cancelled)
 * and the replacement holds it; none otherwise (transactions.ts replacementLockRelease).
 */
export const replacementLockRelease = (
  tables: MemoryTables,
  { current, next }: ApplicationTransition,
): Write[] => {
  if (!releasesReplacementLock(next) || releasesReplacementLock(current)) return [];
  const at = replacementLockKey(next.issuerId, next.replaces?.serial ?? '');
  if (tables.replacementLocks.get(at)?.applicationId !== next.id) return [];
  return [
    {
      condition: () => tables.replacementLocks.get(at)?.applicationId === next.id,
      apply: () => tables.replacementLocks.delete(at),
    },
  ];
};

/** The record of a document carried over to a new application, only if its id is free. */
const carriedOverAttachment = (
  tables: MemoryTables,
  application: Application,
  attachment: Attachment,
): Write => {
  const at = attachmentKey(application.issuerId, application.id, attachment.id);
  return {
    condition: () => !tables.attachments.has(at),
    apply: () => tables.attachments.set(at, copy(attachment)),
  };
};

/** Why a conditional change was refused, read from the stored application (transactions.ts). */
export const explainRefusedTransition = (
  tables: MemoryTables,
  current: Application,
  cause: unknown,
): AppError =>
  transitionRefusal(tables.applications.get(applicationKey(current.issuerId, current.id)), current, cause);

/** Runs a transaction whose item 0 is the application; a refusal is explained from the stored application. */
export const transactTransition = (tables: MemoryTables, current: Application, writes: Write[]): void => {
  try {
    transact(writes);
  } catch (error) {
    if (!(error instanceof TransactionCancelled)) throw error;
    throw explainRefusedTransition(tables, current, error);
  }
};

export const createMemoryApplicationRepository = (tables: MemoryTables): ApplicationRepository => {
  const ofIssuer = (issuerId: string) =>
    [...tables.applications.values()].filter((application) => application.issuerId === issuerId);

  return {
    create: async (application, event, attachments = []) => {
      await roundTrip();
      const at = applicationKey(application.issuerId, application.id);
      const lockWrites = application.replaces ? [takeReplacementLock(tables, application)] : [];
      try {
        transact([
          ...lockWrites,
          {
            condition: () => !tables.applications.has(at),
            apply: () => tables.applications.set(at, copy(application)),
          },
          ...eventWrites(tables, application, event),
          ...attachments.map((attachment) => carriedOverAttachment(tables, application, attachment)),
        ]);
      } catch (error) {
        if (!(error instanceof TransactionCancelled)) throw error;
        // the lock (item 0) is held by another application
        if (lockWrites.length > 0 && error.failed[0]) {
          throw new AppError(
            'REPLACEMENT_IN_PROGRESS',
            `A replacement of certificate ${application.replaces?.serial} is already open; finish or cancel it first.`,
            { cause: error },
          );
        }
        // the DynamoDB adapter lets any other cancelled create through guarded(): an unexpected storage failure
        throw new AppError('INTERNAL', 'Unexpected storage failure while creating an application.', {
          cause: error,
        });
      }
    },

    get: async (issuerId, id) => {
      await roundTrip();
      const application = tables.applications.get(applicationKey(issuerId, id));
      return application && copy(application);
    },

    transition: async (transition) => {
      await roundTrip();
      transactTransition(tables, transition.current, [
        ...transitionWrites(tables, transition),
        ...replacementLockRelease(tables, transition),
      ]);
    },

    events: async (issuerId, id) => {
      await roundTrip();
      const prefix = `${applicationKey(issuerId, id)}#`;
      return [...tables.events.entries()]
        .filter(([at]) => at.startsWith(prefix))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, event]) => copy(event));
    },

    list: async (query: ApplicationQuery) => {
      await roundTrip();
      const byOrg = query.orgId !== undefined;
      const entries: IndexEntry<Application>[] = ofIssuer(query.issuerId)
        .filter((application) =>
          byOrg ? application.orgId === query.orgId : application.status === (query.status ?? 'SUBMITTED'),
        )
        .map((application) => ({
          sortKey: byOrg
            ? `${application.createdAt}#${application.id}`
            : `${application.updatedAt}#${application.id}`,
          item: copy(application),
        }));
      return readPage(entries, {
        partition: byOrg ? `ORG#${query.orgId}#APPS` : `STATUS#${query.status ?? 'SUBMITTED'}`,
        limit: query.limit,
        cursor: query.cursor,
        ascending: !byOrg || query.oldestFirst === true,
        filter: (application) =>
          (!byOrg || !query.status || application.status === query.status) &&
          (!query.type || application.type === query.type),
      });
    },
  };
};

export const createMemoryAttachmentRepository = (tables: MemoryTables): AttachmentRepository => {
  const write = async (
    change: Parameters<AttachmentRepository['add']>[0],
    operation: 'add' | 'remove',
  ): Promise<void> => {
    await roundTrip();
    const at = attachmentKey(change.next.issuerId, change.next.id, change.attachment.id);
    const attachmentWrite: Write =
      operation === 'add'
        ? {
            condition: () => !tables.attachments.has(at),
            apply: () => tables.attachments.set(at, copy(change.attachment)),
          }
        : { condition: () => tables.attachments.has(at), apply: () => tables.attachments.delete(at) };
    transactTransition(tables, change.current, [...transitionWrites(tables, change), attachmentWrite]);
  };

  return {
    list: async (issuerId, applicationId) => {
      await roundTrip();
      const prefix = `${applicationKey(issuerId, applicationId)}#`;
      return (
        [...tables.attachments.entries()]
          .filter(([at]) => at.startsWith(prefix))
          // the query returns them by id (their sort key), then the adapter orders them by upload time
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([, attachment]) => copy(attachment))
          .sort((a, b) => a.uploadedAt.localeCompare(b.uploadedAt))
      );
    },

    get: async (issuerId, applicationId, attachmentId) => {
      await roundTrip();
      const attachment = tables.attachments.get(attachmentKey(issuerId, applicationId, attachmentId));
      return attachment && copy(attachment);
    },

    add: (change) => write(change, 'add'),
    remove: (change) => write(change, 'remove'),
  };
};
