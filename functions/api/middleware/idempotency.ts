// Idempotency-Key on POST: the HTTP side of the core's idempotency verb (functions/core/idempotency/): it reads
// the header and the body's hash, lets the core decide whether the handler runs, and replays a stored answer.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { RecordedAnswer } from '../../core/idempotency/run-idempotent.ts';
import type { ApiEnv } from '../context.ts';

/** The headers a replay repeats. */
const KEPT_HEADERS = ['content-type', 'location'];

const recorded = (response: Response): RecordedAnswer => {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers.get(name);
    if (value) headers[name] = value;
  }
  return { status: response.status, headers, body: () => response.clone().text() };
};

export const idempotency: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const key = c.req.header('Idempotency-Key');
  const actor = c.var.actor;
  if (c.req.method !== 'POST' || key === undefined || !actor) return next();
  const requestHash = createHash('sha256')
    .update(new Uint8Array(await c.req.raw.clone().arrayBuffer()))
    .digest('hex');
  const outcome = await c.var.core.idempotency.run(
    { actor, route: `${c.req.method} ${c.req.path}`, key, requestHash },
    async () => {
      await next();
      return recorded(c.res);
    },
  );
  if (!outcome.replayed) return;
  return new Response(outcome.body ?? null, {
    status: outcome.status,
    headers: { ...outcome.headers, 'Idempotent-Replayed': 'true' },
  });
};
