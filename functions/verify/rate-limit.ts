// Per-client rate limiting of the public endpoints: a fixed window per address, kept in memory.
// Each Lambda container counts on its own; API Gateway's stage throttling bounds the total.
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../core/errors.ts';

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  clientAddress: (c: Context) => string | undefined;
  now?: () => number;
}

const MAX_TRACKED = 10_000;

export const rateLimit = (options: RateLimitOptions): MiddlewareHandler => {
  const windows = new Map<string, { start: number; count: number }>();
  const now = options.now ?? Date.now;
  return async (c, next) => {
    const client = options.clientAddress(c) ?? 'unknown';
    const at = now();
    let window = windows.get(client);
    if (!window || at - window.start >= options.windowMs) {
      if (windows.size >= MAX_TRACKED) windows.clear();
      window = { start: at, count: 0 };
      windows.set(client, window);
    }
    window.count += 1;
    if (window.count > options.limit) {
      throw new AppError('RATE_LIMITED', 'Too many verification requests from this address; slow down.', {
        retryAfterSeconds: (window.start + options.windowMs - at) / 1000,
      });
    }
    await next();
  };
};
