// Stands in for zod-to-json-schema in the Lambda bundles. hono-openapi's schema converter imports it only for zod 3
// schemas, which this code has none of (all are zod 4, converted by zod/v4/core); it is installed at all only as a
// dependency of the local mail catcher's packages (docs/mail.md), and bundling it added ~80 KiB to every function.
export const zodToJsonSchema = (): never => {
  throw new Error('zod 3 schemas are not used: every schema here is zod 4');
};
