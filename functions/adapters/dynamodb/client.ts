// DynamoDB clients, created once per process, and translation of SDK failures into core errors.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AppError, isAppError } from '../../core/errors.ts';
import { isNetworkFailure } from '../network-errors.ts';

export interface DynamoSettings {
  region: string;
  endpoint?: string | undefined;
}

export const createDynamoClient = ({ region, endpoint }: DynamoSettings): DynamoDBClient =>
  new DynamoDBClient({
    region,
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 3,
  });

export const createDocumentClient = (client: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

// DynamoDB's names, then S3's (SlowDown is S3's 503 throttling answer)
const UNAVAILABLE = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'SlowDown',
  'InternalError',
  'RequestTimeout',
]);

/** A throttled or server-side failure by its HTTP status, whatever the service called it. */
const isServerSide = (error: { $metadata?: { httpStatusCode?: number }; $retryable?: unknown }) => {
  const status = error.$metadata?.httpStatusCode;
  return (status !== undefined && (status >= 500 || status === 429)) || Boolean(error.$retryable);
};

/** Storage failures become STORAGE_UNAVAILABLE (503, retry later); anything unexpected keeps its cause. */
export const translateStorageError = (error: unknown, what: string): AppError => {
  if (isAppError(error)) return error;
  const { name, message } = error as { name?: string; message?: string };
  if (name === 'ValidationException' && message?.includes('Item size')) {
    return new AppError(
      'PAYLOAD_TOO_LARGE',
      `The data is too large to store while ${what}; shorten the longest texts.`,
      {
        cause: error,
      },
    );
  }
  if (
    (name && UNAVAILABLE.has(name)) ||
    isNetworkFailure(error) ||
    (typeof error === 'object' && error !== null && isServerSide(error))
  ) {
    return new AppError('STORAGE_UNAVAILABLE', `Storage is unavailable while ${what}; try again shortly.`, {
      cause: error,
    });
  }
  return new AppError('INTERNAL', `Unexpected storage failure while ${what}.`, { cause: error });
};

export const guarded = async <T>(what: string, operation: () => Promise<T>): Promise<T> => {
  try {
    return await operation();
  } catch (error) {
    throw translateStorageError(error, what);
  }
};

/** A single write's condition failed (another writer got there first, or the item is not as expected). */
export const isConditionFailure = (error: unknown) =>
  (error as { name?: string }).name === 'ConditionalCheckFailedException';
