// The CDK stacks, synthesized in-process with the context of cdk.json: what the stacks promise about
// storage durability, the functions, the public routes, and the verify function's read-only access.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStacks } from '../../infra/build-stacks.ts';
import { readDeploymentConfig } from '../../infra/config.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

const cdkContext = (): Record<string, unknown> => {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  return (cdkJson as { context: Record<string, unknown> }).context;
};

const logicalIdOf = (fn: IFunction): string => {
  const stack = fn.stack as Stack;
  return stack.getLogicalId(fn.node.defaultChild as CfnFunction);
};

describe('tradecert stacks', { timeout: 120_000 }, () => {
  let app: App;
  let stacks: ReturnType<typeof buildStacks>;
  let storage: Template;
  let api: Template;

  beforeAll(() => {
    app = new App({ context: cdkContext() });
    stacks = buildStacks(app, readDeploymentConfig(app));
    // Bundles both functions with esbuild: a few seconds.
    storage = Template.fromStack(stacks.storage);
    api = Template.fromStack(stacks.api);
  }, 120_000);

  const resourcesOf = (type: string): Record<string, Resource> =>
    api.findResources(type) as Record<string, Resource>;

  const propertiesOfFunction = (fn: IFunction): Record<string, unknown> => {
    const resource = resourcesOf('AWS::Lambda::Function')[logicalIdOf(fn)];
    if (resource === undefined) throw new Error(`no function ${fn.node.path} in the api stack`);
    return resource.Properties;
  };

  const functionBehind = (routeKey: string): string | undefined => {
    const route = Object.values(resourcesOf('AWS::ApiGatewayV2::Route')).find(
      (resource) => resource.Properties.RouteKey === routeKey,
    );
    const target = JSON.stringify(route?.Properties.Target ?? null);
    const integration = Object.entries(resourcesOf('AWS::ApiGatewayV2::Integration')).find(([id]) =>
      target.includes(`"${id}"`),
    )?.[1];
    const uri = integration?.Properties.IntegrationUri as { 'Fn::GetAtt'?: [string, string] } | undefined;
    return uri?.['Fn::GetAtt']?.[0];
  };

  const actionsOfRole = (role: CfnRole): string[] => {
    const roleId = stacks.api.getLogicalId(role);
    return Object.values(resourcesOf('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(
        (policy) =>
          (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
      )
      .flatMap((statement) => [statement.Action].flat());
  };

  it('names the stacks after the stage', () => {
    expect([stacks.storage.stackName, stacks.api.stackName]).toEqual([
      'tradecert-dev-storage',
      'tradecert-dev-api',
    ]);
  });

  it('keeps one on-demand TableV2 with PK/SK, both GSIs, TTL, PITR and deletion protection, retained', () => {
    storage.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    storage.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    const gsi = (name: string) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: `${name}PK`, KeyType: 'HASH' },
        { AttributeName: `${name}SK`, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    storage.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith(
        ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
      ),
      GlobalSecondaryIndexes: [gsi('GSI1'), gsi('GSI2')],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
      Replicas: [
        Match.objectLike({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      ],
    });
  });

  it('keeps a versioned, encrypted, private, TLS-only bucket, retained', () => {
    storage.resourceCountIs('AWS::S3::Bucket', 1);
    storage.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    storage.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: Match.anyValue() } }),
        ],
      },
    });
    storage.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('runs two functions on Node.js 22 and arm64', () => {
    api.resourceCountIs('AWS::Lambda::Function', 2);
    api.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' },
      2,
    );
  });

  it('gives the api function the bucket and templates, and the verify function neither', () => {
    const environmentOf = (fn: IFunction) =>
      (propertiesOfFunction(fn).Environment as { Variables: Record<string, unknown> }).Variables;
    const shared = {
      TABLE_NAME: Match.anyValue(),
      ISSUER_ID: 'demo-chamber',
      ISSUER_NAME_LOCAL: 'Демо Стопанска комора',
      ISSUER_COUNTRY: 'MK',
      SERIAL_PREFIX: 'MK',
      NODE_OPTIONS: '--enable-source-maps',
    };
    api.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024,
      Timeout: 29,
      Environment: {
        Variables: Match.objectLike({
          ...shared,
          BUCKET_NAME: Match.anyValue(),
          TEMPLATES_DIR: '/var/task/templates',
        }),
      },
    });
    api.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 512,
      Timeout: 10,
      Environment: { Variables: Match.objectLike(shared) },
    });
    expect(environmentOf(stacks.api.verifyFunction)).not.toHaveProperty('BUCKET_NAME');
    expect(environmentOf(stacks.api.verifyFunction)).not.toHaveProperty('TEMPLATES_DIR');
  });

  it('bundles the PDF templates and fonts with the api function', () => {
    const code = propertiesOfFunction(stacks.api.apiFunction).Code as { S3Key: string };
    const bundle = join(app.synth().directory, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
    for (const file of [
      'index.mjs',
      'templates/co.pdf',
      'templates/co.manifest.json',
      'node_modules/dejavu-fonts-ttf/package.json',
      'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
      'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
    ]) {
      expect(existsSync(join(bundle, file)), file).toBe(true);
    }
  });

  it('routes the public paths to verify and the rest of /api and /healthz to api', () => {
    const verify = logicalIdOf(stacks.api.verifyFunction);
    const apiFunction = logicalIdOf(stacks.api.apiFunction);
    const expected: Record<string, string> = {
      'GET /v/{code}': verify,
      'ANY /api/verify/{proxy+}': verify,
      'GET /.well-known/{proxy+}': verify,
      'ANY /status/{proxy+}': verify,
      'ANY /api/{proxy+}': apiFunction,
      'GET /healthz': apiFunction,
    };
    const routed = Object.fromEntries(
      Object.keys(expected).map((routeKey) => [routeKey, functionBehind(routeKey)]),
    );
    expect(routed).toEqual(expected);
    api.resourceCountIs('AWS::ApiGatewayV2::Route', Object.keys(expected).length);
  });

  it('throttles the default stage and outputs the API URL', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    api.hasOutput('ApiUrl', {});
  });

  it('lets the verify function read the table and nothing more', () => {
    const role = stacks.api.verifyFunction.role?.node.defaultChild as CfnRole;
    const actions = actionsOfRole(role);
    expect(actions).toContain('dynamodb:GetItem');
    const writes = [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ];
    expect(actions.filter((action) => writes.includes(action) || action === 'dynamodb:*')).toEqual([]);
    expect(actions.filter((action) => action.startsWith('s3:'))).toEqual([]);
  });

  it('lets the api function write the table and the bucket', () => {
    const actions = actionsOfRole(stacks.api.apiFunction.role?.node.defaultChild as CfnRole);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetItem', 's3:PutObject']));
  });
});

describe('deployment context', () => {
  it('names every context key whose value is wrong', () => {
    const app = new App({
      context: { ...cdkContext(), issuerId: 'Not Valid', publicBaseUrl: 'http://x.org' },
    });
    expect(() => readDeploymentConfig(app)).toThrow(/issuerId:[\s\S]*publicBaseUrl:/);
  });

  it('passes a configured public base URL to both functions, without a trailing slash', () => {
    const app = new App({ context: { ...cdkContext(), publicBaseUrl: 'https://verify.example.org/' } });
    expect(readDeploymentConfig(app).publicBaseUrl).toBe('https://verify.example.org');
  });
});
