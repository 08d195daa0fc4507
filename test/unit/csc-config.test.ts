// Configuration of remote sealing (SEAL_SOURCE=csc, docs/legal.md §6): the service, the OAuth2 client and its
// secret (in the variable or by Secrets Manager ARN, exactly one), optionally the token endpoint and the credential.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config/config.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:tradecert/csc-client-AbCdEf';

const messageOf = (act: () => unknown): string => {
  try {
    act();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the call to throw');
};

describe('remote sealing configuration', () => {
  it('takes the service, the client and its secret, the token endpoint and the credential', () => {
    const config = loadConfig({
      SEAL_SOURCE: 'csc',
      CSC_BASE_URL: 'https://rss.tsp.example/',
      CSC_OAUTH_TOKEN_URL: 'https://auth.tsp.example/oauth2/token',
      CSC_CLIENT_ID: 'chamber-mk',
      CSC_CLIENT_SECRET: 'from the provider',
      CSC_CREDENTIAL_ID: 'seal-2026',
    });

    expect(config).toMatchObject({
      sealSource: 'csc',
      csc: {
        baseUrl: 'https://rss.tsp.example/',
        tokenUrl: 'https://auth.tsp.example/oauth2/token',
        clientId: 'chamber-mk',
        clientSecret: { value: 'from the provider' },
        credentialId: 'seal-2026',
      },
    });
  });

  it('takes the secret by its Secrets Manager ARN, and leaves token endpoint and credential to the service', () => {
    const config = loadConfig({
      SEAL_SOURCE: 'csc',
      CSC_BASE_URL: 'https://rss.tsp.example/csc/v2',
      CSC_CLIENT_ID: 'chamber-mk',
      CSC_CLIENT_SECRET_ARN: SECRET_ARN,
    });

    expect(config.csc).toEqual({
      baseUrl: 'https://rss.tsp.example/csc/v2',
      tokenUrl: undefined,
      clientId: 'chamber-mk',
      clientSecret: { arn: SECRET_ARN },
      credentialId: undefined,
    });
  });

  it('names what remote sealing is missing', () => {
    const message = messageOf(() => loadConfig({ SEAL_SOURCE: 'csc' }));

    expect(message).toMatch(/CSC_BASE_URL: required when SEAL_SOURCE=csc/);
    expect(message).toMatch(/CSC_CLIENT_ID: required when SEAL_SOURCE=csc/);
    expect(message).toMatch(/CSC_CLIENT_SECRET: set either CSC_CLIENT_SECRET or CSC_CLIENT_SECRET_ARN/);
  });

  it('refuses both secrets at once, a bad URL or ARN, and a misspelt variable, without echoing the secret', () => {
    const both = messageOf(() =>
      loadConfig({
        SEAL_SOURCE: 'csc',
        CSC_BASE_URL: 'https://rss.tsp.example',
        CSC_CLIENT_ID: 'chamber-mk',
        CSC_CLIENT_SECRET: 'do not print me',
        CSC_CLIENT_SECRET_ARN: SECRET_ARN,
      }),
    );
    expect(both).toMatch(/set either CSC_CLIENT_SECRET or CSC_CLIENT_SECRET_ARN/);
    expect(both).not.toContain('do not print me');
    expect(messageOf(() => loadConfig({ CSC_BASE_URL: 'ftp://rss.tsp.example' }))).toMatch(/CSC_BASE_URL/);
    expect(messageOf(() => loadConfig({ CSC_CLIENT_SECRET_ARN: 'tradecert/csc' }))).toMatch(
      /CSC_CLIENT_SECRET_ARN: must be the ARN of a Secrets Manager secret/,
    );
    expect(messageOf(() => loadConfig({ CSC_CREDENTIAL: 'x' }))).toMatch(/CSC_CREDENTIAL: unknown variable/);
  });

  it('has no remote sealing unless SEAL_SOURCE says so', () => {
    expect(
      loadConfig({ CSC_BASE_URL: 'https://rss.tsp.example', CSC_CLIENT_ID: 'x', CSC_CLIENT_SECRET: 'y' }).csc,
    ).toBeUndefined();
  });
});
