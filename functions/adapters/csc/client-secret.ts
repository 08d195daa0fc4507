// The OAuth2 client secret of the remote sealing service: in the variable itself locally, in Secrets Manager on
// AWS (CSC_CLIENT_SECRET_ARN; the secret's string is the client secret). Secrets Manager being unreachable is
// SEALING_UNAVAILABLE, like the sealing service itself, so that it does not stop a start.
import { readOnce, readSecretString } from '../secrets/secret-string.ts';

export const readCscClientSecret = async (
  secret: { value: string } | { arn: string },
  region: string,
): Promise<string> =>
  'value' in secret
    ? secret.value
    : readSecretString({
        arn: secret.arn,
        region,
        what: 'the CSC client secret',
        unavailable: 'SEALING_UNAVAILABLE',
      });

/** The secret as the CSC client asks for it: read once, again after a failure. */
export const cscClientSecretSource = (
  secret: { value: string } | { arn: string },
  region: string,
): (() => Promise<string>) => readOnce(() => readCscClientSecret(secret, region));
