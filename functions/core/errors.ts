// One error taxonomy for the whole service. Codes are stable API; HTTP status is decided in one place (http/problem.ts).

/** The stable codes of problem+json answers; the OpenAPI document's `Problem.code` enumerates them (docs/api.md). */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'VERSION_CONFLICT',
  'INVALID_TRANSITION',
  'SEPARATION_OF_DUTIES',
  'ISSUANCE_IN_PROGRESS',
  'REPLACEMENT_FORBIDDEN',
  'REPLACEMENT_IN_PROGRESS',
  'ALREADY_REPLACED',
  'ORGANISATION_DISABLED',
  'UNKNOWN_CHAMBER',
  'CHAMBER_NOT_ACTIVE',
  'UNSUPPORTED_MEDIA_TYPE',
  'DOCUMENT_DAMAGED',
  'UNSUPPORTED_CERTIFICATE_TYPE',
  'RATE_LIMITED',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_IN_PROGRESS',
  'CSRF_REJECTED',
  'ATTACHMENT_LIMIT',
  'WEAK_PASSWORD',
  'RESET_TOKEN_INVALID',
  'PASSWORD_CHANGE_REQUIRED',
  'EMAIL_UNAVAILABLE',
  'SIGNATORY_REQUIRED',
  'TIMESTAMP_UNAVAILABLE',
  'SEALING_UNAVAILABLE',
  'STORAGE_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Why one field was refused, as a stable word (docs/architecture.md: errors carry codes, not wording to parse):
 * clients and the portal act on `code` and its `params`; `message` is English for people reading the API.
 */
export const ISSUE_CODES = [
  'required',
  'must_be_empty',
  'required_for_exporters',
  'only_for_exporters',
  'already_registered',
  'empty',
  'too_short',
  'too_long',
  'too_few',
  'too_many',
  'too_small',
  'not_positive',
  'too_large',
  'not_a_number',
  'not_whole_number',
  'wrong_type',
  'not_an_option',
  'unknown_field',
  'invalid_format',
  'not_a_date',
  'not_an_id',
  'invalid_email',
  'invalid_url',
  'not_a_country',
  'not_an_hs_code',
  'unprintable',
  'gross_mass_or_measure',
  'same_parties',
  'origin_not_a_party',
  'destination_not_other_party',
  'invoice_document_missing',
  'weak_password',
  'incorrect',
  'unavailable',
  'not_found',
  'damaged',
  'invalid',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** What the wording of an issue needs: `minimum` / `maximum` for bounds, `character` for unprintable text. */
export type IssueParams = Record<string, string | number>;

export interface FieldError {
  path: string;
  message: string;
  code: IssueCode;
  params?: IssueParams;
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
