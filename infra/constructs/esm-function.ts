// A Node.js Lambda function bundled locally by esbuild as ES modules: the entry index.mjs (it uses top-level
// await) and the chunks it loads, statically or by import() (docs/architecture.md §12). The bundle is built
// with esbuild's own API from esbuildOptionsFor (bundling.ts), the very options the bundle report measures:
// NodejsFunction cannot split code (it passes --outfile, and esbuild splits only into an --outdir), and it
// dropped the charset option on the way to esbuild.
import { execFileSync } from 'node:child_process';
import { AssetHashType, DockerImage, type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { ENTRY_FILE, esbuildOptionsFor, NODE_TARGET, RUNTIME_NODE_OPTIONS } from './bundling.ts';
import { acknowledge } from './nag.ts';
import { REPO_ROOT } from './paths.ts';

export interface EsmFunctionProps {
  /** Entry file, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  /** Extra files the function reads at run time, copied into the bundle (afterBundling's commands). */
  readonly commandHooks?: ICommandHooks;
}

/** The function's directory: esbuild's output, then the hooks' commands run in a shell, as NodejsFunction ran them. */
const bundleCode = (entry: string, commandHooks?: ICommandHooks): lambda.Code =>
  lambda.Code.fromAsset(REPO_ROOT, {
    // the hash of what is deployed, not of the repository (which holds node_modules)
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // never pulled: local bundling always succeeds or throws, and synthesis must work without Docker
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/busybox'),
      // CDK caches a bundled asset by its source and these options, without the function below: naming the
      // entry and the copied files here gives each function its own bundle
      environment: {
        ENTRY: entry,
        AFTER_BUNDLING: (commandHooks?.afterBundling('/asset-input', '/asset-output') ?? []).join(' && '),
      },
      local: {
        tryBundle(outputDir) {
          buildSync(esbuildOptionsFor(entry, outputDir));
          const commands = commandHooks?.afterBundling(REPO_ROOT, outputDir) ?? [];
          if (commands.length > 0) {
            execFileSync('bash', ['-c', commands.join(' && ')], { cwd: REPO_ROOT, stdio: 'inherit' });
          }
          return true;
        },
      },
    },
  });

export class EsmFunction extends lambda.Function {
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
      code: bundleCode(props.entry, props.commandHooks),
      handler: `${ENTRY_FILE.replace(/\.mjs$/, '')}.handler`,
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
