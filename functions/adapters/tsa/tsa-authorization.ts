// The TSA's credentials on AWS (docs/legal.md §2): the whole Authorization value ("Basic …" or "Bearer …") is the
// string of a Secrets Manager secret (TSA_AUTHORIZATION_SECRET_ARN) that the storage stack makes and the operator
// fills, read when the first timestamp is asked for and then kept for the process, never logged. As with the
// CSC client secret (adapters/csc/client-secret.ts), Secrets Manager being unreachable counts as the TSA being
// unavailable, so that the issuance waits instead of failing for good.
import { AppError } from '../../core/errors.ts';
import { isNetworkFailure } from '../network-errors.ts';

const read = async (arn: string, region: string): Promise<string> => {
  // loaded only where a deployment keeps the TSA's credentials in Secrets Manager
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ region, maxAttempts: 3 });
  try {
    const { SecretString: value } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (!value?.trim())
      throw new AppError('INTERNAL', `Secret ${arn} holds no string (the TSA's Authorization).`);
    return value.trim();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const { name } = error as { name?: string };
    if (isNetworkFailure(error) || name === 'InternalServiceError' || name === 'ThrottlingException') {
      throw new AppError(
        'TIMESTAMP_UNAVAILABLE',
        "Secrets Manager is unavailable: the TSA's credentials are unread.",
        {
          cause: error,
        },
      );
    }
    throw new AppError('INTERNAL', `The TSA's credentials in ${arn} cannot be read.`, { cause: error });
  } finally {
    client.destroy();
  }
};

/** The Authorization value as the TSA client asks for it: read once, again after a failure. */
export const tsaAuthorizationFromSecret = (arn: string, region: string): (() => Promise<string>) => {
  let reading: Promise<string> | undefined;
  return () => {
    if (reading) return reading;
    const pending = read(arn, region);
    reading = pending;
    pending.catch(() => {
      if (reading === pending) reading = undefined;
    });
    return pending;
  };
};
