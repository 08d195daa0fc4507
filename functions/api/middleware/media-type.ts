// What an unsafe request may carry: JSON, or multipart/form-data for a document upload; a request without a
// body may have no Content-Type but JSON's. A browser form (text/plain, urlencoded) is thus never mistaken for an
// API call, and an unreadable body is told apart from an invalid one. See docs/security.md, "CSRF".
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/([\w.+-]*\+)?json\s*(;|$)/i;
const MULTIPART_TYPE = /^multipart\/form-data\s*;/i;

const isUpload = (method: string, path: string) => method === 'POST' && path.endsWith('/attachments');

/** Runs after the body limit, so reading a copy of the body is bounded. */
const hasNoBody = async (request: Request) =>
  request.body === null || (await request.clone().arrayBuffer()).byteLength === 0;

export const requireApiMediaType: MiddlewareHandler = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  const type = c.req.header('content-type');
  const upload = isUpload(c.req.method, c.req.path);
  const accepted = upload
    ? type !== undefined && MULTIPART_TYPE.test(type)
    : type === undefined
      ? await hasNoBody(c.req.raw)
      : JSON_TYPE.test(type);
  if (!accepted) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      upload
        ? 'Send the document as multipart/form-data.'
        : 'Send the request body as JSON, with Content-Type: application/json.',
    );
  }
  await next();
};
