// The one place where errors become HTTP: application/problem+json with a stable `code` (RFC 9457).
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { logger } from '../adapters/log/json-logger.ts';
import { AppError, type ErrorCode, type FieldError } from '../core/errors.ts';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  SEPARATION_OF_DUTIES: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  INVALID_TRANSITION: 409,
  ISSUANCE_IN_PROGRESS: 409,
  REPLACEMENT_FORBIDDEN: 409,
  REPLACEMENT_IN_PROGRESS: 409,
  ALREADY_REPLACED: 409,
  ORGANISATION_DISABLED: 409,
  UNKNOWN_CHAMBER: 404,
  CHAMBER_NOT_ACTIVE: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DOCUMENT_DAMAGED: 422,
  UNSUPPORTED_CERTIFICATE_TYPE: 422,
  RATE_LIMITED: 429,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  CSRF_REJECTED: 403,
  ATTACHMENT_LIMIT: 409,
  WEAK_PASSWORD: 400,
  RESET_TOKEN_INVALID: 400,
  PASSWORD_CHANGE_REQUIRED: 403,
  EMAIL_UNAVAILABLE: 409,
  PAYLOAD_TOO_LARGE: 413,
  SIGNATORY_REQUIRED: 403,
  TIMESTAMP_UNAVAILABLE: 503,
  SEALING_UNAVAILABLE: 503,
  STORAGE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  MALFORMED_REQUEST: 'The request could not be read',
  UNAUTHENTICATED: 'Log in first',
  INVALID_CREDENTIALS: 'Wrong email or password',
  FORBIDDEN: 'Not allowed',
  SEPARATION_OF_DUTIES: 'Another staff member must approve this',
  NOT_FOUND: 'Not found',
  VERSION_CONFLICT: 'Changed by someone else',
  INVALID_TRANSITION: 'Not possible in the current status',
  ISSUANCE_IN_PROGRESS: 'Issuance in progress',
  REPLACEMENT_FORBIDDEN: 'This certificate may not be replaced',
  REPLACEMENT_IN_PROGRESS: 'A replacement of this certificate is already open',
  ALREADY_REPLACED: 'This certificate has already been replaced',
  ORGANISATION_DISABLED: 'The exporter organisation is disabled',
  UNKNOWN_CHAMBER: 'No chamber answers here',
  CHAMBER_NOT_ACTIVE: 'The chamber is suspended or withdrawn',
  UNSUPPORTED_MEDIA_TYPE: 'File type not accepted',
  DOCUMENT_DAMAGED: 'The file is damaged or incomplete',
  UNSUPPORTED_CERTIFICATE_TYPE: 'This certificate type cannot be issued yet',
  RATE_LIMITED: 'Too many attempts',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused with a different request',
  IDEMPOTENCY_IN_PROGRESS: 'The first request with this idempotency key is still running',
  CSRF_REJECTED: 'Refused: the request did not come from this site',
  ATTACHMENT_LIMIT: 'The application holds the most documents allowed',
  WEAK_PASSWORD: 'The password is too weak',
  RESET_TOKEN_INVALID: 'The password-reset link is not valid',
  PASSWORD_CHANGE_REQUIRED: 'Change your password first',
  EMAIL_UNAVAILABLE: 'This e-mail address cannot be used',
  PAYLOAD_TOO_LARGE: 'Too large',
  SIGNATORY_REQUIRED: 'Only an authorised signatory of the exporter may declare and submit',
  TIMESTAMP_UNAVAILABLE: 'The time-stamping authority is not answering',
  SEALING_UNAVAILABLE: 'The remote sealing service is not answering',
  STORAGE_UNAVAILABLE: 'Temporarily unavailable',
  INTERNAL: 'Something went wrong on our side',
};

/** Outages of a service the request needs: 503 with Retry-After, and the client tries again. */
const RETRYABLE = new Set<ErrorCode>(['STORAGE_UNAVAILABLE', 'TIMESTAMP_UNAVAILABLE', 'SEALING_UNAVAILABLE']);

export const statusOf = (code: ErrorCode): ContentfulStatusCode => STATUS[code];

export const problem = (
  c: Context,
  code: ErrorCode,
  detail: string,
  errors?: FieldError[],
  retryAfterSeconds?: number,
) => {
  const status = STATUS[code];
  const retryAfter = retryAfterSeconds ?? (RETRYABLE.has(code) ? 2 : undefined);
  if (retryAfter !== undefined) c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
  return c.body(
    JSON.stringify({
      type: `https://tradecert.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title: TITLES[code],
      status,
      code,
      detail,
      ...(errors ? { errors } : {}),
    }),
    status,
    { 'Content-Type': 'application/problem+json' },
  );
};

export const onError: ErrorHandler = (error, c) => {
  if (error instanceof AppError) {
    // outages of a service we depend on are operational (503, retried by clients); anything else at 5xx is a defect
    if (RETRYABLE.has(error.code))
      logger.warn('dependency unavailable', { path: c.req.path, code: error.code, error });
    else if (STATUS[error.code] >= 500)
      logger.error('request failed', { path: c.req.path, code: error.code, error });
    return problem(c, error.code, error.message, error.errors, error.retryAfterSeconds);
  }
  if (error instanceof HTTPException) {
    const code: ErrorCode =
      error.status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : error.status === 401
          ? 'UNAUTHENTICATED'
          : 'MALFORMED_REQUEST';
    return problem(c, code, error.message || TITLES[code]);
  }
  logger.error('unhandled error', { path: c.req.path, error });
  return problem(c, 'INTERNAL', 'An unexpected error occurred; it has been logged.');
};

export const notFound: NotFoundHandler = (c) =>
  problem(c, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`);
