// Node's codes for a request that never got an answer (the service is down, unreachable or cut the line):
// worth a retry whichever AWS client saw them, so every adapter counts them as "unavailable".
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

export const isNetworkFailure = (error: unknown): boolean => {
  const { code } = (error ?? {}) as { code?: unknown };
  return typeof code === 'string' && NETWORK_CODES.has(code);
};
