// A posted form's body and its plain fields: text trimmed, the record version every change form carries.
import type { Context } from 'hono';
import { AppError } from '../core/errors.ts';
import type { PortalEnv } from './context.ts';

/** The posted form, every field as the browser sent it (repeated names as arrays). */
export const postedForm = async (c: Context<PortalEnv>) =>
  c.req.parseBody({ all: true }).catch((error: unknown) => {
    throw new AppError('MALFORMED_REQUEST', 'The form could not be read.', { cause: error });
  });

export const field = (form: Record<string, unknown>, name: string): string => {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
};

export const versionOf = (form: Record<string, unknown>): number => {
  const version = Number(field(form, 'version'));
  if (!Number.isInteger(version) || version < 1) {
    throw new AppError('MALFORMED_REQUEST', 'The form has no valid version; reload the page.');
  }
  return version;
};
