// A Node.js Lambda function bundled locally by esbuild as one ESM file: the entries use top-level await.
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { REPO_ROOT, repoPath } from './paths.ts';

// Bundled CommonJS (the AWS SDK) calls require() for Node built-ins, which an ES module lacks:
// without this banner it fails at start-up with "Dynamic require of node:https is not supported".
const REQUIRE_SHIM =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface EsmFunctionProps {
  /** Entry file, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  /** Extra files the function reads at run time, copied into the bundle. */
  readonly commandHooks?: ICommandHooks;
}

export class EsmFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: EsmFunctionProps) {
    super(scope, id, {
      entry: repoPath(props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath('package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      logGroup: new logs.LogGroup(scope, `${id}Logs`, {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: REQUIRE_SHIM,
        tsconfig: repoPath('tsconfig.json'),
        // The SDK version we test against locally, not whichever one the runtime happens to ship.
        bundleAwsSDK: true,
        minify: true,
        sourceMap: true,
        // Line numbers are enough for stack traces; the sources would only make the bundle larger.
        sourcesContent: false,
        // esbuild from node_modules: synthesis must work offline and without Docker.
        forceDockerBundling: false,
        ...(props.commandHooks === undefined ? {} : { commandHooks: props.commandHooks }),
      },
    });
  }
}
