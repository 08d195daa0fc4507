// A Node.js Lambda function bundled locally by esbuild as one ESM file: the entries use top-level await.
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  ALIASES,
  CHARSET,
  MAIN_FIELDS,
  NODE_TARGET,
  REQUIRE_SHIM,
  RUNTIME_NODE_OPTIONS,
} from './bundling.ts';
import { acknowledge } from './nag.ts';
import { REPO_ROOT, repoPath } from './paths.ts';

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
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role instead of AWSLambdaBasicExecutionRole, whose log permissions apply to every log group
    // in the account: this one may write its own log group and, by grants added later, nothing else.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    logGroup.grantWrite(role);
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
      environment: { ...props.environment, NODE_OPTIONS: RUNTIME_NODE_OPTIONS },
      logGroup,
      role,
      // The Lambda service's own segments (start-up, invocation): where a slow cold start shows. Sampled (one
      // request a second and 5 % of the rest), so a few dollars a month at most (docs/deploy.md, "Cost").
      tracing: lambda.Tracing.ACTIVE,
      bundling: {
        format: OutputFormat.ESM,
        target: NODE_TARGET,
        mainFields: MAIN_FIELDS,
        banner: REQUIRE_SHIM,
        tsconfig: repoPath('tsconfig.json'),
        // The SDK version we test against locally, not whichever one the runtime happens to ship.
        bundleAwsSDK: true,
        minify: true,
        sourceMap: true,
        // Line numbers are enough for stack traces; the sources would only make the bundle larger.
        sourcesContent: false,
        // As flags: this aws-cdk-lib accepts a `charset` bundling option but never passes it on to esbuild.
        esbuildArgs: {
          '--charset': CHARSET,
          '--alias': Object.entries(ALIASES).map(([module, replacement]) => `${module}=${replacement}`),
        },
        // esbuild from node_modules: synthesis must work offline and without Docker.
        forceDockerBundling: false,
        ...(props.commandHooks === undefined ? {} : { commandHooks: props.commandHooks }),
      },
    });
    acknowledge(
      this,
      'AwsSolutions-L1',
      `Node.js 22 on purpose: the bundles are built for it (esbuild target ${NODE_TARGET}) and tested on it; a newer runtime comes with a new target and a test run, not silently (docs/deploy.md, "Review checks").`,
    );
    // X-Ray's PutTraceSegments and PutTelemetryRecords take no resource: AWS allows only "*" for them.
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'The X-Ray actions that active tracing adds (xray:PutTraceSegments, xray:PutTelemetryRecords) support no resource-level permissions.',
    );
  }
}
