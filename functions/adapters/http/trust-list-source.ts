// Where the trust list comes from (docs/network.md §6): the configured URL or file, nothing else; and the
// revocation list of a member at the statusListUrl the verified, operator-signed list names. No redirects
// (a redirect could lead anywhere), a deadline, a size bound, and https except to loopback (local stacks).
import { readFile } from 'node:fs/promises';
import type { TrustListSource } from '../../core/ports.ts';

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 2 * 1024 * 1024;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const checkedUrl = (text: string): URL => {
  const url = new URL(text);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return url;
  throw new Error(`${url.origin} is neither https nor loopback`);
};

const fetchText = async (text: string): Promise<string> => {
  const url = checkedUrl(text);
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
  const body = await response.text();
  if (body.length > MAX_BYTES) throw new Error(`${url.href} answered more than ${MAX_BYTES} bytes`);
  return body;
};

export const createTrustListSource = (where: { url?: string; file?: string }): TrustListSource => {
  const location = where.file ?? where.url ?? '';
  return {
    location,
    fetchList: () => (where.file ? readFile(where.file, 'utf8') : fetchText(location)),
    fetchMemberRevocations: (url) => fetchText(url),
  };
};
