// A client of a trust service provider's remote signing service through the Cloud Signature Consortium API v2
// (docs/legal.md §6): JSON POSTs to {base}/csc/v2/<method> with an OAuth2 access token from the client
// credentials grant, kept until shortly before it expires. Each request has a timeout; a request that got no
// answer, or a 429 or 5xx, is tried again a bounded number of times and then becomes SEALING_UNAVAILABLE (503).
// A CSC error answer ({error, error_description}) becomes a CscServiceError for the caller to judge.
import * as z from 'zod';
import { AppError, isAppError } from '../../core/errors.ts';
import type { Sleep } from '../../core/ports.ts';

export interface CscSettings {
  /** The service's base URI, with or without the trailing /csc/v2. */
  baseUrl: string;
  /** The OAuth2 token endpoint; absent: {oauth2}/oauth2/token from the service's /info. */
  tokenUrl?: string | undefined;
  clientId: string;
  /** The secret itself, or where to read it (Secrets Manager) when the first token is needed. */
  clientSecret: string | (() => Promise<string>);
  /** Per request; a signature normally takes well under a second, and a seal makes at most six requests. */
  timeoutMs?: number;
  /** Tries per request, the first included. */
  attempts?: number;
  sleep?: Sleep;
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 4_000;
const DEFAULT_ATTEMPTS = 3;
const RETRY_DELAY_MS = 250;
/** A token is renewed this long before it expires (or at a tenth of its lifetime, if that is shorter). */
const TOKEN_RENEWAL_MARGIN_MS = 60_000;
/** RFC 6749 §5.1 makes expires_in optional: without it a token is kept for five minutes. */
const DEFAULT_TOKEN_SECONDS = 300;

/** A CSC (or OAuth2) error answer: the service understood the request and refused it. */
export class CscServiceError extends Error {
  override readonly name = 'CscServiceError';
  constructor(
    readonly method: string,
    readonly status: number,
    readonly error: string,
    readonly description: string | undefined,
  ) {
    super(`${method} answered ${status} ${error}${description ? `: ${description}` : ''}`);
  }
}

/** CSC API v2 §11.1 info: what the client needs of it. */
const InfoAnswer = z.object({
  specs: z.string(),
  name: z.string().optional(),
  authType: z.array(z.string()),
  oauth2: z.string().optional(),
  oauth2Issuer: z.string().optional(),
  methods: z.array(z.string()),
});

/** RFC 8414 authorisation server metadata, where /info names only the issuer (CSC API v2.0.0.2 `oauth2Issuer`). */
const ServerMetadata = z.object({ token_endpoint: z.url() });
export type CscInfo = z.infer<typeof InfoAnswer>;

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((type) => type.toLowerCase() === 'bearer', 'must be Bearer'),
  expires_in: z.coerce.number().positive().optional(),
});

const ErrorAnswer = z.object({ error: z.string(), error_description: z.string().optional() });

export interface CscClient {
  /** /info, asked once per client (it needs no token). */
  info(): Promise<CscInfo>;
  /**
   * An authorised call of `method` (such as credentials/info) whose answer must satisfy `answer`. `once`: no
   * retry of a transient failure, for a request that a lost answer may already have used up (a SAD).
   */
  call<T>(
    method: string,
    body: Record<string, unknown>,
    answer: z.ZodType<T>,
    options?: { once?: boolean },
  ): Promise<T>;
  /** Waits before another try of a request that failed transiently: 250 ms, then twice as long each time. */
  backOff(attempt: number): Promise<void>;
}

/** Transient: worth another try, and SEALING_UNAVAILABLE when the tries are used up. */
class Unavailable extends Error {
  override readonly name = 'Unavailable';
}

const apiBaseOf = (baseUrl: string) => {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/csc/v2') ? trimmed : `${trimmed}/csc/v2`;
};

