// Organisations and users in DynamoDB. Users are keyed by email (login) with an id pointer beside them.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Organisation, User } from '../../core/accounts.ts';
import { AppError } from '../../core/errors.ts';
import type { AccountRepository } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { queryAll } from './queries.ts';
import { fromItem, GSI_BY_ORG, GSI_BY_STATUS, keys } from './table.ts';
import { cancellationCodes } from './transactions.ts';

const organisationItem = (organisation: Organisation) => ({
  ...keys.organisation(organisation.issuerId, organisation.id),
  entity: 'Organisation',
  [`${GSI_BY_ORG}PK`]: keys.organisations(organisation.issuerId),
  [`${GSI_BY_ORG}SK`]: `${organisation.name.toLocaleLowerCase()}#${organisation.id}`,
  ...organisation,
});

const userItem = (user: User) => ({
  ...keys.user(user.issuerId, user.email),
  entity: 'User',
  [`${GSI_BY_ORG}PK`]: keys.users(user.issuerId),
  [`${GSI_BY_ORG}SK`]: user.email,
  ...(user.orgId
    ? {
        [`${GSI_BY_STATUS}PK`]: keys.usersOfOrg(user.issuerId, user.orgId),
        [`${GSI_BY_STATUS}SK`]: user.email,
      }
    : {}),
  ...user,
});

export const createAccountRepository = (db: DynamoDBDocumentClient, tableName: string): AccountRepository => {
  const listed = <T>(indexName: string, partition: string) =>
    queryAll<T>(db, { tableName, indexName, partition });

  const findUserByEmail = async (issuerId: string, email: string) => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.user(issuerId, email), ConsistentRead: true }),
    );
    return Item ? fromItem<User>(Item) : undefined;
  };

  return {
    putOrganisation: (organisation) =>
      guarded('saving an organisation', async () => {
        await db.send(new PutCommand({ TableName: tableName, Item: organisationItem(organisation) }));
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

    listOrganisations: (issuerId) =>
      guarded('listing organisations', () => listed<Organisation>(GSI_BY_ORG, keys.organisations(issuerId))),

    createUser: (user) =>
      guarded('creating a user', async () => {
        try {
          await db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: tableName,
                    Item: userItem(user),
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
                {
                  Put: {
                    TableName: tableName,
                    Item: { ...keys.userId(user.issuerId, user.id), entity: 'UserId', email: user.email },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
              ],
            }),
          );
        } catch (error) {
          if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') {
            throw new AppError('VALIDATION_FAILED', 'A user with this email already exists.', {
              cause: error,
              errors: [{ path: 'email', message: 'is already registered', code: 'already_registered' }],
            });
          }
          throw error;
        }
      }),

    updateUser: (user, expectedEpoch) =>
      guarded('updating a user', async () => {
        try {
          await db.send(
            new PutCommand({
              TableName: tableName,
              Item: userItem(user),
              ...(expectedEpoch === undefined
                ? { ConditionExpression: 'attribute_exists(PK)' }
                : {
                    // an absent epoch is epoch 0
                    ConditionExpression:
                      'attribute_exists(PK) AND (#epoch = :epoch OR (attribute_not_exists(#epoch) AND :epoch = :zero))',
                    ExpressionAttributeNames: { '#epoch': 'sessionEpoch' },
                    ExpressionAttributeValues: { ':epoch': expectedEpoch, ':zero': 0 },
                  }),
            }),
          );
        } catch (error) {
          if (
            (error as { name?: string }).name === 'ConditionalCheckFailedException' &&
            expectedEpoch !== undefined
          ) {
            throw new AppError('VERSION_CONFLICT', 'The account changed meanwhile; try again.', {
              cause: error,
            });
          }
          throw error;
        }
      }),

    findUserByEmail: (issuerId, email) => guarded('reading a user', () => findUserByEmail(issuerId, email)),

    getUserById: (issuerId, id) =>
      guarded('reading a user', async () => {
        const { Item } = await db.send(
          new GetCommand({ TableName: tableName, Key: keys.userId(issuerId, id), ConsistentRead: true }),
        );
        return typeof Item?.email === 'string' ? findUserByEmail(issuerId, Item.email) : undefined;
      }),

    listUsers: (issuerId, orgId) =>
      guarded('listing users', () =>
        orgId
          ? listed<User>(GSI_BY_STATUS, keys.usersOfOrg(issuerId, orgId))
          : listed<User>(GSI_BY_ORG, keys.users(issuerId)),
      ),
  };
};
