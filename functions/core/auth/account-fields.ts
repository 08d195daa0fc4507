// The field rules for organisations and users, in one place: the core's createOrganisation and createUser enforce
// them, the API validates its JSON bodies with them (and so documents them in /openapi.json), and the portal's
// admin forms check them to show each field's error beside it.
import * as z from 'zod';
import { CountryCode } from '../countries.ts';
import { AppError } from '../errors.ts';
import { fieldErrorsOf } from '../field-issues.ts';

const text = (max: number) => z.string().trim().min(1, 'is required').max(max);

export const OrganisationFields = z.strictObject({
  name: text(200),
  address: z.strictObject({
    street: text(200),
    city: text(100),
    postcode: z.string().trim().max(20).optional(),
    country: CountryCode,
  }),
  taxId: z.string().trim().max(40).optional(),
});
export type OrganisationFieldsInput = z.input<typeof OrganisationFields>;

export const UserFields = z.strictObject({
  email: z.string().trim().email('must be an email address').max(254),
  name: text(120),
  role: z.enum(['exporter', 'staff', 'admin']),
  orgId: z.string().uuid().optional(),
  orgAdmin: z.boolean().optional(),
  password: z.string().max(1024).optional(),
});
export type UserFieldsInput = z.input<typeof UserFields>;

/** An authorised signatory as the declaration prints them: "Ana Petrovska, Managing director". */
export const SignatoryFields = z.strictObject({
  fullName: text(120),
  function: text(80),
});
export type SignatoryFieldsInput = z.input<typeof SignatoryFields>;

/** The fields, parsed by their rules, or VALIDATION_FAILED naming each field that breaks one. */
export const parseFields = <Schema extends z.ZodType>(schema: Schema, fields: unknown): z.output<Schema> => {
  const parsed = schema.safeParse(fields);
  if (parsed.success) return parsed.data;
  throw new AppError('VALIDATION_FAILED', 'Some fields are not valid.', {
    errors: fieldErrorsOf(parsed.error.issues, fields),
  });
};
