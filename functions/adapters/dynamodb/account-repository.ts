// Organisations and users in DynamoDB.
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Organisation, User } from '../../core/accounts.ts';
import { AppError } from '../../core/errors.ts';
import type { AccountRepository } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { fromItem, keys } from './table.ts';

export const createAccountRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): AccountRepository => ({
  putOrganisation: (organisation: Organisation) =>
    guarded('saving an organisation', async () => {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.organisation(organisation.issuerId, organisation.id),
            entity: 'Organisation',
            ...organisation,
          },
        }),
      );
    }),

  getOrganisation: (issuerId, orgId) =>
    guarded('reading an organisation', async () => {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.organisation(issuerId, orgId),
          ConsistentRead: true,
        }),
      );
      return Item ? fromItem<Organisation>(Item) : undefined;
    }),

  createUser: (user: User) =>
    guarded('creating a user', async () => {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.user(user.issuerId, user.email), entity: 'User', ...user },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (error) {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
          throw new AppError('VALIDATION_FAILED', 'A user with this email already exists.', {
            cause: error,
            errors: [{ path: 'email', message: 'is already registered' }],
          });
        }
        throw error;
      }
    }),

  findUserByEmail: (issuerId, email) =>
    guarded('reading a user', async () => {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: keys.user(issuerId, email), ConsistentRead: true }),
      );
      return Item ? fromItem<User>(Item) : undefined;
    }),
});
