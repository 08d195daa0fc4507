// The ways the repositories read a partition: all of it (small, bounded sets), one page with an opaque cursor, or
// one range of an index partition (the outboxes and the queues of what is due).
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { fromItem } from './table.ts';

export interface PartitionQuery {
  tableName: string;
  /** The index to read, or undefined for the table itself. */
  indexName?: string | undefined;
  partition: string;
  /** For the table: only sort keys with this prefix. */
  sortKeyPrefix?: string;
  consistent?: boolean;
}

const keyNames = (indexName: string | undefined) =>
  indexName ? { pk: `${indexName}PK`, sk: `${indexName}SK` } : { pk: 'PK', sk: 'SK' };

const command = (query: PartitionQuery, extra: Partial<ConstructorParameters<typeof QueryCommand>[0]>) => {
  const { pk, sk } = keyNames(query.indexName);
  const { ExpressionAttributeNames: names, ExpressionAttributeValues: values, ...rest } = extra;
  return new QueryCommand({
    TableName: query.tableName,
    ...(query.indexName ? { IndexName: query.indexName } : {}),
    KeyConditionExpression: query.sortKeyPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
    ExpressionAttributeNames: { '#pk': pk, ...(query.sortKeyPrefix ? { '#sk': sk } : {}), ...names },
    ExpressionAttributeValues: {
      ':pk': query.partition,
      ...(query.sortKeyPrefix ? { ':prefix': query.sortKeyPrefix } : {}),
      ...values,
    },
    ...(query.consistent ? { ConsistentRead: true } : {}),
    ...rest,
  });
};

export const queryAll = async <T>(db: DynamoDBDocumentClient, query: PartitionQuery): Promise<T[]> => {
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(command(query, ExclusiveStartKey ? { ExclusiveStartKey } : {}));
    items.push(...(page.Items ?? []).map((item) => fromItem<T>(item)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
};

export interface PageQuery extends PartitionQuery {
  limit: number;
  cursor?: string | undefined;
  /** Oldest first when true (a queue), newest first when false (a list). */
  ascending: boolean;
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
}

export const queryPage = async <T>(
  db: DynamoDBDocumentClient,
  query: PageQuery,
): Promise<{ items: T[]; cursor?: string }> => {
  const page = await db.send(
    command(query, {
      ScanIndexForward: query.ascending,
      Limit: query.limit,
      ...(query.filter
        ? {
            FilterExpression: query.filter.expression,
            ExpressionAttributeNames: query.filter.names,
            ExpressionAttributeValues: query.filter.values,
          }
        : {}),
      ...(query.cursor
        ? { ExclusiveStartKey: decodeCursor(query.cursor, keyNames(query.indexName).pk, query.partition) }
        : {}),
    }),
  );
  const items = (page.Items ?? []).map((item) => fromItem<T>(item));
  return page.LastEvaluatedKey ? { items, cursor: encodeCursor(page.LastEvaluatedKey) } : { items };
};

/** A range of an index partition's sort keys, oldest first: up to `before` (and from `after`), at most `limit`. */
export interface IndexRange {
  after?: string;
  before?: string;
  limit?: number;
}

/** One read of an index partition, by the range of its sort keys (the outboxes and queues due by now). */
export const queryIndexRange = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  indexName: string,
  partition: string,
  range: IndexRange = {},
): Promise<Record<string, unknown>[]> => {
  const sortKeys = range.before
    ? range.after
      ? ' AND #sk BETWEEN :after AND :before'
      : ' AND #sk <= :before'
    : '';
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: indexName,
      KeyConditionExpression: `#pk = :pk${sortKeys}`,
      ExpressionAttributeNames: {
        '#pk': `${indexName}PK`,
        ...(range.before ? { '#sk': `${indexName}SK` } : {}),
      },
      ExpressionAttributeValues: {
        ':pk': partition,
        ...(range.before ? { ':before': range.before } : {}),
        ...(range.before && range.after ? { ':after': range.after } : {}),
      },
      ...(range.limit ? { Limit: range.limit } : {}),
    }),
  );
  return Items ?? [];
};
