// Idempotency-Key on POST: the same key and body replays the first response; the same key with another body
// is refused (422); a retry while the first request still runs gets 409. Keys are per caller and expire after 24 h.
// A running request holds its key for a lease of a minute only: if it crashed, the retry after the lease runs
// the request again and answers what the service says now (docs/security.md, "Idempotency").
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { sha256Hex } from '../../core/canonical-json.ts';
import { AppError } from '../../core/errors.ts';
import type { IdempotencyRecord } from '../../core/ports.ts';
import type { ApiEnv } from '../env.ts';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const LIFETIME_MS = 24 * 3_600_000;
/** Longer than any request may run (the api Lambda times out well before), short enough for a retry to recover. */
export const IDEMPOTENCY_LEASE_MS = 60_000;
/** Responses worth replaying; a 429 or 5xx means "try again", so the key is released instead. */
const replayable = (status: number) => status < 500 && status !== 429;

export const idempotency: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const key = c.req.header('Idempotency-Key');
  const actor = c.var.actor;
  if (c.req.method !== 'POST' || key === undefined || !actor) return next();
  if (!KEY_PATTERN.test(key)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'The Idempotency-Key header must be 1–255 visible ASCII characters.',
      {
        errors: [{ path: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }],
      },
    );
  }
  const { core } = c.var;
  const scope = sha256Hex(`${actor.userId}\n${c.req.method} ${c.req.path}\n${key}`);
  const requestHash = createHash('sha256')
    .update(new Uint8Array(await c.req.raw.clone().arrayBuffer()))
    .digest('hex');
  const now = core.clock.now();
  const record: IdempotencyRecord = {
    key: scope,
    requestHash,
    state: 'IN_PROGRESS',
    expiresAt: new Date(now.getTime() + LIFETIME_MS).toISOString(),
    leaseExpiresAt: new Date(now.getTime() + IDEMPOTENCY_LEASE_MS).toISOString(),
  };
  const earlier = await core.idempotency.claim(core.issuer.id, record, now);
  if (earlier) {
    if (earlier.requestHash !== requestHash) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.');
    }
    if (earlier.state !== 'DONE') {
      throw new AppError(
        'IDEMPOTENCY_IN_PROGRESS',
        'The first request with this Idempotency-Key is still running.',
        { retryAfterSeconds: 1 },
      );
    }
    return new Response(earlier.body ?? null, {
      status: earlier.status ?? 200,
      headers: { ...earlier.headers, 'Idempotent-Replayed': 'true' },
    });
  }
  try {
    await next();
  } catch (error) {
    await core.idempotency.release(core.issuer.id, scope);
    throw error;
  }
  const { res } = c;
  if (!replayable(res.status)) {
    await core.idempotency.release(core.issuer.id, scope);
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'location']) {
    const value = res.headers.get(name);
    if (value) headers[name] = value;
  }
  const { leaseExpiresAt: _running, ...finished } = record;
  await core.idempotency.complete(core.issuer.id, {
    ...finished,
    state: 'DONE',
    status: res.status,
    headers,
    body: await res.clone().text(),
  });
};
