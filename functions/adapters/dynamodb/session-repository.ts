// Login sessions in DynamoDB, keyed by the hash of the token and expired by TTL.
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Session } from '../../core/accounts.ts';
import type { SessionRepository } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { fromItem, keys, TTL_ATTRIBUTE } from './table.ts';

export const createSessionRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): SessionRepository => ({
  create: (session) =>
    guarded('starting a session', async () => {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.session(session.issuerId, session.tokenHash),
            entity: 'Session',
            [TTL_ATTRIBUTE]: Math.ceil(Date.parse(session.expiresAt) / 1000),
            ...session,
          },
        }),
      );
    }),

  get: (issuerId, tokenHash) =>
    guarded('reading a session', async () => {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: keys.session(issuerId, tokenHash) }),
      );
      return Item ? fromItem<Session>(Item) : undefined;
    }),

  delete: (issuerId, tokenHash) =>
    guarded('ending a session', async () => {
      await db.send(new DeleteCommand({ TableName: tableName, Key: keys.session(issuerId, tokenHash) }));
    }),
});
