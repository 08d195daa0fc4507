// The RevocationSource port over HTTP (docs/legal.md §4): GET the URL a certificate's cRLDistributionPoints names.
// CRLs are public and signed, so plain HTTP is what CAs publish them over (RFC 5280 §4.2.1.13); what comes back
// is checked to be a CRL by the core before it goes into a file. A CDP that is down, slow or answers something
// else is SEALING_UNAVAILABLE (503, retried like a TSA outage).
import { AppError } from '../../core/errors.ts';
import type { RevocationSource } from '../../core/ports.ts';

const TIMEOUT_MS = 10_000;
/** Far above any CA's CRL that a seal or TSA certificate would name, far below what would exhaust memory. */
const MAX_CRL_BYTES = 10 * 1024 * 1024;

/**
 * How long a fetched CRL is used again: CRLs are valid for days (until their nextUpdate), and a CA publishes a
 * revocation in a new one; five minutes spares each issuance a round trip to the CDP without hiding a new list
 * for long.
 */
const REUSE_MS = 5 * 60_000;

export const createHttpRevocationSource = (
  fetchImpl: typeof fetch = fetch,
  now: () => number = Date.now,
): RevocationSource => {
  const recent = new Map<string, { crl: Uint8Array; at: number }>();
  const fetchCrl = async (url: string): Promise<Uint8Array> => {
    let response: Response;
    try {
      response = await fetchImpl(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (cause) {
      throw new AppError('SEALING_UNAVAILABLE', `The CRL at ${url} could not be fetched.`, { cause });
    }
    if (!response.ok)
      throw new AppError('SEALING_UNAVAILABLE', `The CRL at ${url} answered ${response.status}.`);
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.length === 0 || body.length > MAX_CRL_BYTES || body[0] !== 0x30)
      throw new AppError('SEALING_UNAVAILABLE', `The CRL at ${url} is not a DER CRL.`);
    return body;
  };
  return {
    crl: async (url) => {
      const known = recent.get(url);
      if (known && now() - known.at < REUSE_MS) return known.crl;
      const crl = await fetchCrl(url);
      recent.set(url, { crl, at: now() });
      return crl;
    },
  };
};
