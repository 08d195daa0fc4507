// One error taxonomy for the whole service. Codes are stable API; HTTP status is decided in one place (http/problem.ts).

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'INVALID_TRANSITION'
  | 'SEPARATION_OF_DUTIES'
  | 'ISSUANCE_IN_PROGRESS'
  | 'REPLACEMENT_FORBIDDEN'
  | 'REPLACEMENT_IN_PROGRESS'
  | 'ALREADY_REPLACED'
  | 'ORGANISATION_DISABLED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'DOCUMENT_DAMAGED'
  | 'UNSUPPORTED_CERTIFICATE_TYPE'
  | 'RATE_LIMITED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'CSRF_REJECTED'
  | 'ATTACHMENT_LIMIT'
  | 'WEAK_PASSWORD'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'EMAIL_UNAVAILABLE'
  | 'STORAGE_UNAVAILABLE'
  | 'INTERNAL';

export interface FieldError {
  path: string;
  message: string;
  /** A stable word for why, where a client may act on it (WEAK_PASSWORD: TOO_SHORT, COMMON, …). */
  reason?: string;
}

export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; errors?: FieldError[]; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.errors = options?.errors;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  readonly errors: FieldError[] | undefined;
  /** For RATE_LIMITED and STORAGE_UNAVAILABLE: when trying again makes sense. */
  readonly retryAfterSeconds: number | undefined;
}

export const isAppError = (error: unknown, code?: ErrorCode): error is AppError =>
  error instanceof AppError && (code === undefined || error.code === code);
