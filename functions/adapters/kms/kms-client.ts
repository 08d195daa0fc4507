// The KMS client, created once per process, and translation of KMS failures into core errors.
import { KMSClient } from '@aws-sdk/client-kms';
import { AppError, isAppError } from '../../core/errors.ts';
import { isNetworkFailure } from '../network-errors.ts';

export interface KmsSettings {
  region: string;
}

// The endpoint can be overridden without code: the SDK reads AWS_ENDPOINT_URL_KMS itself.
export const createKmsClient = ({ region }: KmsSettings): KMSClient =>
  new KMSClient({ region, maxAttempts: 3 });

// Worth a retry: KMS is throttling, briefly unavailable, or waiting on a custom key store.
const TRANSIENT = new Set([
  'ThrottlingException',
  'KMSInternalException',
  'DependencyTimeoutException',
  'KeyUnavailableException',
  'TimeoutError',
]);

/**
 * A transient failure becomes STORAGE_UNAVAILABLE (503, retry later), the service's one "try again"
 * code; a disabled, deleted or unauthorised key is a deployment fault and becomes INTERNAL. Both keep the cause.
 */
export const translateKmsError = (error: unknown, what: string): AppError => {
  if (isAppError(error)) return error;
  const { name } = error as { name?: string };
  if ((name && TRANSIENT.has(name)) || isNetworkFailure(error)) {
    return new AppError(
      'STORAGE_UNAVAILABLE',
      `The key service is unavailable while ${what}; try again shortly.`,
      {
        cause: error,
      },
    );
  }
  return new AppError('INTERNAL', `Unexpected key service failure while ${what}.`, { cause: error });
};
