// Idempotency-Key on POST as a core verb (docs/architecture.md §11): the same key and body replay the first
// answer; the same key with another body is refused (422); a retry while the first request still runs gets 409.
// Keys are per caller and per route and expire after 24 h. A running request holds its key for a lease of a
// minute only: if it crashed, the retry after the lease runs the request again and answers what the service says
// now (docs/security.md, "Idempotency"). The HTTP layer only reads the header and records the answer.
import type { Actor } from '../accounts.ts';
import { sha256Hex } from '../canonical-json.ts';
import { AppError } from '../errors.ts';
import type { Clock, IdempotencyRecord, IdempotencyStore } from '../ports.ts';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const LIFETIME_MS = 24 * 3_600_000;
/** Longer than any request may run (the api Lambda times out well before), short enough for a retry to recover. */
export const IDEMPOTENCY_LEASE_MS = 60_000;
/** Answers worth replaying; a 429 or 5xx means "try again", so the key is released instead. */
const replayable = (status: number) => status < 500 && status !== 429;

export interface IdempotencyDeps {
  issuerId: string;
  idempotency: IdempotencyStore;
  clock: Clock;
}

/** What a request answered, as it is kept for a replay; the body is read only when it is kept. */
export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body: () => Promise<string>;
}

export interface IdempotentRequest {
  actor: Actor;
  /** Method and path, e.g. `POST /api/applications`: a key is scoped by it. */
  route: string;
  key: string;
  /** SHA-256 (hex) of the request body. */
  requestHash: string;
}

export type IdempotentOutcome =
  | { replayed: false }
  | { replayed: true; status: number; headers: Record<string, string>; body: string | undefined };

const assertKey = (key: string) => {
  if (!KEY_PATTERN.test(key)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'The Idempotency-Key header must be 1–255 visible ASCII characters.',
      {
        errors: [
          {
            path: 'Idempotency-Key',
            message: 'must be 1–255 visible ASCII characters',
            code: 'invalid_format',
          },
        ],
      },
    );
  }
};

/** Runs `work` once per key, or answers what its first run answered. */
export const runIdempotent =
  (deps: IdempotencyDeps) =>
  async (request: IdempotentRequest, work: () => Promise<RecordedAnswer>): Promise<IdempotentOutcome> => {
    assertKey(request.key);
    const scope = sha256Hex(`${request.actor.userId}\n${request.route}\n${request.key}`);
    const now = deps.clock.now();
    const record: IdempotencyRecord = {
      key: scope,
      requestHash: request.requestHash,
      state: 'IN_PROGRESS',
      expiresAt: new Date(now.getTime() + LIFETIME_MS).toISOString(),
      leaseExpiresAt: new Date(now.getTime() + IDEMPOTENCY_LEASE_MS).toISOString(),
    };
    const earlier = await deps.idempotency.claim(deps.issuerId, record, now);
    if (earlier) {
      if (earlier.requestHash !== request.requestHash) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for a different request.',
        );
      }
      if (earlier.state !== 'DONE') {
        throw new AppError(
          'IDEMPOTENCY_IN_PROGRESS',
          'The first request with this Idempotency-Key is still running.',
          { retryAfterSeconds: 1 },
        );
      }
      return {
        replayed: true,
        status: earlier.status ?? 200,
        headers: earlier.headers ?? {},
        body: earlier.body,
      };
    }
    let answer: RecordedAnswer;
    try {
      answer = await work();
    } catch (error) {
      await deps.idempotency.release(deps.issuerId, scope);
      throw error;
    }
    if (!replayable(answer.status)) {
      await deps.idempotency.release(deps.issuerId, scope);
      return { replayed: false };
    }
    const { leaseExpiresAt: _running, ...finished } = record;
    await deps.idempotency.complete(deps.issuerId, {
      ...finished,
      state: 'DONE',
      status: answer.status,
      headers: answer.headers,
      body: await answer.body(),
    });
    return { replayed: false };
  };
