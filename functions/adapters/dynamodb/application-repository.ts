// Applications and their audit events in DynamoDB; every transition is one conditional transaction.
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Application } from '../../core/applications/application.ts';
import type { AuditEvent } from '../../core/applications/audit-event.ts';
import { AppError } from '../../core/errors.ts';
import type { ApplicationQuery, ApplicationRepository } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { queryAll, queryPage } from './queries.ts';
import { fromItem, GSI_BY_ORG, GSI_BY_STATUS, keys } from './table.ts';
import {
  applicationItem,
  cancellationCodes,
  eventWrites,
  explainRefusedTransition,
  replacementLockRelease,
  takeReplacementLock,
  transitionWrites,
} from './transactions.ts';

export const createApplicationRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): ApplicationRepository => ({
  create: (application, event, attachments = []) =>
    guarded('creating an application', async () => {
      const lockWrites = application.replaces ? [takeReplacementLock(tableName, application)] : [];
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              ...lockWrites,
              {
                Put: {
                  TableName: tableName,
                  Item: applicationItem(application),
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              ...eventWrites(tableName, application, event),
              ...attachments.map((attachment) => ({
                Put: {
                  TableName: tableName,
                  Item: {
                    ...keys.attachment(application.issuerId, application.id, attachment.id),
                    entity: 'Attachment',
                    ...attachment,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              })),
            ],
          }),
        );
      } catch (error) {
        // the lock is held, or another request is taking it this instant
        const lockRefusal = cancellationCodes(error)?.[0];
        if (
          lockWrites.length > 0 &&
          (lockRefusal === 'ConditionalCheckFailed' || lockRefusal === 'TransactionConflict')
        ) {
          throw new AppError(
            'REPLACEMENT_IN_PROGRESS',
            `A replacement of certificate ${application.replaces?.serial} is already open; finish or cancel it first.`,
            { cause: error },
          );
        }
        throw error;
      }
    }),

  get: (issuerId, id) =>
    guarded('reading an application', async () => {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: keys.application(issuerId, id), ConsistentRead: true }),
      );
      return Item ? fromItem<Application>(Item) : undefined;
    }),

  transition: (transition) =>
    guarded('changing an application', async () => {
      try {
        const release = await replacementLockRelease(db, tableName, transition);
        await db.send(
          new TransactWriteCommand({
            TransactItems: [...transitionWrites(tableName, transition), ...release],
          }),
        );
      } catch (error) {
        if (!cancellationCodes(error)) throw error;
        throw await explainRefusedTransition(db, tableName, transition.current, error);
      }
    }),

  events: (issuerId, id) =>
    guarded('reading the audit trail', () =>
      queryAll<AuditEvent>(db, {
        tableName,
        partition: keys.application(issuerId, id).PK,
        sortKeyPrefix: 'EVENT#',
        consistent: true,
      }),
    ),

  list: (query: ApplicationQuery) =>
    guarded('listing applications', () => {
      const byOrg = query.orgId !== undefined;
      const conditions: [string, string, unknown][] = [
        ...(byOrg && query.status ? [['status', ':status', query.status] as [string, string, unknown]] : []),
        ...(query.type ? [['type', ':type', query.type] as [string, string, unknown]] : []),
      ];
      return queryPage<Application>(db, {
        tableName,
        indexName: byOrg ? GSI_BY_ORG : GSI_BY_STATUS,
        partition: byOrg
          ? keys.applicationsOfOrg(query.issuerId, query.orgId ?? '')
          : keys.applicationsInStatus(query.issuerId, query.status ?? 'SUBMITTED'),
        limit: query.limit,
        cursor: query.cursor,
        ascending: !byOrg || query.oldestFirst === true,
        ...(conditions.length > 0
          ? {
              filter: {
                expression: conditions.map(([name, value]) => `#${name} = ${value}`).join(' AND '),
                names: Object.fromEntries(conditions.map(([name]) => [`#${name}`, name])),
                values: Object.fromEntries(conditions.map(([, value, actual]) => [value, actual])),
              },
            }
          : {}),
      });
    }),
});