export const createCscClient = (settings: CscSettings): CscClient => {
  const apiBase = apiBaseOf(settings.baseUrl);
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const attempts = settings.attempts ?? DEFAULT_ATTEMPTS;
  const sleep = settings.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const now = settings.now ?? Date.now;
  const { clientSecret } = settings;
  const secretOf = typeof clientSecret === 'string' ? async () => clientSecret : clientSecret;

  /** One request with its retries; `parse` sees the status and the JSON of an answer that arrived. */
  const backOff = (attempt: number) => sleep(RETRY_DELAY_MS * 2 ** (attempt - 2));
  const send = async <T>(
    what: string,
    url: string,
    init: { body?: string; contentType?: string; token?: string },
    parse: (status: number, json: unknown) => T,
    tries = attempts,
  ): Promise<T> => {
    let lastProblem = '';
    for (let attempt = 1; attempt <= tries; attempt += 1) {
      if (attempt > 1) await backOff(attempt);
      try {
        let response: Response;
        try {
          response = await fetch(url, {
            method: init.body === undefined ? 'GET' : 'POST',
            headers: {
              ...(init.contentType ? { 'Content-Type': init.contentType } : {}),
              Accept: 'application/json',
              ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
            },
            ...(init.body === undefined ? {} : { body: init.body }),
            signal: AbortSignal.timeout(timeoutMs),
            redirect: 'error',
          });
        } catch (error) {
          const { name } = error as { name?: string };
          throw new Unavailable(
            name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'the service is unreachable',
          );
        }
        if (response.status === 429 || response.status >= 500) {
          throw new Unavailable(`it answered ${response.status}`);
        }
        const text = await response.text().catch(() => {
          throw new Unavailable('the answer broke off');
        });
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new Unavailable(`it answered ${response.status} with something that is not JSON`);
        }
        return parse(response.status, json);
      } catch (error) {
        if (!(error instanceof Unavailable)) throw error;
        lastProblem = error.message;
      }
    }
    throw new AppError(
      'SEALING_UNAVAILABLE',
      `The remote sealing service is unavailable (${what}: ${lastProblem}); try again shortly.`,
    );
  };

  /** A 2xx answer must be what `schema` says; anything else is a CSC error answer or garbage. */
  const parseWith =
    <T>(method: string, schema: z.ZodType<T>) =>
    (status: number, json: unknown): T => {
      if (status >= 200 && status < 300) {
        const parsed = schema.safeParse(json);
        if (!parsed.success) {
          throw new Unavailable(`${method} answered something that is not a CSC answer`);
        }
        return parsed.data;
      }
      const refusal = ErrorAnswer.safeParse(json);
      if (!refusal.success) throw new Unavailable(`${method} answered ${status} without a CSC error`);
      throw new CscServiceError(method, status, refusal.data.error, refusal.data.error_description);
    };

  let info: Promise<CscInfo> | undefined;
  const infoOnce = (): Promise<CscInfo> => {
    if (info) return info;
    const pending = send(
      'info',
      `${apiBase}/info`,
      { body: '{}', contentType: 'application/json' },
      parseWith('info', InfoAnswer),
    );
    info = pending;
    pending.catch(() => {
      if (info === pending) info = undefined;
    });
    return pending;
  };

  const discoverTokenUrl = async (): Promise<string> => {
    const { oauth2, oauth2Issuer } = await infoOnce();
    if (oauth2) return `${oauth2.replace(/\/+$/, '')}/oauth2/token`;
    if (oauth2Issuer) {
      const issuer = oauth2Issuer.replace(/\/+$/, '');
      const { token_endpoint: tokenEndpoint } = await send(
        'OAuth2 server metadata',
        `${issuer}/.well-known/oauth-authorization-server`,
        {},
        parseWith('OAuth2 server metadata', ServerMetadata),
      ).catch((error: unknown) => {
        if (error instanceof CscServiceError) {
          throw new AppError(
            'INTERNAL',
            `The OAuth2 server ${issuer} publishes no metadata (${error.message}): set CSC_OAUTH_TOKEN_URL.`,
            { cause: error },
          );
        }
        throw error;
      });
      return tokenEndpoint;
    }
    throw new AppError(
      'INTERNAL',
      'The CSC service names no OAuth2 server in /info: set CSC_OAUTH_TOKEN_URL to its token endpoint.',
    );
  };
  let tokenUrl: Promise<string> | undefined = settings.tokenUrl
    ? Promise.resolve(settings.tokenUrl)
    : undefined;
  /** The configured token endpoint, or the one /info leads to, found once. */
  const tokenUrlOf = (): Promise<string> => {
    if (tokenUrl) return tokenUrl;
    const pending = discoverTokenUrl();
    tokenUrl = pending;
    pending.catch(() => {
      if (tokenUrl === pending) tokenUrl = undefined;
    });
    return pending;
  };

  let token: { value: string; renewAt: number } | undefined;
  let pendingToken: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    const answer = await send(
      'oauth2/token',
      await tokenUrlOf(),
      {
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: settings.clientId,
          client_secret: await secretOf(),
        }).toString(),
        contentType: 'application/x-www-form-urlencoded',
      },
      parseWith('oauth2/token', TokenAnswer),
    ).catch((error: unknown) => {
      // RFC 6749 §5.2: invalid_client, unauthorized_client … — the deployment's client id or secret is wrong
      if (error instanceof CscServiceError) {
        throw new AppError(
          'INTERNAL',
          `The CSC token endpoint refused CSC_CLIENT_ID ${settings.clientId} (${error.error}${
            error.description ? `: ${error.description}` : ''
          }): check CSC_CLIENT_ID and CSC_CLIENT_SECRET.`,
          { cause: error },
        );
      }
      throw error;
    });
    const lifetimeMs = (answer.expires_in ?? DEFAULT_TOKEN_SECONDS) * 1000;
    token = {
      value: answer.access_token,
      renewAt: now() + lifetimeMs - Math.min(TOKEN_RENEWAL_MARGIN_MS, lifetimeMs / 10),
    };
    return answer.access_token;
  };
  /** The cached token while it is fresh; one token request at a time. */
  const accessToken = (): Promise<string> => {
    if (token && now() < token.renewAt) return Promise.resolve(token.value);
    if (pendingToken) return pendingToken;
    const pending = fetchToken().finally(() => {
      pendingToken = undefined;
    });
    pendingToken = pending;
    return pending;
  };

  return {
    info: infoOnce,
    backOff,
    call: async (method, body, answer, options = {}) => {
      const request = (bearer: string) =>
        send(
          method,
          `${apiBase}/${method}`,
          { body: JSON.stringify(body), contentType: 'application/json', token: bearer },
          parseWith(method, answer),
          options.once ? 1 : attempts,
        );
      const bearer = await accessToken();
      try {
        return await request(bearer);
      } catch (error) {
        // a token the service no longer accepts (revoked, or its clock runs ahead): one new token, one more try
        if (isAppError(error) || !(error instanceof CscServiceError) || error.status !== 401) throw error;
        if (token?.value === bearer) token = undefined;
        return request(await accessToken());
      }
    },
  };
};
