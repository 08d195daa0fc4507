// The TimestampAuthority port over RFC 3161's HTTP transport (§3.4): POST a TimeStampReq as
// application/timestamp-query, read a TimeStampResp as application/timestamp-reply. The request asks for a
// SHA-256 imprint with a random nonce and the TSA's certificate (and a policy, when configured); the reply is
// checked before its token is used (core/sealing/timestamp-token.ts). Credentials, when the TSA wants them, go as
// HTTP Basic or as a configured Authorization value (a bearer token); no error message carries them, nor the URL's
// user part. Every failure is TIMESTAMP_UNAVAILABLE; the caller decides whether to try again.
import { AppError } from '../../core/errors.ts';
import type { RandomSource, TimestampAuthority } from '../../core/ports.ts';

export const DEFAULT_TSA_TIMEOUT_MS = 5_000;
/** A token with a long certificate chain is a few KB; a reply far larger is not a TimeStampResp. */
const MAX_REPLY_BYTES = 64 * 1024;
const NONCE_BYTES = 8;
/** Older TSAs still answer with the draft's media type. */
const REPLY_TYPES = new Set(['application/timestamp-reply', 'application/timestamp-response']);

export interface HttpTsaOptions {
  url: string;
  timeoutMs?: number;
  policyOid?: string;
  /** HTTP Basic credentials. */
  username?: string;
  password?: string;
  /**
   * A whole Authorization header value, such as `Bearer …`, instead of username and password; or where to read it
   * when the first timestamp is asked for (Secrets Manager on AWS).
   */
  authorization?: string | (() => Promise<string>);
  random: Pick<RandomSource, 'bytes'>;
}

/** The URL without credentials or query, as messages may show it. */
const shownUrl = (url: URL) => `${url.origin}${url.pathname}`;

const unavailable = (url: URL, detail: string, cause?: unknown) =>
  new AppError(
    'TIMESTAMP_UNAVAILABLE',
    `The time-stamping authority at ${shownUrl(url)} ${detail}`,
    cause === undefined ? undefined : { cause },
  );

/** Why a fetch failed, in words: the network code (ECONNREFUSED …) or the timeout. */
const reasonOf = (error: unknown, timeoutMs: number): string => {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `did not answer within ${timeoutMs} ms.`;
  const cause = (error as { cause?: { code?: string } }).cause;
  return `could not be reached (${cause?.code ?? (error as Error).message}).`;
};

/** A positive DER INTEGER: the first byte 0x01–0x7f (no sign bit, no leading zero). */
const nonceOf = (random: Pick<RandomSource, 'bytes'>): Uint8Array => {
  const bytes = random.bytes(NONCE_BYTES);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes;
};

export const createHttpTimestampAuthority = (options: HttpTsaOptions): TimestampAuthority => {
  const url = new URL(options.url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TSA_TIMEOUT_MS;
  const basic =
    options.username !== undefined
      ? `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`
      : undefined;
  const authorizationOf = async () =>
    typeof options.authorization === 'function' ? options.authorization() : (options.authorization ?? basic);
  // credentials in the URL itself would be sent by no fetch and shown by every log: the header carries them
  const target = new URL(url);
  target.username = '';
  target.password = '';
  return {
    timestamp: async (sha256) => {
      // by import(), like the rest of sealing: a function that does not issue loads no ASN.1 (docs/architecture.md §12)
      const { timestampRequest, tokenOfTimestampReply } = await import(
        '../../core/sealing/timestamp-token.ts'
      );
      const nonce = nonceOf(options.random);
      const authorization = await authorizationOf();
      let response: Response;
      let reply: Uint8Array;
      try {
        response = await fetch(target, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/timestamp-query',
            Accept: 'application/timestamp-reply',
            ...(authorization ? { Authorization: authorization } : {}),
          },
          body: Buffer.from(timestampRequest(sha256, nonce, options.policyOid)),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
        reply = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw unavailable(url, reasonOf(error, timeoutMs), error);
      }
      if (response.status === 401 || response.status === 403)
        throw unavailable(url, `refused the credentials (HTTP ${response.status}).`);
      if (response.status !== 200) throw unavailable(url, `answered HTTP ${response.status}.`);
      const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!REPLY_TYPES.has(type))
        throw unavailable(url, `answered ${type || 'no content type'}, not application/timestamp-reply.`);
      if (reply.length > MAX_REPLY_BYTES)
        throw unavailable(url, `answered ${reply.length} bytes, more than a timestamp reply.`);
      return tokenOfTimestampReply(reply, { sha256, nonce }).token;
    },
  };
};
