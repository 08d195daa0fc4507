// How the apps describe their answers in the OpenAPI document (docs/api.md): one `Problem` schema whose `code`
// enumerates the stable codes of core/errors.ts (never typed twice), `problems(400, 404, …)` for the error statuses
// a route can answer, each naming its codes, and small builders for success bodies, merged by `responses()`.
import type { DescribeRouteOptions } from 'hono-openapi';
import { resolver } from 'hono-openapi';
import * as z from 'zod';
import { ERROR_CODES, type ErrorCode, ISSUE_CODES } from '../core/errors.ts';
import { statusOf } from './problem.ts';

type Responses = NonNullable<DescribeRouteOptions['responses']>;
type Response = Responses[string];
type Schema = Parameters<typeof resolver>[0];

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export const FieldErrorSchema = z
  .strictObject({
    path: z.string().meta({ description: 'The field, dotted (`goods.0.hsCode`), or `(body)`' }),
    message: z.string().meta({ description: 'English, for people; act on `code`' }),
    code: z.enum(ISSUE_CODES),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    reason: z.string().optional().meta({ description: 'WEAK_PASSWORD: TOO_SHORT, COMMON, …' }),
  })
  .meta({ id: 'FieldError', description: 'Why one field was refused (docs/architecture.md §5)' });

export const ProblemSchema = z
  .strictObject({
    type: z.string().url(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    code: z.enum(ERROR_CODES),
    detail: z.string(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({
    id: 'Problem',
    description:
      'RFC 9457 problem details with a stable `code`; `errors` for VALIDATION_FAILED and WEAK_PASSWORD',
    examples: [
      {
        type: 'https://tradecert.dev/problems/validation-failed',
        title: 'The request is not valid',
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: 'Some fields are not valid.',
        errors: [{ path: 'consignee.name', message: 'is required', code: 'required' }],
      },
    ],
  });

/** The codes answered with one HTTP status, in the order of core/errors.ts. */
export const codesWithStatus = (status: number): ErrorCode[] =>
  ERROR_CODES.filter((code) => statusOf(code) === status);

const problemResponse = (status: number): Response => {
  const codes = codesWithStatus(status);
  if (codes.length === 0)
    throw new Error(`No error code answers ${status} (core/errors.ts, http/problem.ts)`);
  return {
    description: codes.join(', '),
    ...(status === 429 || status === 503 ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
    content: { [PROBLEM_MEDIA_TYPE]: { schema: resolver(ProblemSchema) } },
  };
};

const RETRY_AFTER = {
  description: 'Seconds to wait before trying again',
  schema: { type: 'integer', minimum: 1 },
} as const;

/** The error statuses a route can answer, as application/problem+json responses naming their codes. */
export const problems = (...statuses: number[]): Responses =>
  Object.fromEntries(
    [...new Set(statuses)].sort((a, b) => a - b).map((status) => [status, problemResponse(status)]),
  );

/** A JSON body described by a zod schema (the one the handler builds its answer to). */
export const json = (description: string, schema: Schema, mediaType = 'application/json'): Response => ({
  description,
  content: { [mediaType]: { schema: resolver(schema) } },
});

/** A body that is not JSON: a file, a compact JWS, a page. */
export const body = (description: string, ...mediaTypes: string[]): Response => ({
  description,
  content: Object.fromEntries(
    mediaTypes.map((mediaType) => [
      mediaType,
      {
        schema: mediaType.startsWith('text/')
          ? { type: 'string' }
          : mediaType.startsWith('application/') && /jwt|jose/.test(mediaType)
            ? { type: 'string', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+$' }
            : { type: 'string', contentMediaType: mediaType },
      },
    ]),
  ),
});

/** Response headers, each a string, described in a word. */
export const headerDocs = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).map(([name, text]) => [
      name,
      { description: text, schema: { type: 'string' as const } },
    ]),
  );

/** No body (204, 303). */
export const empty = (description: string, headers?: Record<string, string>): Response => ({
  description,
  ...(headers ? { headers: headerDocs(headers) } : {}),
});

/**
 * Merges response maps: a status that two maps name keeps both media types (a verification's 404 is a JSON
 * outcome, a malformed request's 400 problem+json), and both descriptions.
 */
export const responses = (...maps: Responses[]): Responses => {
  const merged: Record<string, Response> = {};
  for (const map of maps) {
    for (const [status, response] of Object.entries(map)) {
      const before = merged[status];
      if (!before || '$ref' in before || '$ref' in response) {
        merged[status] = response;
        continue;
      }
      merged[status] = {
        ...before,
        ...response,
        description:
          before.description === response.description
            ? before.description
            : `${before.description}; or ${response.description}`,
        content: { ...before.content, ...response.content },
        ...(before.headers || response.headers
          ? { headers: { ...before.headers, ...response.headers } }
          : {}),
      };
    }
  }
  return merged;
};
