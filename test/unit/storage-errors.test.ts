// Storage failures as the handlers see them: a throttled or failing DynamoDB or S3 is "try again later" (503),
// whatever the service calls the failure; a refusal on our side stays an unexpected failure (500).
import { describe, expect, it } from 'vitest';
import { translateStorageError } from '../../functions/adapters/dynamodb/client.ts';

const awsError = (name: string, status: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra });

describe('a storage failure', () => {
  it.each([
    ['DynamoDB throttling', awsError('ThrottlingException', 400)],
    ['S3 SlowDown', awsError('SlowDown', 503)],
    ['S3 InternalError', awsError('InternalError', 500)],
    ['S3 RequestTimeout', awsError('RequestTimeout', 400)],
    ['an unnamed 503', awsError('Unknown', 503)],
    ['a 429', awsError('TooManyRequests', 429)],
    ['an error the SDK marks retryable', awsError('Whatever', 400, { $retryable: {} })],
    ['a refused connection', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })],
  ])('is STORAGE_UNAVAILABLE for %s', (_, error) => {
    expect(translateStorageError(error, 'storing a document').code).toBe('STORAGE_UNAVAILABLE');
  });

  it.each([
    ['access denied', awsError('AccessDenied', 403)],
    ['a failed condition', awsError('ConditionalCheckFailedException', 400)],
    ['a plain bug', new TypeError('x is undefined')],
  ])('stays INTERNAL for %s', (_, error) => {
    expect(translateStorageError(error, 'storing a document').code).toBe('INTERNAL');
  });
});
