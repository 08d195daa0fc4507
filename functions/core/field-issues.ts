// The core's zod issues as field errors with a stable issue code (errors.ts, ISSUE_CODES): read from what zod
// says structurally (its issue code, origin, format, bounds) and from the code a refinement names in its
// params, never from the English message, so that rewording a message changes no client's behaviour.
import type * as z from 'zod';
import { type FieldError, ISSUE_CODES, type IssueCode, type IssueParams } from './errors.ts';

type PathSegment = PropertyKey | { key: PropertyKey };
type Issue = z.core.$ZodIssue;

/** The issue codes of the patterns the schemas name with namedPattern, by the pattern's source. */
const patternCodes = new Map<string, IssueCode>();

/** A pattern whose failure is reported as `code` (a plain `.regex` is only `invalid_format`). */
export const namedPattern = (code: IssueCode, pattern: RegExp): RegExp => {
  patternCodes.set(String(pattern), code);
  return pattern;
};

/** The params a refinement adds (`params: { code: 'same_parties' }`) carry its code. */
export const issueParams = (code: IssueCode, params: IssueParams = {}) => ({ ...params, code });

const keyOf = (segment: PathSegment): PropertyKey => (typeof segment === 'object' ? segment.key : segment);

const valueAt = (input: unknown, path: readonly PathSegment[]): unknown =>
  path.reduce<unknown>(
    (node, segment) =>
      typeof node === 'object' && node !== null
        ? (node as Record<PropertyKey, unknown>)[keyOf(segment)]
        : undefined,
    input,
  );

const isIssueCode = (value: unknown): value is IssueCode =>
  typeof value === 'string' && (ISSUE_CODES as readonly string[]).includes(value);

const FORMAT_CODES: Record<string, IssueCode> = {
  date: 'not_a_date',
  email: 'invalid_email',
  url: 'invalid_url',
  uuid: 'not_an_id',
  guid: 'not_an_id',
};

type Coded = { code: IssueCode; params?: IssueParams };

const sizeIssue = (
  issue: Issue & { origin: string },
  bound: 'minimum' | 'maximum',
  value: unknown,
): Coded => {
  const params = { [bound]: Number(value) };
  if (bound === 'minimum') {
    if (issue.origin === 'string')
      return Number(value) <= 1 ? { code: 'required' } : { code: 'too_short', params };
    if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_few', params };
    const exclusiveZero = Number(value) === 0 && !('inclusive' in issue && issue.inclusive);
    return exclusiveZero ? { code: 'not_positive' } : { code: 'too_small', params };
  }
  if (issue.origin === 'string') return { code: 'too_long', params };
  if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_many', params };
  return { code: 'too_large', params };
};

/** The stable code of one zod issue; `input` is what was parsed, to tell a missing value from a wrong one. */
export const issueOf = (issue: Issue, input: unknown): Coded => {
  // a value that is not there is missing, whatever zod expected of it (a string, one of an enum's options, …)
  const missing =
    issue.code !== 'custom' && issue.code !== 'unrecognized_keys' && valueAt(input, issue.path) === undefined;
  if (missing) return { code: 'required' };
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return { code: 'not_whole_number' };
      if (issue.expected === 'number') return { code: 'not_a_number' };
      return { code: 'wrong_type', params: { expected: String(issue.expected) } };
    case 'too_small':
      return sizeIssue(issue, 'minimum', issue.minimum);
    case 'too_big':
      return sizeIssue(issue, 'maximum', issue.maximum);
    case 'invalid_format':
      if (issue.format === 'regex')
        return { code: patternCodes.get(String(issue.pattern)) ?? 'invalid_format' };
      return { code: FORMAT_CODES[issue.format] ?? 'invalid_format' };
    case 'invalid_value':
    case 'invalid_union':
      return { code: 'not_an_option' };
    case 'unrecognized_keys':
      return { code: 'unknown_field' };
    case 'custom': {
      const { code, ...params } = (issue.params ?? {}) as Record<string, string | number>;
      if (!isIssueCode(code)) return { code: 'invalid' };
      return Object.keys(params).length > 0 ? { code, params } : { code };
    }
    default:
      return { code: 'invalid' };
  }
};

/** A dotted path (`goods.1.hsCode`) under `prefix`, or `(body)` for the whole input. */
export const dottedPath = (path: readonly PathSegment[] | undefined, prefix = ''): string =>
  [prefix, ...(path ?? []).map((segment) => String(keyOf(segment)))].filter(Boolean).join('.') || '(body)';

/** One field error per issue: its path, zod's English message and the issue code. */
export const fieldErrorsOf = (issues: readonly Issue[], input: unknown, prefix = ''): FieldError[] =>
  issues.map((issue) => ({
    path: dottedPath(issue.path, prefix),
    message: issue.message,
    ...issueOf(issue, input),
  }));
