// The caller's network address, as each runtime tells it (Node's socket, API Gateway's source IP): what login
// throttling and the public rate limit count by.
import type { Context } from 'hono';
import type { GetConnInfo } from 'hono/conninfo';

/** A reader of the caller's address for this runtime; undefined where there is none to read. */
export const clientAddressOf =
  (connInfo: GetConnInfo | undefined) =>
  (c: Context): string | undefined => {
    try {
      return connInfo?.(c).remote.address;
    } catch {
      return undefined; // app.request() in tests has no socket
    }
  };
