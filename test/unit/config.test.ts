// Configuration: the environment parsed once; a bad or misspelt variable stops start-up and is named.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../functions/config/config.ts';

const errorOf = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
};

describe('configuration', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      port: 3000,
      publicBaseUrl: 'http://localhost:3000',
      issuer: {
        id: 'demo-chamber',
        name: 'Demo Economic Chamber',
        country: 'MK',
        timeZone: 'Europe/Skopje',
        serialPrefix: 'MK',
      },
      tableName: 'tradecert',
      bucketName: 'tradecert-local',
      region: 'eu-central-1',
      dynamoEndpoint: undefined,
      s3Endpoint: undefined,
      keySource: 'local',
      sessionTtlMs: 12 * 3_600_000,
      demoPassword: undefined,
      logLevel: 'info',
      verifyRateLimit: 120,
    });
  });

  it("turns the verify function's own rate limit off with VERIFY_RATE_LIMIT=0 (AWS, behind the WAF)", () => {
    expect(loadConfig({ VERIFY_RATE_LIMIT: '0' }).verifyRateLimit).toBe(0);
    expect(loadConfig({ VERIFY_RATE_LIMIT: '600' }).verifyRateLimit).toBe(600);
  });

  it('derives the default public base URL from the port', () => {
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
  });

  it('takes given values and drops a trailing slash from the public base URL', () => {
    const config = loadConfig({
      PUBLIC_BASE_URL: 'https://verify.chamber.example.mk/',
      ISSUER_ID: 'mk-chamber',
      SERIAL_PREFIX: 'SK',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:8000',
      SESSION_TTL_HOURS: '2',
    });

    expect(config.publicBaseUrl).toBe('https://verify.chamber.example.mk');
    expect(config.issuer).toMatchObject({ id: 'mk-chamber', serialPrefix: 'SK' });
    expect(config.dynamoEndpoint).toBe('http://localhost:8000');
    expect(config.sessionTtlMs).toBe(7_200_000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['ISSUER_COUNTRY', 'XX'],
    ['ISSUER_ID', 'Demo Chamber'],
    ['ISSUER_TIMEZONE', 'Europe/Atlantis'],
    ['AWS_ENDPOINT_URL_DYNAMODB', 'not-a-url'],
    ['KEY_SOURCE', 'hsm'],
    ['LOG_LEVEL', 'verbose'],
    ['DEMO_PASSWORD', 'short'],
    ['VERIFY_RATE_LIMIT', '-1'],
    ['VERIFY_RATE_LIMIT', 'lots'],
  ])('stops with a ConfigError naming %s for the value %s', (name, value) => {
    const error = errorOf(() => loadConfig({ [name]: value }));

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`${name}:`);
  });

  it('names every bad variable at once', () => {
    const error = errorOf(() => loadConfig({ PORT: 'abc', KEY_SOURCE: 'hsm' })) as ConfigError;

    expect(error.message).toContain('PORT:');
    expect(error.message).toContain('KEY_SOURCE:');
  });

  it.each(['ISSUER_NAM', 'SERIAL_PREFX', 'SESSION_TTL', 'PUBLIC_BASE_URI', 'DEMO_PASSWD'])(
    'stops with a ConfigError naming the unknown variable %s, which carries one of the service’s prefixes',
    (name) => {
      const error = errorOf(() => loadConfig({ [name]: 'x' }));

      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(name);
    },
  );

  it('ignores variables that belong to others', () => {
    expect(() =>
      loadConfig({ PATH: '/usr/bin', HOME: '/home/ana', NODE_ENV: 'test', AWS_PROFILE: 'x' }),
    ).not.toThrow();
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({
      PORT: '',
      ISSUER_COUNTRY: '',
      PUBLIC_BASE_URL: '',
      AWS_ENDPOINT_URL_DYNAMODB: '',
    });

    expect(config.port).toBe(3000);
    expect(config.issuer.country).toBe('MK');
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.dynamoEndpoint).toBeUndefined();
  });

  describe('the time-stamping authority (TSA_*)', () => {
    it('is unset by default (npm start then runs the local TSA), none on request, or a URL with its settings', () => {
      expect(loadConfig({}).tsa).toBeUndefined();
      expect(loadConfig({ TSA_URL: 'none' }).tsa).toBe('none');
      expect(
        loadConfig({
          TSA_URL: 'https://tsa.provider.example/rfc3161',
          TSA_USERNAME: 'chamber',
          TSA_PASSWORD: 'secret',
          TSA_POLICY_OID: '1.3.6.1.4.1.99999.1',
          TSA_TIMEOUT_MS: '3000',
        }).tsa,
      ).toEqual({
        url: 'https://tsa.provider.example/rfc3161',
        username: 'chamber',
        password: 'secret',
        policyOid: '1.3.6.1.4.1.99999.1',
        timeoutMs: 3000,
      });
      expect(
        loadConfig({
          TSA_URL: 'https://tsa.provider.example',
          TSA_AUTHORIZATION_SECRET_ARN:
            'arn:aws:secretsmanager:eu-central-1:111122223333:secret:tradecert/prod/tsa-authorization-AbCdEf',
        }).tsa,
      ).toMatchObject({
        authorizationSecretArn:
          'arn:aws:secretsmanager:eu-central-1:111122223333:secret:tradecert/prod/tsa-authorization-AbCdEf',
      });
      expect(loadConfig({ TSA_URL: 'http://127.0.0.1:1/tsa', TSA_AUTHORIZATION: 'Bearer abc' }).tsa).toEqual({
        url: 'http://127.0.0.1:1/tsa',
        authorization: 'Bearer abc',
        timeoutMs: 5000,
      });
    });

    it.each([
      [{ TSA_URL: 'ftp://tsa.example' }, /TSA_URL: must be the http\(s\) URL of an RFC 3161 TSA, or none/],
      [
        { TSA_URL: 'https://tsa.example', TSA_USERNAME: 'chamber' },
        /TSA_USERNAME and TSA_PASSWORD go together/,
      ],
      [
        {
          TSA_URL: 'https://tsa.example',
          TSA_AUTHORIZATION: 'Bearer x',
          TSA_USERNAME: 'a',
          TSA_PASSWORD: 'b',
        },
        /set one of TSA_AUTHORIZATION, TSA_AUTHORIZATION_SECRET_ARN or TSA_USERNAME/,
      ],
      [
        { TSA_AUTHORIZATION: 'token-without-scheme' },
        /TSA_AUTHORIZATION: must be a whole Authorization value/,
      ],
      [{ TSA_POLICY_OID: 'policy-1' }, /TSA_POLICY_OID: must be an object identifier/],
      [{ TSA_AUTHORIZATION_SECRET_ARN: 'tradecert/tsa' }, /TSA_AUTHORIZATION_SECRET_ARN: must be the ARN/],
      [{ TSA_TIMEOUT_MS: '60000' }, /TSA_TIMEOUT_MS/],
      [{ TSA_URI: 'https://tsa.example' }, /TSA_URI: unknown variable/],
    ])('refuses %o', (environment, message) => {
      const error = errorOf(() => loadConfig(environment));

      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(message);
      // a refused value is named by its variable, never repeated
      expect((error as ConfigError).message).not.toContain('Bearer x');
    });
  });
});
