// Delivers webhook requests to the address that was checked: the receiver's name is resolved once, every address
// in the answer must pass the destination policy, and the connection goes to the first of them through a
// `lookup` that returns it, so no second DNS answer (a rebinding) is ever used. TLS still verifies the
// certificate for the URL's host name (SNI and Host come from the URL). No redirects (node:http follows none),
// and a deadline covers connecting, sending and the response head. See docs/security.md.
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhookSender } from '../../core/ports.ts';
import {
  isIpLiteral,
  RefusedDestination,
  refusalOfAddress,
} from '../../core/webhooks/webhook-destination.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface PinnedSenderOptions {
  /** Connect, send and wait for the response head at most this long. */
  timeoutMs: number;
  /** With WEBHOOK_ALLOW_INSECURE=true (development, tests): every address is allowed. */
  allowInsecure: boolean;
  /** DNS resolution; tests inject their own so that nothing leaves loopback. */
  resolve?: Resolver;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

const familyOf = (address: string): 4 | 6 => (address.includes(':') ? 6 : 4);

/** The address the request will use: every address in the answer must pass, or none is used. */
export const checkedAddress = async (
  hostname: string,
  resolve: Resolver,
  allowInsecure: boolean,
): Promise<ResolvedAddress> => {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  const answer = isIpLiteral(bare) ? [{ address: bare, family: familyOf(bare) }] : await resolve(bare);
  const [first] = answer;
  if (!first) throw new Error(`${hostname} resolved to no address`);
  if (!allowInsecure) {
    const refusals = answer.map(({ address }) => refusalOfAddress(address)).filter(Boolean);
    if (refusals.length > 0) throw new RefusedDestination(`${hostname}: ${refusals.join('; ')}`);
  }
  return first;
};

/** A `lookup` that answers every query with the checked address, in whichever shape the caller asks for. */
const pinnedLookup =
  (pinned: ResolvedAddress): LookupFunction =>
  (_hostname, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };

export const createPinnedWebhookSender = (options: PinnedSenderOptions): WebhookSender => {
  const resolve = options.resolve ?? systemResolver;
  return {
    post: async (rawUrl, body, headers) => {
      const url = new URL(rawUrl);
      const pinned = await checkedAddress(url.hostname, resolve, options.allowInsecure);
      const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
      return new Promise<{ status: number }>((settle, fail) => {
        const outgoing = request(url, {
          method: 'POST',
          headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
          lookup: pinnedLookup(pinned),
          // a fresh connection per delivery: a pooled socket could lead to an address checked for another URL
          agent: false,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        outgoing.once('response', (response) => {
          settle({ status: response.statusCode ?? 0 });
          response.destroy();
        });
        outgoing.once('error', (error) =>
          fail(error.name === 'AbortError' ? new Error(`no response within ${options.timeoutMs} ms`) : error),
        );
        outgoing.end(body);
      });
    },
  };
};
