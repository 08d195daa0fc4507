// Scale: verification latency with 1,000 and with 50,000 certificates in the table (bulk-loaded straight into
// DynamoDB), measured in the same run. A key-value read should not care how many items the table holds.
import { createDocumentClient, createDynamoClient } from '../functions/adapters/dynamodb/client.ts';
import type { Config } from '../functions/config/config.ts';
import type { IssuedCertificate } from './support/api-client.ts';
import { type BulkLoadResult, bulkLoadCertificates } from './support/bulk-load.ts';
import { type HttpLoadResult, hammerHttp } from './support/hammer.ts';
import { round } from './support/stats.ts';

export const SCALE_TARGET = { p50WithinPercent: 20 };

export interface ScalePoint {
  certificatesInTable: number;
  http: HttpLoadResult;
}

export interface ScaleResults {
  connections: number;
  seconds: number;
  loads: { to: number; result: Omit<BulkLoadResult, 'loaded'> }[];
  small: ScalePoint;
  large: ScalePoint;
  /** The large table, but only the small set's codes asked for: separates table size from working-set size. */
  largeTableSmallWorkingSet: ScalePoint;
  /** (large p50 − small p50) ÷ small p50, in percent; target within ±20 %. */
  p50ChangePercent: number;
  met: boolean;
}

const randomPick =
  <T>(items: readonly T[]) =>
  () =>
    items[Math.floor(Math.random() * items.length)] as T;

export const benchScale = async (options: {
  url: string;
  config: Config;
  orgId: string;
  issued: readonly IssuedCertificate[];
  small: number;
  large: number;
  connections: number;
  seconds: number;
  loadDeadlineSeconds: number;
  jws: string;
}): Promise<ScaleResults> => {
  const { config } = options;
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const db = createDocumentClient(dynamo);
  const codes = options.issued.map((certificate) => certificate.code);
  const loads: ScaleResults['loads'] = [];

  const loadUpTo = async (target: number) => {
    const result = await bulkLoadCertificates({
      db,
      tableName: config.tableName,
      issuerId: config.issuer.id,
      orgId: options.orgId,
      firstNumber: codes.length - options.issued.length + 1,
      count: Math.max(0, target - codes.length),
      inFlight: 8,
      deadline: Date.now() + options.loadDeadlineSeconds * 1000,
      jws: options.jws,
    });
    codes.push(...result.loaded.map((entry) => entry.code));
    const { loaded: _loaded, ...summary } = result;
    loads.push({ to: codes.length, result: summary });
  };

  const measure = async (workingSet: readonly string[] = codes): Promise<ScalePoint> => {
    const pick = randomPick([...workingSet]);
    return {
      certificatesInTable: codes.length,
      http: await hammerHttp({
        url: options.url,
        connections: options.connections,
        seconds: options.seconds,
        next: () => ({ method: 'GET', path: `/api/verify/${pick()}` }),
      }),
    };
  };

  await loadUpTo(options.small);
  const small = await measure();
  const smallSet = [...codes];
  await loadUpTo(options.large);
  // let DynamoDB Local finish what the bulk load left it (GC, SQLite checkpoints) before measuring
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const large = await measure();
  const largeTableSmallWorkingSet = await measure(smallSet);
  dynamo.destroy();
  const change = round(
    ((large.http.latencyMs.p50 - small.http.latencyMs.p50) / small.http.latencyMs.p50) * 100,
  );
  return {
    connections: options.connections,
    seconds: options.seconds,
    loads,
    small,
    large,
    largeTableSmallWorkingSet,
    p50ChangePercent: change,
    met: Math.abs(change) <= SCALE_TARGET.p50WithinPercent,
  };
};
