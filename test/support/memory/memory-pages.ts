// Reading an "index" of the in-memory tables a page at a time, as queries.ts reads a DynamoDB partition: items
// in sort-key order, `limit` of them evaluated before the filter (as DynamoDB's Limit counts), and an opaque
// cursor whenever the limit was reached, even when nothing follows (DynamoDB returns a LastEvaluatedKey then
// too). Cursors are checked on the way back in with the DynamoDB adapter's own decoder, so a forged or foreign
// cursor fails with the same VALIDATION_FAILED.
import { decodeCursor, encodeCursor } from '../../../functions/adapters/dynamodb/cursor.ts';

export interface IndexEntry<T> {
  sortKey: string;
  item: T;
}

export interface PageRequest<T> {
  /** Names the index partition; a cursor from another partition is refused. */
  partition: string;
  limit: number;
  cursor?: string | undefined;
  ascending: boolean;
  filter?: (item: T) => boolean;
}

export const sortedEntries = <T>(entries: IndexEntry<T>[], ascending: boolean): IndexEntry<T>[] =>
  [...entries].sort(
    (a, b) => (ascending ? 1 : -1) * (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0),
  );

export const readPage = <T>(
  entries: IndexEntry<T>[],
  request: PageRequest<T>,
): { items: T[]; cursor?: string } => {
  const after = request.cursor ? decodeCursor(request.cursor, 'PK', request.partition).SK : undefined;
  const ordered = sortedEntries(entries, request.ascending).filter(
    (entry) => after === undefined || (request.ascending ? entry.sortKey > after : entry.sortKey < after),
  );
  const evaluated = ordered.slice(0, request.limit);
  const items = evaluated.map((entry) => entry.item).filter((item) => request.filter?.(item) ?? true);
  const last = evaluated.at(-1);
  return evaluated.length === request.limit && last
    ? { items, cursor: encodeCursor({ PK: request.partition, SK: last.sortKey }) }
    : { items };
};
