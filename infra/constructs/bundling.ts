// How each function is bundled, in esbuild's own terms. The CDK construct (esm-function.ts) and the bundle
// report (scripts/bundle-report.ts) both read this, so that what is measured is what is deployed.
import type { BuildOptions } from 'esbuild';
import { REPO_ROOT, repoPath } from './paths.ts';

export interface FunctionBundle {
  readonly name: 'api' | 'verify' | 'portal';
  /** Entry file, relative to the repository root. */
  readonly entry: string;
  /** The most the minified bundle (index.mjs, AWS SDK included) may weigh: cold starts grow with it. */
  readonly budgetBytes: number;
  /** A GET the function answers from its own process, without DynamoDB or S3: the cold-start smoke test. */
  readonly smokePath: string;
}

export const FUNCTION_BUNDLES: readonly FunctionBundle[] = [
  // api: pdf-lib + fontkit (~1 MiB) and, for the PAdES seal, the @peculiar ASN.1/CMS libraries (~120 KiB); the
  // regional network (chambers, trust list) added ~120 KiB, so the budget went from 2304 to 2400 KiB until issuance
  // moves to its own function and both fall under 2 MB again (the integrators-and-operators issue, item 7); mail
  // (the SES v2 client, ~60 KiB, and the notifications, ~30 KiB: docs/mail.md) took it from 2400 to 2500 KiB
  { name: 'api', entry: 'functions/api/lambda.ts', budgetBytes: 2500 * 1024, smokePath: '/openapi.json' },
  {
    name: 'verify',
    entry: 'functions/verify/lambda.ts',
    budgetBytes: 600 * 1024,
    smokePath: '/.well-known/jwks.json',
  },
  // portal: the api's core (approval issues certificates) plus its pages, stylesheet and script (~100 KiB)
  {
    name: 'portal',
    entry: 'functions/portal/lambda.ts',
    budgetBytes: 2500 * 1024,
    smokePath: '/portal/assets/portal.css',
  },
];

export const bundleNamed = (name: FunctionBundle['name']): FunctionBundle => {
  const bundle = FUNCTION_BUNDLES.find((candidate) => candidate.name === name);
  if (!bundle) throw new Error(`no function bundle named ${name}`);
  return bundle;
};

/** esbuild's target for the Lambda runtime (nodejs22.x). */
export const NODE_TARGET = 'node22';

// Bundled CommonJS (the AWS SDK) calls require() for Node built-ins, which an ES module lacks:
// without this banner it fails at start-up with "Dynamic require of node:https is not supported".
export const REQUIRE_SHIM =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

// ES module packages first: they tree-shake, their CommonJS builds do not.
export const MAIN_FIELDS = ['module', 'main'];

// esbuild escapes every non-ASCII character by default, which inflates fontkit's Unicode tables and
// zod's messages by about a quarter of a megabyte; Node reads the file as UTF-8 either way.
export const CHARSET = 'utf8';

// Modules replaced by smaller ones that do all the function needs (each file says why). Paths are relative
// to the repository root, which is esbuild's working directory in both callers.
export const ALIASES: Readonly<Record<string, string>> = {
  'zod/v4/core': './infra/constructs/zod-json-schema.ts',
  '@aws-sdk/credential-provider-node': './infra/constructs/lambda-credentials.ts',
  'zod-to-json-schema': './infra/constructs/no-zod-v3-json-schema.ts',
};

/** Node's options in the function's environment: stack traces point into the TypeScript sources. */
export const RUNTIME_NODE_OPTIONS = '--enable-source-maps';

/** The settings above as esbuild's JavaScript API takes them: what NodejsFunction runs on the command line. */
export const esbuildOptionsFor = (entry: string, outfile: string): BuildOptions => ({
  absWorkingDir: REPO_ROOT,
  entryPoints: [repoPath(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: NODE_TARGET,
  mainFields: MAIN_FIELDS,
  tsconfig: repoPath('tsconfig.json'),
  banner: { js: REQUIRE_SHIM },
  charset: CHARSET,
  alias: { ...ALIASES },
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
});
