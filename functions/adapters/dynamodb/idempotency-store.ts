// Responses remembered for Idempotency-Key retries; expired by TTL.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { IdempotencyRecord, IdempotencyStore } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { fromItem, keys, TTL_ATTRIBUTE } from './table.ts';

const item = (issuerId: string, record: IdempotencyRecord) => ({
  ...keys.idempotency(issuerId, record.key),
  entity: 'Idempotency',
  [TTL_ATTRIBUTE]: Math.ceil(Date.parse(record.expiresAt) / 1000),
  ...record,
});

export const createIdempotencyStore = (db: DynamoDBDocumentClient, tableName: string): IdempotencyStore => ({
  claim: (issuerId, record) =>
    guarded('checking an idempotency key', async () => {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: item(issuerId, record),
            // an expired record that TTL has not removed yet counts as absent
            ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return undefined;
      } catch (error) {
        const { name, Item } = error as { name?: string; Item?: Record<string, unknown> };
        // the document client does not unmarshall the item that comes back with a failed condition
        if (name === 'ConditionalCheckFailedException' && Item) {
          return fromItem<IdempotencyRecord>(unmarshall(Item as Record<string, AttributeValue>));
        }
        throw error;
      }
    }),

  complete: (issuerId, record) =>
    guarded('remembering a response', async () => {
      await db.send(new PutCommand({ TableName: tableName, Item: item(issuerId, record) }));
    }),

  release: (issuerId, key) =>
    guarded('releasing an idempotency key', async () => {
      await db.send(new DeleteCommand({ TableName: tableName, Key: keys.idempotency(issuerId, key) }));
    }),
});
