// What the application schemas derive from their complete form: the draft (every box optional, nested
// boxes too, so that the portal saves whatever has been typed) and the data as submit checks it (a missing
// box stands for an empty one, so that each of its fields is reported at once instead of the box alone).
import * as z from 'zod';

/**
 * The draft of a schema: objects with every key optional, lists with their upper bound only. Leaves keep
 * their own checks (length, format, printable text); rules across fields are the complete schema's.
 */
export const draftOf = (schema: z.ZodType): z.ZodType => {
  if (schema instanceof z.ZodOptional) return draftOf(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(
      Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, inner]) => [
        key,
        draftOf(inner).optional(),
      ]),
    );
    return z.strictObject(shape);
  }
  if (schema instanceof z.ZodArray) {
    const bounds = (schema._zod.def.checks ?? []).filter(
      (check) => check._zod.def.check === 'max_length',
    ) as z.core.$ZodCheck<unknown[]>[];
    return z.array(draftOf(schema.element as z.ZodType)).check(...bounds);
  }
  return schema;
};

/** The object schema under optional wrappers, if there is one. */
const objectOf = (schema: z.ZodType): z.ZodObject | undefined => {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  return inner instanceof z.ZodObject ? inner : undefined;
};

/**
 * The data with every required box that is missing given as empty (`{}`), down through goods lines, so
 * that the complete schema names each missing field ("consignee.name", "consignee.address", …).
 */
export const withEmptyBoxes = (schema: z.ZodType, data: unknown): unknown => {
  const object = objectOf(schema);
  if (object && typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const record = data as Record<string, unknown>;
    const filled: Record<string, unknown> = { ...record };
    for (const [key, inner] of Object.entries(object.shape as Record<string, z.ZodType>)) {
      const value = record[key];
      if (value === undefined && !(inner instanceof z.ZodOptional) && objectOf(inner)) {
        filled[key] = withEmptyBoxes(inner, {});
      } else if (value !== undefined) {
        filled[key] = withEmptyBoxes(inner, value);
      }
    }
    return filled;
  }
  if (schema instanceof z.ZodArray && Array.isArray(data)) {
    return data.map((item) => withEmptyBoxes(schema.element as z.ZodType, item));
  }
  return data;
};

/**
 * A positive amount (a mass, a quantity, a measure) up to `max`, from one thousandth: smaller numbers print as 0
 * and DynamoDB cannot store below 1e-130 (a 5e-324 once failed a save with a storage error instead of a 400).
 */
export const positiveAmount = (max: number) => z.number().min(0.001).max(max);
