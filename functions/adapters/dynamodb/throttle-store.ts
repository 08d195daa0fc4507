// Fixed-window attempt counters (login throttling): one item per key, expired by TTL.
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ThrottleStore } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { keys, TTL_ATTRIBUTE } from './table.ts';

const nowSeconds = () => Math.floor(Date.now() / 1000);

export const createThrottleStore = (db: DynamoDBDocumentClient, tableName: string): ThrottleStore => ({
  hit: (issuerId, key, windowSeconds) =>
    guarded('counting an attempt', async () => {
      const now = nowSeconds();
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.throttle(issuerId, key),
            UpdateExpression: 'ADD #count :one',
            ConditionExpression: '#resetAt > :now',
            ExpressionAttributeNames: { '#count': 'count', '#resetAt': 'resetAt' },
            ExpressionAttributeValues: { ':one': 1, ':now': now },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { count: Number(Attributes?.count), resetAt: Number(Attributes?.resetAt) };
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        const resetAt = now + windowSeconds;
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.throttle(issuerId, key),
              entity: 'Throttle',
              count: 1,
              resetAt,
              [TTL_ATTRIBUTE]: resetAt,
            },
          }),
        );
        return { count: 1, resetAt };
      }
    }),

  peek: (issuerId, key) =>
    guarded('reading attempts', async () => {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: keys.throttle(issuerId, key), ConsistentRead: true }),
      );
      if (!Item || Number(Item.resetAt) <= nowSeconds()) return undefined;
      return { count: Number(Item.count), resetAt: Number(Item.resetAt) };
    }),

  reset: (issuerId, key) =>
    guarded('resetting attempts', async () => {
      await db.send(new DeleteCommand({ TableName: tableName, Key: keys.throttle(issuerId, key) }));
    }),
});
