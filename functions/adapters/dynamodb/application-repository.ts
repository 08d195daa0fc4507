// Applications and their audit events in DynamoDB; every transition is one conditional transaction.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Application } from '../../core/applications/application.ts';
import type { AuditEvent } from '../../core/applications/audit-event.ts';
import type { ApplicationQuery, ApplicationRepository } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { fromItem, GSI_BY_ORG, GSI_BY_STATUS, keys } from './table.ts';
import {
  applicationItem,
  cancellationCodes,
  eventWrites,
  explainRefusedTransition,
  transitionWrites,
} from './transactions.ts';

export const createApplicationRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): ApplicationRepository => ({
  create: (application, event) =>
    guarded('creating an application', async () => {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: applicationItem(application),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            ...eventWrites(tableName, application, event),
          ],
        }),
      );
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
        await db.send(new TransactWriteCommand({ TransactItems: transitionWrites(tableName, transition) }));
      } catch (error) {
        if (!cancellationCodes(error)) throw error;
        throw await explainRefusedTransition(db, tableName, transition.current, error);
      }
    }),

  events: (issuerId, id) =>
    guarded('reading the audit trail', async () => {
      const events: AuditEvent[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
            ExpressionAttributeValues: { ':pk': keys.application(issuerId, id).PK, ':prefix': 'EVENT#' },
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        );
        events.push(...(page.Items ?? []).map((item) => fromItem<AuditEvent>(item)));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return events;
    }),

  list: (query: ApplicationQuery) =>
    guarded('listing applications', async () => {
      const byOrg = query.orgId !== undefined;
      const indexName = byOrg ? GSI_BY_ORG : GSI_BY_STATUS;
      const partition = byOrg
        ? keys.applicationsOfOrg(query.issuerId, query.orgId ?? '')
        : keys.applicationsInStatus(query.issuerId, query.status ?? 'SUBMITTED');
      const filters: string[] = [];
      const names: Record<string, string> = { '#pk': `${indexName}PK` };
      const values: Record<string, unknown> = { ':pk': partition };
      if (byOrg && query.status) {
        filters.push('#status = :status');
        names['#status'] = 'status';
        values[':status'] = query.status;
      }
      if (query.type) {
        filters.push('#type = :type');
        names['#type'] = 'type';
        values[':type'] = query.type;
      }
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: indexName,
          KeyConditionExpression: '#pk = :pk',
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: !byOrg,
          Limit: query.limit,
          ...(query.cursor
            ? { ExclusiveStartKey: decodeCursor(query.cursor, `${indexName}PK`, partition) }
            : {}),
        }),
      );
      const items = (page.Items ?? []).map((item) => fromItem<Application>(item));
      return page.LastEvaluatedKey ? { items, cursor: encodeCursor(page.LastEvaluatedKey) } : { items };
    }),
});
