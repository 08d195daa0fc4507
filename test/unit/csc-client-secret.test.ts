// The CSC client secret by its Secrets Manager ARN (CSC_CLIENT_SECRET_ARN, as on AWS), read through the real SDK
// client from a small local endpoint that answers as Secrets Manager does (AWS_ENDPOINT_URL_SECRETS_MANAGER): the
// secret's string comes back; a missing secret is a deployment fault; an unreachable service is SEALING_UNAVAILABLE.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cscClientSecretSource, readCscClientSecret } from '../../functions/adapters/csc/client-secret.ts';
import { type AppError, isAppError } from '../../functions/core/errors.ts';

const ARN = 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:tradecert/dev/csc-client-secret-AbCdEf';
const variables = ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
const saved = Object.fromEntries(variables.map((name) => [name, process.env[name]]));
const requests: { target: string | undefined; body: unknown }[] = [];
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const parsed = JSON.parse(body) as { SecretId: string };
      requests.push({ target: request.headers['x-amz-target'] as string | undefined, body: parsed });
      response.setHeader('Content-Type', 'application/x-amz-json-1.1');
      if (parsed.SecretId !== ARN) {
        response.statusCode = 400;
        response.end(
          JSON.stringify({ __type: 'ResourceNotFoundException', message: 'Secrets Manager can’t find it' }),
        );
        return;
      }
      response.end(
        JSON.stringify({ ARN, Name: 'tradecert/dev/csc-client-secret', SecretString: 'from the TSP' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'example/secret',
  });
});

afterAll(() => {
  server?.close();
  for (const name of variables) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

const errorOf = (promise: Promise<unknown>): Promise<AppError> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as AppError,
  );

describe('the CSC client secret', () => {
  it('is the variable itself where it is given', async () => {
    expect(await readCscClientSecret({ value: 'local secret' }, 'eu-central-1')).toBe('local secret');
  });

  it('is the string of the Secrets Manager secret named by its ARN', async () => {
    expect(await readCscClientSecret({ arn: ARN }, 'eu-central-1')).toBe('from the TSP');
    expect(requests.at(-1)).toEqual({ target: 'secretsmanager.GetSecretValue', body: { SecretId: ARN } });
  });

  it('stops the start when the secret does not exist', async () => {
    const error = await errorOf(
      readCscClientSecret({ arn: ARN.replace('AbCdEf', 'Gone00') }, 'eu-central-1'),
    );
    expect(isAppError(error, 'INTERNAL')).toBe(true);
    expect(error.message).toMatch(/The CSC client secret arn:.*Gone00 cannot be read/);
  });

  it('is SEALING_UNAVAILABLE while Secrets Manager cannot be reached', async () => {
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = 'http://127.0.0.1:9';
    try {
      const error = await errorOf(readCscClientSecret({ arn: ARN }, 'eu-central-1'));
      expect(isAppError(error, 'SEALING_UNAVAILABLE'), String(error.cause)).toBe(true);
    } finally {
      process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoint;
    }
  });

  it('is read once for the process, and again after a failure', async () => {
    const source = cscClientSecretSource({ arn: ARN }, 'eu-central-1');
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = 'http://127.0.0.1:9';
    try {
      expect(isAppError(await errorOf(source()), 'SEALING_UNAVAILABLE')).toBe(true);
    } finally {
      process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoint;
    }
    const before = requests.length;

    expect([await source(), await source()]).toEqual(['from the TSP', 'from the TSP']);
    expect(requests.length - before).toBe(1);
  });
});
