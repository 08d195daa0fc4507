// Verification under load: GET /api/verify/:code and POST /api/verify/hash with autocannon, against the raw
// GetItem rate of the same DynamoDB Local at the same concurrency, measured in the same run. The certificates
// asked for come from every chamber the issuance bench used, each asked on its own chamber's path form
// (/c/<id>/api/verify/…), so the requests are spread over the chambers as their certificates are.
import type { Config } from '../functions/config/config.ts';
import type { IssuedCertificate } from './support/api-client.ts';
import {
  certificateKey,
  type HttpLoadResult,
  hammerHttp,
  hammerStore,
  type StoreLoadResult,
} from './support/hammer.ts';
import { round } from './support/stats.ts';

export const TARGETS = { ratio: 0.7, p99Ms: 50, errors: 0 };

export interface EndpointResult {
  route: string;
  storeReadsPerRequest: number;
  http: HttpLoadResult;
  /** ratio of HTTP requests/s to raw GetItem/s; target ≥ 0.7 */
  ratioToGetItem: number;
  met: { ratio: boolean; errors: boolean; p99: boolean };
}

export interface VerificationResults {
  /** The chambers whose certificates were asked for, each on its path form. */
  chambers: string[];
  connections: number;
  seconds: number;
  certificates: number;
  store: { getItem: StoreLoadResult };
  endpoints: EndpointResult[];
}

const judge = (http: HttpLoadResult, ratio: number) => ({
  ratio: ratio >= TARGETS.ratio,
  errors: http.errors + http.timeouts + http.non2xx === TARGETS.errors,
  p99: http.latencyMs.p99 < TARGETS.p99Ms,
});

export const benchVerification = async (options: {
  url: string;
  config: Config;
  issued: readonly IssuedCertificate[];
  connections: number;
  seconds: number;
}): Promise<VerificationResults> => {
  const { config, issued, connections, seconds } = options;
  if (issued.length === 0) throw new Error('verification needs issued certificates');
  const pick = (index: number) => issued[index % issued.length] as IssuedCertificate;

  const getItem = await hammerStore({
    config,
    inFlight: connections,
    seconds,
    key: (index) => certificateKey(pick(index).chamberId, pick(index).code),
  });
  const byCode = await hammerHttp({
    url: options.url,
    connections,
    seconds,
    next: (index) => ({ method: 'GET', path: `${pick(index).base}/api/verify/${pick(index).code}` }),
  });
  const byHash = await hammerHttp({
    url: options.url,
    connections,
    seconds,
    next: (index) => ({
      method: 'POST',
      path: `${pick(index).base}/api/verify/hash`,
      body: JSON.stringify({ sha256: pick(index).sha256 }),
    }),
  });

  const codeRatio = round(byCode.perSecond / getItem.perSecond, 2);
  const hashRatio = round(byHash.perSecond / getItem.perSecond, 2);
  return {
    chambers: [...new Set(issued.map(({ chamberId }) => chamberId))],
    connections,
    seconds,
    certificates: issued.length,
    store: { getItem },
    endpoints: [
      {
        route: 'GET /api/verify/:code',
        storeReadsPerRequest: 1,
        http: byCode,
        ratioToGetItem: codeRatio,
        met: judge(byCode, codeRatio),
      },
      {
        route: 'POST /api/verify/hash',
        // the hash's item carries a copy of the certificate (certificate-repository.ts): one read
        storeReadsPerRequest: 1,
        http: byHash,
        ratioToGetItem: hashRatio,
        met: judge(byHash, hashRatio),
      },
    ],
  };
};
