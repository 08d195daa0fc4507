// One structured access-log line per request, in each of the three apps (docs/deploy.md "Logs"): the request id,
// the chamber, the method, the route pattern as registered (`/api/applications/:id`, never the path with its ids
// and verification codes), the status and the time taken. Nothing else of the request: no query, no body, no
// e-mail, token or address (docs/security.md: the service keeps no more about people than it needs).
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { logger } from '../adapters/log/json-logger.ts';

/** What the line says; the field names are the contract of the dashboards and metric filters (docs/deploy.md). */
export interface AccessLogEntry {
  requestId: string;
  chamberId: string | null;
  method: string;
  route: string;
  status: number;
  latencyMs: number;
}

/** The chamber each request was answered for, told by resolveChamber (chamber-routing.ts) when it decides. */
const chamberOfRequest = new WeakMap<Request, string>();
/** Requests already being logged: where the apps are mounted together (local/server.ts), each one's log wraps all. */
const logged = new WeakSet<Request>();

export const noteChamber = (c: Context, chamberId: string) => {
  chamberOfRequest.set(c.req.raw, chamberId);
};

// API Gateway's and Lambda's ids are [A-Za-z0-9-]; a header that looks otherwise is not taken into the logs
const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

/** Lambda's request id (hono/aws-lambda puts the Lambda context in the env), else API Gateway's, else a new one. */
const requestIdOf = (c: Context): string => {
  const env = c.env as { lambdaContext?: { awsRequestId?: unknown } } | undefined;
  const candidates = [env?.lambdaContext?.awsRequestId, c.req.header('x-amzn-requestid')];
  const found = candidates.find(
    (value): value is string => typeof value === 'string' && REQUEST_ID.test(value),
  );
  return found ?? randomUUID();
};

/** The pattern of the handler the request was routed to; middleware patterns only when no handler matched. */
const routeOf = (c: Context): string => {
  const routes = matchedRoutes(c);
  const handler = routes.findLast((route) => route.method !== 'ALL') ?? routes.at(-1);
  return handler?.path ?? '(none)';
};

export const accessLog =
  (
    write: (entry: AccessLogEntry) => void = (entry) => logger.info('request', { ...entry }),
  ): MiddlewareHandler =>
  async (c, next) => {
    if (logged.has(c.req.raw)) return next();
    logged.add(c.req.raw);
    const started = performance.now();
    const requestId = requestIdOf(c);
    await next();
    try {
      c.res.headers.set('X-Request-Id', requestId);
    } catch {
      // a response with immutable headers (one passed through from fetch) goes out without it
    }
    write({
      requestId,
      chamberId: chamberOfRequest.get(c.req.raw) ?? null,
      method: c.req.method,
      route: routeOf(c),
      status: c.res.status,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
