// Responses remembered for Idempotency-Key retries; expired by TTL. An unfinished claim holds only for its lease.
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
  claim: (issuerId, record, now) =>
    guarded('checking an idempotency key', async () => {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: item(issuerId, record),
            // an expired record that TTL has not removed yet counts as absent, and so does a claim whose
            // request died (its lease ended; records from before leases have none)
            ConditionExpression:
              'attribute_not_exists(PK) OR #ttl < :nowSeconds OR ' +
              '(#state = :inProgress AND (attribute_not_exists(#lease) OR #lease < :now))',
            ExpressionAttributeNames: {
              '#ttl': TTL_ATTRIBUTE,
              '#state': 'state',
              '#lease': 'leaseExpiresAt',
            },
            ExpressionAttributeValues: {
              ':nowSeconds': Math.floor(now.getTime() / 1000),
              ':now': now.toISOString(),
              ':inProgress': 'IN_PROGRESS',
            },
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
