// Applications and their audit events in DynamoDB; every transition is one conditional transaction.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Application } from '../../core/applications/application.ts';
import type { AuditEvent } from '../../core/applications/audit-event.ts';
import type { ApplicationRepository } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { fromItem, keys } from './table.ts';
import {
  applicationItem,
  cancellationCodes,
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
});
