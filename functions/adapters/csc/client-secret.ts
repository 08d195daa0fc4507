// The OAuth2 client secret of the remote sealing service: in the variable itself locally, in Secrets Manager on
// AWS (CSC_CLIENT_SECRET_ARN; the secret's string is the client secret), read when the first token is needed and
// then kept for the process, never logged. Secrets Manager being unreachable is SEALING_UNAVAILABLE, like the
// sealing service itself, so that it does not stop a start.
import { AppError } from '../../core/errors.ts';
import { isNetworkFailure } from '../network-errors.ts';

export const readCscClientSecret = async (
  secret: { value: string } | { arn: string },
  region: string,
): Promise<string> => {
  if ('value' in secret) return secret.value;
  // loaded only where a deployment keeps the secret in Secrets Manager
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ region, maxAttempts: 3 });
  try {
    const { SecretString: value } = await client.send(new GetSecretValueCommand({ SecretId: secret.arn }));
    if (!value)
      throw new AppError('INTERNAL', `Secret ${secret.arn} holds no string (the CSC client secret).`);
    return value;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const { name } = error as { name?: string };
    if (isNetworkFailure(error) || name === 'InternalServiceError' || name === 'ThrottlingException') {
      throw new AppError(
        'SEALING_UNAVAILABLE',
        'Secrets Manager is unavailable: the CSC client secret is unread.',
        {
          cause: error,
        },
      );
    }
    throw new AppError('INTERNAL', `The CSC client secret ${secret.arn} cannot be read.`, { cause: error });
  } finally {
    client.destroy();
  }
};

/** The secret as the CSC client asks for it: read once, again after a failure. */
export const cscClientSecretSource = (
  secret: { value: string } | { arn: string },
  region: string,
): (() => Promise<string>) => {
  let read: Promise<string> | undefined;
  return () => {
    if (read) return read;
    const pending = readCscClientSecret(secret, region);
    read = pending;
    pending.catch(() => {
      if (read === pending) read = undefined;
    });
    return pending;
  };
};
