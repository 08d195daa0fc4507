// zod validation at the edge: a failed parse becomes VALIDATION_FAILED with one entry per field.
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { AppError } from '../core/errors.ts';

export const validate = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) =>
  zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new AppError('VALIDATION_FAILED', 'Some fields are not valid.', {
        errors: result.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.') || '(body)',
          message: issue.message,
        })),
      });
    }
  });
