// Bundled in place of `zod/v4/core` (an esbuild alias, see bundling.ts). hono-openapi converts schemas with
// `await import('zod/v4/core')`, and a dynamic import keeps the whole namespace, every locale of zod's error
// messages included (~250 KB). It only reads `toJSONSchema`, so that is all this module offers.
export { toJSONSchema } from 'zod';
