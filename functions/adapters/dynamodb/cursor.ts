// Opaque pagination cursors: DynamoDB's LastEvaluatedKey, base64url-encoded, checked on the way back in so that a
// forged cursor cannot move a query into another partition.
import { AppError } from '../../core/errors.ts';

export const encodeCursor = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

const invalid = () =>
  new AppError('VALIDATION_FAILED', 'The cursor is not valid; start again from the first page.', {
    errors: [
      {
        path: 'cursor',
        message: 'is not a cursor this service issued for this list',
        code: 'invalid_format',
      },
    ],
  });

export const decodeCursor = (
  cursor: string,
  partitionAttribute: string,
  partition: string,
): Record<string, string> => {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
  const entries = Object.entries(key);
  if (entries.length > 6 || !entries.every(([, value]) => typeof value === 'string')) throw invalid();
  const record = key as Record<string, string>;
  if (record[partitionAttribute] !== partition || !record.PK || !record.SK) throw invalid();
  return record;
};
