// ERP API keys of exporter organisations; only the hash of the secret is stored.
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKey } from '../../core/accounts.ts';
import type { ApiKeyRepository } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { queryAll } from './queries.ts';
import { fromItem, GSI_BY_ORG, keys } from './table.ts';

const apiKeyItem = (key: ApiKey) => ({
  ...keys.apiKey(key.issuerId, key.id),
  entity: 'ApiKey',
  [`${GSI_BY_ORG}PK`]: keys.apiKeysOfOrg(key.issuerId, key.orgId),
  [`${GSI_BY_ORG}SK`]: `${key.createdAt}#${key.id}`,
  ...key,
});

export const createApiKeyRepository = (db: DynamoDBDocumentClient, tableName: string): ApiKeyRepository => ({
  create: (key) =>
    guarded('creating an API key', async () => {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: apiKeyItem(key),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    }),

  get: (issuerId, id) =>
    guarded('reading an API key', async () => {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: keys.apiKey(issuerId, id) }),
      );
      return Item ? fromItem<ApiKey>(Item) : undefined;
    }),

  listByOrg: (issuerId, orgId) =>
    guarded('listing API keys', () =>
      queryAll<ApiKey>(db, {
        tableName,
        indexName: GSI_BY_ORG,
        partition: keys.apiKeysOfOrg(issuerId, orgId),
      }),
    ),

  update: (key) =>
    guarded('updating an API key', async () => {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: apiKeyItem(key),
          ConditionExpression: 'attribute_exists(PK)',
        }),
      );
    }),
});
