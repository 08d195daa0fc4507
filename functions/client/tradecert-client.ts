// The typed client of the tradecert API for ERP systems and scripts (docs/integration.md): openapi-fetch over the
// schema types generated from /openapi.json (api-schema.ts, `npm run client:generate`), with the base URL and the
// bearer credential (an API key `tck_…` or a session token) set once. It imports nothing of the service: a copy of
// this folder, or the same two files generated from a deployment's /openapi.json, is a complete client.
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './api-schema.ts';

export type { paths } from './api-schema.ts';
export type TradecertClient = Client<paths>;

export interface TradecertClientOptions {
  /** The deployment's origin, e.g. https://certificates.chamber.example (a chamber's path form /c/<id> too). */
  baseUrl: string;
  /** `Authorization: Bearer …` on every request: an API key (tck_…) or a session token from /api/auth/login. */
  credential?: string;
  /** Another fetch (a test's, one with a proxy); globalThis.fetch by default. */
  fetch?: (request: Request) => Promise<Response>;
}

export const createTradecertClient = (options: TradecertClientOptions): TradecertClient =>
  createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.credential ? { headers: { Authorization: `Bearer ${options.credential}` } } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

/** An application/problem+json answer (RFC 9457) with its stable `code`: act on the code, show the detail. */
export class TradecertProblem extends Error {
  override readonly name = 'TradecertProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    /** Per-field problems of VALIDATION_FAILED: `{path, message, code, params?}`. */
    readonly errors: readonly unknown[] = [],
    /** Seconds to wait before retrying, from `Retry-After` (RATE_LIMITED, STORAGE_UNAVAILABLE, IDEMPOTENCY_IN_PROGRESS). */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status} ${code}: ${detail}`);
  }
}

/** Every success answer has its schema in /openapi.json; an answer without a body (204) gives undefined. */
type BodyOf<Data> = [NonNullable<Data>] extends [never] ? undefined : NonNullable<Data>;

/**
 * The body of a successful answer, or a TradecertProblem thrown for an error answer. With `parseAs: 'stream'`
 * or a 204 there is no body to give: use the result's `response`.
 */
export const bodyOf = <Data>(result: { data?: Data; error?: unknown; response: Response }): BodyOf<Data> => {
  if (result.response.ok) return result.data as BodyOf<Data>;
  const problem = (result.error ?? {}) as { code?: unknown; detail?: unknown; errors?: unknown };
  const retryAfter = Number(result.response.headers.get('Retry-After') ?? Number.NaN);
  throw new TradecertProblem(
    result.response.status,
    typeof problem.code === 'string' ? problem.code : `HTTP_${result.response.status}`,
    typeof problem.detail === 'string' ? problem.detail : result.response.statusText,
    Array.isArray(problem.errors) ? problem.errors : [],
    Number.isFinite(retryAfter) ? retryAfter : undefined,
  );
};

export type AttachmentKind = 'invoice' | 'packing-list' | 'transport-document' | 'other';

/** Uploads one document (PDF, PNG or JPEG, ≤ 10 MB) to an application that is still editable. */
export const uploadAttachment = async (
  client: TradecertClient,
  input: {
    applicationId: string;
    kind: AttachmentKind;
    file: Blob;
    fileName: string;
    idempotencyKey?: string;
  },
) => {
  const form = new FormData();
  form.set('kind', input.kind);
  form.set('file', input.file, input.fileName);
  return bodyOf(
    await client.POST('/api/applications/{id}/attachments', {
      params: { path: { id: input.applicationId } },
      // multipart: openapi-fetch sends a FormData as it is, with its boundary; the generated body type describes
      // the fields, not the FormData that carries them
      body: form as never,
      ...(input.idempotencyKey ? { headers: { 'Idempotency-Key': input.idempotencyKey } } : {}),
    }),
  );
};
