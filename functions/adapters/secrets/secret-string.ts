// A secret string in AWS Secrets Manager: the CSC client secret (docs/legal.md §6) and the TSA's Authorization value
// (docs/legal.md §2). Read when it is first needed and then kept for the process, never logged. Secrets Manager
// being unreachable counts as the outage of the service the secret is for, so that an issuance waits instead of
// failing for good; a secret that is missing or empty is a configuration fault.
import { AppError, type ErrorCode } from '../../core/errors.ts';
import { isNetworkFailure } from '../network-errors.ts';

export interface SecretString {
  arn: string;
  region: string;
  /** What the secret holds, for messages: "the CSC client secret". */
  what: string;
  /** The error of the service the secret is for, while Secrets Manager cannot be reached. */
  unavailable: ErrorCode;
}

export const readSecretString = async ({ arn, region, what, unavailable }: SecretString): Promise<string> => {
  // loaded only where a deployment keeps a secret in Secrets Manager
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ region, maxAttempts: 3 });
  try {
    const { SecretString: value } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (!value?.trim()) throw new AppError('INTERNAL', `Secret ${arn} holds no string (${what}).`);
    return value;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const { name } = error as { name?: string };
    if (isNetworkFailure(error) || name === 'InternalServiceError' || name === 'ThrottlingException') {
      throw new AppError(unavailable, `Secrets Manager is unavailable: ${what} is unread.`, { cause: error });
    }
    const subject = what.charAt(0).toUpperCase() + what.slice(1);
    throw new AppError('INTERNAL', `${subject} ${arn} cannot be read.`, { cause: error });
  } finally {
    client.destroy();
  }
};

/** `read` as its callers ask for it: once for the process, again after a failure. */
export const readOnce = (read: () => Promise<string>): (() => Promise<string>) => {
  let reading: Promise<string> | undefined;
  return () => {
    if (reading) return reading;
    const pending = read();
    reading = pending;
    pending.catch(() => {
      if (reading === pending) reading = undefined;
    });
    return pending;
  };
};
