// autocannon against the bench server, and the same-concurrency raw DynamoDB loop that is its baseline.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { createDocumentClient, createDynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { keys } from '../../functions/adapters/dynamodb/table.ts';
import type { Config } from '../../functions/config/config.ts';
import { round, runForDuration, summarise } from './stats.ts';

export interface HttpLoadResult {
  requests: number;
  perSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

/** autocannon with `connections` keep-alive connections for `seconds`; each request built by `next`. */
export const hammerHttp = async (options: {
  url: string;
  connections: number;
  seconds: number;
  next: (index: number) => { method: 'GET' | 'POST'; path: string; body?: string };
}): Promise<HttpLoadResult> => {
  let index = 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        requests: [
          {
            setupRequest: (request) => {
              const { method, path, body } = options.next(index++);
              return {
                ...request,
                method,
                path,
                ...(body === undefined
                  ? {}
                  : { body, headers: { ...request.headers, 'content-type': 'application/json' } }),
              };
            },
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    // autocannon's own histogram keeps whole milliseconds of 2xx answers only; keep every answer, to the µs
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  );
  const summary = summarise(latencies);
  return {
    requests: result.requests.total,
    perSecond: round(result.requests.total / result.duration),
    latencyMs: { p50: summary.p50, p99: summary.p99, max: summary.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
  };
};

export interface StoreLoadResult {
  reads: number;
  perSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  errors: number;
}

/**
 * The store alone: GetItem with the SDK DocumentClient against the same DynamoDB Local, `inFlight` at once,
 * for `seconds`, one lookup per round trip.
 */
export const hammerStore = async (options: {
  config: Config;
  inFlight: number;
  seconds: number;
  /** The key of the i-th read: a certificate by code. */
  key: (index: number) => Record<string, string>;
}): Promise<StoreLoadResult> => {
  const dynamo = createDynamoClient({
    region: options.config.region,
    endpoint: options.config.dynamoEndpoint,
  });
  const db = createDocumentClient(dynamo);
  const get = async (Key: Record<string, string>) =>
    (await db.send(new GetCommand({ TableName: options.config.tableName, Key, ConsistentRead: true }))).Item;
  const run = await runForDuration(options.seconds * 1000, options.inFlight, async (_lane, index) => {
    if (!(await get(options.key(index)))) throw new Error('missing item');
  });
  dynamo.destroy();
  const summary = summarise(run.latenciesMs);
  return {
    reads: run.latenciesMs.length,
    perSecond: round(run.latenciesMs.length / (run.wallMs / 1000)),
    latencyMs: { p50: summary.p50, p99: summary.p99, max: summary.max },
    errors: run.errors,
  };
};

/** The certificate item of chamber `issuerId` with verification code `code`. */
export const certificateKey = (issuerId: string, code: string) => keys.certificate(issuerId, code);
