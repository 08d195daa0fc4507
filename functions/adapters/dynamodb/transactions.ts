// Writing an application transition inside a transaction, and reading why a transaction was cancelled.
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Application,
  releasesReplacementLock,
  transitionRefusal,
} from '../../core/applications/application.ts';
import type { AuditEvent } from '../../core/applications/audit-event.ts';
import type { AppError } from '../../core/errors.ts';
import { notifiesByMail } from '../../core/mail/mail.ts';
import type { ApplicationTransition } from '../../core/ports.ts';
import { outboxEntryOf } from '../../core/webhooks/webhook.ts';
import { fromItem, GSI_BY_ORG, GSI_BY_STATUS, keys } from './table.ts';

type TransactItem = NonNullable<
  ConstructorParameters<typeof import('@aws-sdk/lib-dynamodb').TransactWriteCommand>[0]['TransactItems']
>[number];

export const applicationItem = (application: Application) => ({
  ...keys.application(application.issuerId, application.id),
  entity: 'Application',
  [`${GSI_BY_ORG}PK`]: keys.applicationsOfOrg(application.issuerId, application.orgId),
  [`${GSI_BY_ORG}SK`]: `${application.createdAt}#${application.id}`,
  [`${GSI_BY_STATUS}PK`]: keys.applicationsInStatus(application.issuerId, application.status),
  [`${GSI_BY_STATUS}SK`]: `${application.updatedAt}#${application.id}`,
  ...application,
});

/**
 * The audit event and its outbox entry, which the webhook dispatcher picks up (a sparse index of pending entries),
 * and for a change that mails the exporter its mail outbox entry, which the mail dispatcher picks up (docs/mail.md).
 */
export const eventWrites = (
  tableName: string,
  application: Application,
  event: AuditEvent,
): TransactItem[] => [
  {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.applicationEvent(application.issuerId, application.id, event.seq),
        entity: 'AuditEvent',
        ...event,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
  {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.outbox(application.issuerId, application.id, event.seq),
        entity: 'Outbox',
        [`${GSI_BY_STATUS}PK`]: keys.pendingOutbox(application.issuerId),
        [`${GSI_BY_STATUS}SK`]: `${event.at}#${application.id}#${event.seq}`,
        ...outboxEntryOf(application, event),
      },
    },
  },
  ...(notifiesByMail(event.action)
    ? [
        {
          Put: {
            TableName: tableName,
            Item: {
              ...keys.mailOutbox(application.issuerId, application.id, event.seq),
              entity: 'MailOutbox',
              [`${GSI_BY_STATUS}PK`]: keys.pendingMailOutbox(application.issuerId),
              [`${GSI_BY_STATUS}SK`]: `${event.at}#${application.id}#${event.seq}`,
              ...outboxEntryOf(application, event),
              ...(event.comment ? { comment: event.comment } : {}),
            },
          },
        },
      ]
    : []),
];

/** The replacement lock taken for `application` (a replacement), only if no other application holds it. */
export const takeReplacementLock = (tableName: string, application: Application): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: {
      ...keys.replacementLock(application.issuerId, application.replaces?.serial ?? ''),
      entity: 'ReplacementLock',
      serial: application.replaces?.serial,
      applicationId: application.id,
    },
    ConditionExpression: 'attribute_not_exists(PK) OR applicationId = :applicationId',
    ExpressionAttributeValues: { ':applicationId': application.id },
  },
});

/**
 * The write that lets go of the replacement lock when `transition` ends a replacement (rejected, cancelled) and
 * the replacement holds it; none otherwise (a replacement opened before locks, or whose lock another replacement
 * took, holds none). Only its holder moves a lock, so what is read here still holds when the transaction runs.
 */
export const replacementLockRelease = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  { current, next }: ApplicationTransition,
): Promise<TransactItem[]> => {
  if (!releasesReplacementLock(next) || releasesReplacementLock(current)) return [];
  const key = keys.replacementLock(next.issuerId, next.replaces?.serial ?? '');
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  if (Item?.applicationId !== next.id) return [];
  return [
    {
      Delete: {
        TableName: tableName,
        Key: key,
        ConditionExpression: 'applicationId = :applicationId',
        ExpressionAttributeValues: { ':applicationId': next.id },
      },
    },
  ];
};

/** Every change of an application: the application, conditional on what was read, its audit event and outbox entry. */
export const transitionWrites = (
  tableName: string,
  { current, next, event }: ApplicationTransition,
): TransactItem[] => [
  {
    Put: {
      TableName: tableName,
      Item: applicationItem(next),
      ConditionExpression: '#status = :status AND #version = :version AND #eventSeq = :eventSeq',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version', '#eventSeq': 'eventSeq' },
      ExpressionAttributeValues: {
        ':status': current.status,
        ':version': current.version,
        ':eventSeq': current.eventSeq,
      },
    },
  },
  ...eventWrites(tableName, next, event),
];

/** Per-item cancellation codes of a cancelled transaction, or undefined when the error is something else. */
export const cancellationCodes = (error: unknown): (string | undefined)[] | undefined => {
  const { name, CancellationReasons } = error as {
    name?: string;
    CancellationReasons?: { Code?: string }[];
  };
  if (name !== 'TransactionCanceledException') return undefined;
  return (CancellationReasons ?? []).map((reason) => (reason.Code === 'None' ? undefined : reason.Code));
};

/** Whether a transaction was cancelled by one of its conditions (another writer was first). */
export const refusedByCondition = (error: unknown): boolean =>
  cancellationCodes(error)?.some((code) => code === 'ConditionalCheckFailed') === true;

/**
 * Takes an outbox entry (webhook events, mails) off the pending index, on condition that it is still there: in
 * the transaction that writes what the entry fans out to, so that two dispatchers fan it out once.
 */
export const takeFromOutbox = (tableName: string, key: Record<string, unknown>): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: key,
    UpdateExpression: 'REMOVE #pk, #sk',
    ConditionExpression: 'attribute_exists(#pk)',
    ExpressionAttributeNames: { '#pk': `${GSI_BY_STATUS}PK`, '#sk': `${GSI_BY_STATUS}SK` },
  },
});

/** After a refused conditional write: why was it refused? Reads the stored application to say. */
export const explainRefusedTransition = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  current: Application,
  cause: unknown,
): Promise<AppError> => {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.application(current.issuerId, current.id),
      ConsistentRead: true,
    }),
  );
  return transitionRefusal(Item ? fromItem<Application>(Item) : undefined, current, cause);
};
