// zod validation at the edge. A failed parse becomes VALIDATION_FAILED with one entry per field, and the
// schema is registered for the OpenAPI document (hono-openapi), so the spec is generated from what is enforced.
import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import type { z } from 'zod';
import { AppError } from '../core/errors.ts';

type PathSegment = PropertyKey | { key: PropertyKey };

const pathOf = (path: readonly PathSegment[] | undefined): string =>
  (path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.') ||
  '(body)';

export const validate = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) =>
  validator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error as readonly { message: string; path?: readonly PathSegment[] }[];
      throw new AppError('VALIDATION_FAILED', 'Some fields are not valid.', {
        errors: issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message })),
      });
    }
  });
