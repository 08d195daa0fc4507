// The TSA's credentials on AWS (docs/legal.md §2): the whole Authorization value ("Basic …" or "Bearer …") is the
// string of a Secrets Manager secret (TSA_AUTHORIZATION_SECRET_ARN) that the storage stack makes and the operator
// fills. Secrets Manager being unreachable counts as the TSA being unavailable.
import { readOnce, readSecretString } from '../secrets/secret-string.ts';

/** The Authorization value as the TSA client asks for it: read once, again after a failure. */
export const tsaAuthorizationFromSecret = (arn: string, region: string): (() => Promise<string>) =>
  readOnce(async () =>
    (
      await readSecretString({
        arn,
        region,
        what: "the TSA's Authorization value",
        unavailable: 'TIMESTAMP_UNAVAILABLE',
      })
    ).trim(),
  );
