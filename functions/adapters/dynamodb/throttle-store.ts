// Fixed-window attempt counters (login throttling): one item per key, expired by TTL. `take` is the atomic
// form: a conditional increment that refuses at the limit (docs/security.md, "Login").
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { AppError } from '../../core/errors.ts';
import type { ThrottleStore } from '../../core/ports.ts';
import { guarded, isConditionFailure } from './client.ts';
import { keys, TTL_ATTRIBUTE } from './table.ts';

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Rounds of read-and-retry when parallel callers race to open a new window; each round someone wins. */
const TAKE_ROUNDS = 8;

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
        if (!isConditionFailure(error)) throw error;
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

  take: (issuerId, key, limit, windowSeconds) =>
    guarded('counting an attempt', async () => {
      const Key = keys.throttle(issuerId, key);
      for (let round = 0; round < TAKE_ROUNDS; round++) {
        const now = nowSeconds();
        try {
          // one slot of an open window, only while the count is below the limit
          const { Attributes } = await db.send(
            new UpdateCommand({
              TableName: tableName,
              Key,
              UpdateExpression: 'ADD #count :one',
              ConditionExpression: '#resetAt > :now AND #count < :limit',
              ExpressionAttributeNames: { '#count': 'count', '#resetAt': 'resetAt' },
              ExpressionAttributeValues: { ':one': 1, ':now': now, ':limit': limit },
              ReturnValues: 'ALL_NEW',
            }),
          );
          return { granted: true, count: Number(Attributes?.count), resetAt: Number(Attributes?.resetAt) };
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
        const { Item } = await db.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }));
        if (Item && Number(Item.resetAt) > now) {
          if (Number(Item.count) >= limit)
            return { granted: false, count: Number(Item.count), resetAt: Number(Item.resetAt) };
          continue; // the window moved under us: count again
        }
        // no open window: open one with this attempt, unless a parallel caller opened it first
        const resetAt = now + windowSeconds;
        try {
          await db.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...Key, entity: 'Throttle', count: 1, resetAt, [TTL_ATTRIBUTE]: resetAt },
              ConditionExpression: 'attribute_not_exists(PK) OR #resetAt <= :now',
              ExpressionAttributeNames: { '#resetAt': 'resetAt' },
              ExpressionAttributeValues: { ':now': now },
            }),
          );
          return { granted: 1 <= limit, count: 1, resetAt };
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }
      throw new AppError('STORAGE_UNAVAILABLE', 'Too much contention on an attempt counter; try again.', {
        retryAfterSeconds: 1,
      });
    }),

  giveBack: (issuerId, key) =>
    guarded('giving an attempt back', async () => {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.throttle(issuerId, key),
            UpdateExpression: 'ADD #count :minusOne',
            ConditionExpression: '#resetAt > :now AND #count > :zero',
            ExpressionAttributeNames: { '#count': 'count', '#resetAt': 'resetAt' },
            ExpressionAttributeValues: { ':minusOne': -1, ':now': nowSeconds(), ':zero': 0 },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // no open window, or nothing to give back
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
