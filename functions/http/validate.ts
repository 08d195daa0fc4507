// zod validation at the edge. A failed parse becomes VALIDATION_FAILED with one entry per field, and the
// schema is registered for the OpenAPI document (hono-openapi), so the spec is generated from what is enforced.
import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import type { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { fieldErrorsOf } from '../core/field-issues.ts';

export const validate = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) =>
  validator(target, schema, (result) => {
    if (!result.success) {
      // hono-openapi validates with the schema's standard interface: a zod schema's issues are zod's own
      const issues = result.error as readonly z.core.$ZodIssue[];
      throw new AppError('VALIDATION_FAILED', 'Some fields are not valid.', {
        errors: fieldErrorsOf(issues, result.data),
      });
    }
  });
