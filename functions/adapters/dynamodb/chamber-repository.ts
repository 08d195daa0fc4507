// The chambers a deployment hosts, in DynamoDB (docs/network.md §1). Creating a chamber claims its id, its serial
// prefix and each host in one transaction, so two chambers never share any of them; a host is found with one
// GetItem, the list is one Query of a small partition.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { AppError, type FieldError } from '../../core/errors.ts';
import type { Chamber } from '../../core/network/chamber.ts';
import type { ChamberRepository } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { queryAll } from './queries.ts';
import { fromItem, keys } from './table.ts';
import { cancellationCodes } from './transactions.ts';

const taken = (path: string): FieldError => ({
  path,
  message: 'is already registered',
  code: 'already_registered',
});

export const createChamberRepository = (db: DynamoDBDocumentClient, tableName: string): ChamberRepository => {
  const get = (id: string) =>
    guarded('reading a chamber', async () => {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: keys.chamber(id), ConsistentRead: true }),
      );
      return Item ? fromItem<Chamber>(Item) : undefined;
    });

  return {
    get,

    list: () =>
      guarded('listing chambers', async () =>
        (
          await queryAll<Chamber & { SK?: string }>(db, {
            tableName,
            partition: keys.chambers,
            sortKeyPrefix: 'CHAMBER#',
            consistent: true,
          })
        ).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
      ),

    findByHost: (host) =>
      guarded('finding a chamber by host', async () => {
        const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.chamberHost(host) }));
        return typeof Item?.chamberId === 'string' ? get(Item.chamberId) : undefined;
      }),

    create: (chamber) =>
      guarded('creating a chamber', async () => {
        const claims = [
          { Key: keys.chamberPrefix(chamber.serialPrefix), path: 'serialPrefix' },
          ...chamber.hosts.map((host, index) => ({ Key: keys.chamberHost(host), path: `hosts.${index}` })),
        ];
        try {
          await db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: tableName,
                    Item: { ...keys.chamber(chamber.id), entity: 'Chamber', ...chamber },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
                ...claims.map(({ Key }) => ({
                  Put: {
                    TableName: tableName,
                    Item: { ...Key, entity: 'ChamberClaim', chamberId: chamber.id },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                })),
              ],
            }),
          );
        } catch (error) {
          const codes = cancellationCodes(error);
          if (!codes) throw error;
          const errors = [
            ...(codes[0] === 'ConditionalCheckFailed' ? [taken('id')] : []),
            ...claims
              .filter((_, index) => codes[index + 1] === 'ConditionalCheckFailed')
              .map((c) => taken(c.path)),
          ];
          if (errors.length === 0) throw error;
          throw new AppError('VALIDATION_FAILED', 'The chamber conflicts with one that exists.', {
            cause: error,
            errors,
          });
        }
      }),

    update: (chamber, expectedVersion) =>
      guarded('updating a chamber', async () => {
        try {
          await db.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...keys.chamber(chamber.id), entity: 'Chamber', ...chamber },
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
          );
        } catch (error) {
          if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
            throw new AppError('VERSION_CONFLICT', 'The chamber was changed meanwhile; reload it.', {
              cause: error,
            });
          }
          throw error;
        }
      }),
  };
};
