// The api and portal functions' IAM policies against their code: every AWS SDK command in the bundle is allowed, and
// nothing is allowed that no command needs. A new command without a grant would pass every local test
// and fail only in AWS, with AccessDenied; this test fails first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStacks } from '../../infra/build-stacks.ts';
import { readDeploymentConfig } from '../../infra/config.ts';
import { bundleNamed, esbuildOptionsFor } from '../../infra/constructs/bundling.ts';
import { REPO_ROOT } from '../../infra/constructs/paths.ts';

// The IAM actions each SDK command needs. A transaction needs the action of every item it contains.
const ACTIONS_OF_COMMAND: Record<string, string[]> = {
  GetCommand: ['dynamodb:GetItem'],
  GetItemCommand: ['dynamodb:GetItem'],
  PutCommand: ['dynamodb:PutItem'],
  PutItemCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'],
  UpdateItemCommand: ['dynamodb:UpdateItem'],
  DeleteCommand: ['dynamodb:DeleteItem'],
  DeleteItemCommand: ['dynamodb:DeleteItem'],
  QueryCommand: ['dynamodb:Query'],
  ScanCommand: ['dynamodb:Scan'],
  BatchGetCommand: ['dynamodb:BatchGetItem'],
  BatchWriteCommand: ['dynamodb:BatchWriteItem'],
  TransactGetCommand: ['dynamodb:GetItem'],
  TransactWriteCommand: [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:ConditionCheckItem',
  ],
  DescribeTableCommand: ['dynamodb:DescribeTable'],
  GetObjectCommand: ['s3:GetObject'],
  HeadObjectCommand: ['s3:GetObject'],
  PutObjectCommand: ['s3:PutObject'],
  DeleteObjectCommand: ['s3:DeleteObject'],
  HeadBucketCommand: ['s3:ListBucket'],
  GetPublicKeyCommand: ['kms:GetPublicKey'],
  SignCommand: ['kms:Sign'],
  SendEmailCommand: ['ses:SendEmail'],
  GetSecretValueCommand: ['secretsmanager:GetSecretValue'],
};

// Sent only by the local stack (npm start, tests) to create its table and bucket, never on AWS.
const LOCAL_ONLY = new Set([
  'CreateTableCommand',
  'UpdateTimeToLiveCommand',
  'ListTablesCommand',
  'CreateBucketCommand',
  'ListBucketsCommand',
]);

// Writing its own log group and its trace segments (active tracing): the Lambda runtime's need, not the code's.
const RUNTIME_ACTIONS = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
];

/** The SDK commands constructed anywhere in our own source files that the bundle contains. */
const commandsInBundle = async (entry: string): Promise<Set<string>> => {
  const { metafile } = await build({
    ...esbuildOptionsFor(entry, '/dev/null/function'),
    write: false,
    metafile: true,
  });
  const ourFiles = Object.keys(metafile.inputs).filter((path) => path.startsWith('functions/'));
  const commands = ourFiles.flatMap((path) =>
    [...readFileSync(join(REPO_ROOT, path), 'utf8').matchAll(/new (\w+Command)\(/g)].map(
      (match) => match[1] ?? '',
    ),
  );
  return new Set(commands.filter((command) => !LOCAL_ONLY.has(command)));
};

// The portal approves and so issues certificates: it needs, and gets, what the api function does.
describe.each(['api', 'portal'] as const)('the %s function IAM policy', { timeout: 60_000 }, (name) => {
  let commands: Set<string>;
  let granted: Set<string>;

  beforeAll(async () => {
    commands = await commandsInBundle(bundleNamed(name).entry);
    // with mail configured: the deployment whose functions send it (docs/mail.md); with remote sealing, whose
    // functions read its client secret (docs/legal.md §6)
    const app = new App({
      context: {
        ...readCdkContext(),
        mailDomain: 'mail.chamber.example',
        cscSeal: { baseUrl: 'https://rss.tsp.example', clientId: 'chamber-mk' },
        'aws:cdk:bundling-stacks': [],
      },
    });
    const { api } = buildStacks(app, readDeploymentConfig(app));
    const fn = name === 'api' ? api.apiFunction : api.portalFunction;
    const roleId = api.getLogicalId(fn.role?.node.defaultChild as CfnRole);
    const policies = Object.values(Template.fromStack(api).findResources('AWS::IAM::Policy')) as {
      Properties: { Roles: unknown; PolicyDocument: { Statement: { Action: string | string[] }[] } };
    }[];
    granted = new Set(
      policies
        .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
        .flatMap((policy) =>
          policy.Properties.PolicyDocument.Statement.flatMap((statement) => [statement.Action].flat()),
        ),
    );
  });

  it('knows the IAM actions of every command the api code sends', () => {
    const unknown = [...commands].filter((command) => ACTIONS_OF_COMMAND[command] === undefined);
    expect(
      unknown,
      'add these commands to ACTIONS_OF_COMMAND (and LOCAL_ONLY if only the local stack sends them)',
    ).toEqual([]);
  });

  it('allows every action the api code needs', () => {
    const needed = [...commands].flatMap((command) => ACTIONS_OF_COMMAND[command] ?? []);
    expect([...new Set(needed)].filter((action) => !granted.has(action)).sort()).toEqual([]);
  });

  it('allows no action that the api code does not need', () => {
    const needed = new Set([
      ...[...commands].flatMap((command) => ACTIONS_OF_COMMAND[command] ?? []),
      ...RUNTIME_ACTIONS,
    ]);
    expect([...granted].filter((action) => !needed.has(action)).sort()).toEqual([]);
  });
});

function readCdkContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}
