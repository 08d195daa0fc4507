// JSON bodies must be UTF-8 (RFC 8259 §8.1). Decoded leniently, invalid bytes would become U+FFFD and be
// stored as if the client had sent them; refused here, the client learns its encoding is wrong.
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../core/errors.ts';

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;

export const strictUtf8Json: MiddlewareHandler = async (c, next) => {
  if (c.req.raw.body && JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    // a copy: the body stays unread for the validators and the idempotency check after this
    const bytes = await c.req.raw.clone().arrayBuffer();
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new AppError('MALFORMED_REQUEST', 'The request body is not valid UTF-8 JSON.');
    }
  }
  await next();
};
