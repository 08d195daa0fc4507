// The CDK stacks, synthesized in-process with the context of cdk.json: what the stacks promise about
// storage durability, keys, the functions, the public routes, logs and alarms, and least privilege.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSealMaterial } from '../../functions/adapters/local/seal-material.ts';
import { loadConfig } from '../../functions/config/config.ts';
import { buildStacks } from '../../infra/build-stacks.ts';
import { issuerEnvironment, readDeploymentConfig } from '../../infra/config.ts';
import { bundleFilesOf, bundleNamed, esbuildOptionsFor } from '../../infra/constructs/bundling.ts';
import { REPO_ROOT } from '../../infra/constructs/paths.ts';
import { LAMBDA_SEAL_CHAIN_FILE, pdfAssetHooks } from '../../infra/constructs/pdf-assets.ts';

/** What active tracing adds to every function's role: X-Ray allows these on no resource but "*". */
const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

const cdkContext = (): Record<string, unknown> => {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  return (cdkJson as { context: Record<string, unknown> }).context;
};

// Skips esbuild for stacks built only to read their templates: every variant below reuses the bundles
// of the main stacks, and bundling them again would only cost time.
const WITHOUT_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const stacksWith = (context: Record<string, unknown>) => {
  const app = new App({ context: { ...cdkContext(), ...WITHOUT_BUNDLING, ...context } });
  const stacks = buildStacks(app, readDeploymentConfig(app));
  return { stacks, storage: Template.fromStack(stacks.storage), api: Template.fromStack(stacks.api) };
};

const logicalIdOf = (fn: IFunction): string => {
  const stack = fn.stack as Stack;
  return stack.getLogicalId(fn.node.defaultChild as CfnFunction);
};

const resourcesIn = (template: Template, type: string) =>
  template.findResources(type) as Record<string, Resource>;

/** The statements of every inline policy attached to the function's role. */
const statementsOf = (template: Template, fn: IFunction): Statement[] => {
  const role = fn.role?.node.defaultChild as CfnRole;
  const roleId = (fn.stack as Stack).getLogicalId(role);
  return Object.values(resourcesIn(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
};

const actionsIn = (statements: Statement[]) => statements.flatMap((statement) => [statement.Action].flat());

const environmentOf = (template: Template, fn: IFunction) => {
  const resource = resourcesIn(template, 'AWS::Lambda::Function')[logicalIdOf(fn)];
  if (resource === undefined) throw new Error(`no function ${fn.node.path}`);
  return (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
};

/** The export that a cross-stack reference to `logicalId`'s attribute becomes, for Template assertions… */
const importOf = (logicalId: string) => ({ 'Fn::ImportValue': Match.stringLikeRegexp(logicalId) });
/** …and for vitest's own. */
const imported = (logicalId: string) => ({ 'Fn::ImportValue': expect.stringContaining(logicalId) });

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

  const signingKeyId = () =>
    stacks.storage.getLogicalId(stacks.storage.signingKeys[0]?.node.defaultChild as CfnElement);

  const functionBehind = (routeKey: string): string | undefined => {
    const route = Object.values(resourcesIn(api, 'AWS::ApiGatewayV2::Route')).find(
      (resource) => resource.Properties.RouteKey === routeKey,
    );
    const target = JSON.stringify(route?.Properties.Target ?? null);
    const integration = Object.entries(resourcesIn(api, 'AWS::ApiGatewayV2::Integration')).find(([id]) =>
      target.includes(`"${id}"`),
    )?.[1];
    const uri = integration?.Properties.IntegrationUri as { 'Fn::GetAtt'?: [string, string] } | undefined;
    return uri?.['Fn::GetAtt']?.[0];
  };

  const assetDirectoryOf = (fn: IFunction): string => {
    const resource = resourcesIn(api, 'AWS::Lambda::Function')[logicalIdOf(fn)];
    const code = resource?.Properties.Code as { S3Key: string };
    return join(app.synth().directory, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
  };

  it('names the stacks after the stage', () => {
    expect([stacks.storage.stackName, stacks.api.stackName]).toEqual([
      'tradecert-dev-storage',
      'tradecert-dev-api',
    ]);
  });

  describe('storage', () => {
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

    it('keeps a versioned, encrypted, private, owner-enforced bucket, retained', () => {
      // the documents and the bucket their access logs go to
      storage.resourceCountIs('AWS::S3::Bucket', 2);
      storage.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      storage.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }),
          ],
        },
      });
    });

    it('refuses plain HTTP and TLS older than 1.2 to everyone', () => {
      storage.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
            }),
          ]),
        },
      });
    });

    it('locks every stored version for ten years in governance mode by default', () => {
      storage.hasResourceProperties('AWS::S3::Bucket', {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3650 } },
        },
      });
    });

    it('aborts abandoned uploads after 7 days and expires replaced attachments after 90', () => {
      storage.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'abort-incomplete-uploads',
              Status: 'Enabled',
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            },
            {
              Id: 'expire-replaced-attachments',
              Status: 'Enabled',
              Prefix: 'attachments/',
              NoncurrentVersionExpiration: { NoncurrentDays: 90 },
              ExpiredObjectDeleteMarker: true,
            },
          ],
        },
      });
    });

    it('keeps an ECC_NIST_P256 SIGN_VERIFY signing key under the stage alias, retained', () => {
      storage.hasResource('AWS::KMS::Key', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          KeySpec: 'ECC_NIST_P256',
          KeyUsage: 'SIGN_VERIFY',
          PendingWindowInDays: 30,
        }),
      });
      storage.hasResourceProperties('AWS::KMS::Alias', {
        AliasName: 'alias/tradecert-dev-signing',
        TargetKeyId: { 'Fn::GetAtt': [signingKeyId(), 'Arn'] },
      });
    });

    it('keeps an RSA_3072 SIGN_VERIFY seal key for the PDFs under its own alias, retained', () => {
      storage.hasResource('AWS::KMS::Key', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ KeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY' }),
      });
      storage.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/tradecert-dev-seal' });
      storage.resourceCountIs('AWS::KMS::Key', 2);
    });
  });

  describe('functions', () => {
    it('runs three functions (api, portal, verify) on Node.js 22 and arm64', () => {
      api.resourceCountIs('AWS::Lambda::Function', 3);
      api.resourcePropertiesCountIs(
        'AWS::Lambda::Function',
        { Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' },
        3,
      );
    });

    it('configures both functions from the context: issuer, KMS keys and the API URL for the QR codes', () => {
      const shared = {
        TABLE_NAME: importOf('Table'),
        ISSUER_ID: 'demo-chamber',
        ISSUER_NAME: 'Demo Economic Chamber',
        ISSUER_NAME_LOCAL: 'Демо Стопанска комора',
        ISSUER_COUNTRY: 'MK',
        SERIAL_PREFIX: 'MK',
        KEY_SOURCE: 'kms',
        KMS_SIGNING_KEY_IDS: importOf('SigningKey'),
        // the QR codes point at the CloudFront distribution in front of the verification paths
        PUBLIC_BASE_URL: {
          'Fn::Join': [
            '',
            [
              'https://',
              {
                'Fn::GetAtt': [
                  stacks.api.getLogicalId(stacks.api.edge.distribution.node.defaultChild as CfnElement),
                  'DomainName',
                ],
              },
            ],
          ],
        },
        NODE_OPTIONS: '--enable-source-maps',
      };
      api.hasResourceProperties('AWS::Lambda::Function', {
        MemorySize: 1024,
        Timeout: 29,
        Environment: {
          Variables: {
            ...shared,
            BUCKET_NAME: importOf('Documents'),
            TEMPLATES_DIR: '/var/task/templates',
            SEAL_SOURCE: 'none',
          },
        },
      });
      // behind the WAF, the verify function's own per-address counter is off (docs/security.md)
      api.hasResourceProperties('AWS::Lambda::Function', {
        MemorySize: 512,
        Timeout: 10,
        Environment: { Variables: { ...shared, VERIFY_RATE_LIMIT: '0' } },
      });
    });

    it('gives the functions an environment that passes their own configuration check', () => {
      const config = readDeploymentConfig(new App({ context: cdkContext() }));
      expect(() =>
        loadConfig({
          ...issuerEnvironment(config),
          KEY_SOURCE: 'kms',
          KMS_SIGNING_KEY_IDS:
            'arn:aws:kms:eu-central-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
          PUBLIC_BASE_URL: 'https://abc123.execute-api.eu-central-1.amazonaws.com',
          TABLE_NAME: 'tradecert-dev-storage-TableCD117FA1-1ABC',
          BUCKET_NAME: 'tradecert-dev-storage-documents7e5b2978-1abc',
          TEMPLATES_DIR: '/var/task/templates',
        }),
      ).not.toThrow();
    });

    it('bundles the PDF templates and fonts with the api function', () => {
      const bundle = assetDirectoryOf(stacks.api.apiFunction);
      for (const file of [
        'index.mjs',
        'templates/co.pdf',
        'templates/co.manifest.json',
        'templates/eur1.pdf',
        'templates/eur1.manifest.json',
        'node_modules/dejavu-fonts-ttf/package.json',
        'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
        'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
      ]) {
        expect(existsSync(join(bundle, file)), file).toBe(true);
      }
    });

    describe('the bundles that the budget report measures', () => {
      let outDir: string;
      beforeAll(async () => {
        outDir = await mkdtemp(join(tmpdir(), 'tradecert-bundles-'));
      });
      afterAll(() => rm(outDir, { recursive: true, force: true }));

      it.each(['api', 'portal', 'verify'] as const)(
        'are the %s bundle that CDK deploys: the same files, byte for byte in size',
        async (name) => {
          const fn = {
            api: stacks.api.apiFunction,
            portal: stacks.api.portalFunction,
            verify: stacks.api.verifyFunction,
          }[name];
          const outdir = join(outDir, name);

          const { metafile } = await build({
            ...esbuildOptionsFor(bundleNamed(name).entry, outdir),
            metafile: true,
          });

          // esbuild's chunk hashes cover the source map, whose paths depend on the output directory
          const unhashed = (files: readonly { path: string; bytes: number }[]) =>
            files
              .map(({ path, bytes }) => ({ path: path.replace(/-[A-Z0-9]{8}\.mjs$/, '.mjs'), bytes }))
              .sort((a, b) => a.path.localeCompare(b.path) || a.bytes - b.bytes);
          const measured = bundleFilesOf(metafile, outdir).all;
          const deployedDir = assetDirectoryOf(fn);
          const deployed = readdirSync(deployedDir, { recursive: true })
            .map(String)
            .filter((path) => path.endsWith('.mjs') && !path.startsWith('node_modules'))
            .map((path) => ({ path, bytes: statSync(join(deployedDir, path)).size }));
          expect(measured.map(({ path }) => path)).toContain('index.mjs');
          expect(unhashed(deployed)).toEqual(unhashed(measured));
        },
      );

      it('load the PDF libraries only by import(), not at a cold start of api or portal', async () => {
        for (const name of ['api', 'portal'] as const) {
          const outdir = join(outDir, `${name}-cold`);
          const { metafile } = await build({
            ...esbuildOptionsFor(bundleNamed(name).entry, outdir),
            metafile: true,
          });
          const { coldStart, all } = bundleFilesOf(metafile, outdir);
          const inputsOf = (files: readonly { path: string }[]) =>
            files.flatMap(({ path }) =>
              Object.keys(metafile.outputs[relative(REPO_ROOT, join(outdir, path))]?.inputs ?? {}),
            );
          const heavy = /node_modules\/(pdf-lib|@pdf-lib|qrcode|@peculiar\/(x509|asn1-cms))\//;

          expect(
            inputsOf(coldStart).filter((path) => heavy.test(path)),
            name,
          ).toEqual([]);
          expect(
            inputsOf(all).some((path) => heavy.test(path)),
            name,
          ).toBe(true);
        }
      });
    });
  });

  describe('HTTP API', () => {
    it('routes the public paths to verify, the portal to portal and everything else to api', () => {
      const verify = logicalIdOf(stacks.api.verifyFunction);
      const apiFunction = logicalIdOf(stacks.api.apiFunction);
      const portal = logicalIdOf(stacks.api.portalFunction);
      const expected: Record<string, string> = {
        'GET /v': verify,
        'GET /v/{code}': verify,
        'GET /v/{code}/vc': verify,
        'GET /ns/{proxy+}': verify,
        'GET /did.json': verify,
        'ANY /api/verify/{proxy+}': verify,
        'GET /.well-known/{proxy+}': verify,
        'GET /status/{proxy+}': verify,
        'GET /favicon.ico': verify,
        'GET /favicon.svg': verify,
        'ANY /': portal,
        'ANY /portal': portal,
        'ANY /portal/{proxy+}': portal,
        $default: apiFunction,
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
      api.hasOutput('PublicBaseUrl', {});
    });

    it('writes one JSON access log line per request to its own log group', () => {
      const [logGroupId] = Object.keys(resourcesIn(api, 'AWS::Logs::LogGroup')).filter((id) =>
        id.startsWith('AccessLogs'),
      );
      const stage = Object.values(resourcesIn(api, 'AWS::ApiGatewayV2::Stage'))[0];
      const settings = stage?.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };

      expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
      expect(JSON.parse(settings.Format)).toMatchObject({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        route: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      });
      api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });
  });

  describe('alarms', () => {
    const alarmsNamed = (suffix: string) =>
      Object.values(resourcesIn(api, 'AWS::CloudWatch::Alarm')).filter((alarm) =>
        String(alarm.Properties.AlarmName).endsWith(suffix),
      );

    it('raises an alarm on five or more 5xx answers in five minutes', () => {
      api.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'tradecert-dev-http-5xx',
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Dimensions: [
          {
            Name: 'ApiId',
            Value: { Ref: stacks.api.getLogicalId(stacks.api.httpApi.node.defaultChild as CfnElement) },
          },
        ],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    it.each([
      ['api', 10_000],
      ['portal', 10_000],
      ['verify', 1_500],
    ] as const)('watches the %s function for throttles and for a p99 above %d ms', (name, limit) => {
      const fn = {
        api: stacks.api.apiFunction,
        portal: stacks.api.portalFunction,
        verify: stacks.api.verifyFunction,
      }[name];
      const dimensions = [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(fn) } }];
      api.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `tradecert-dev-${name}-throttles`,
        Namespace: 'AWS/Lambda',
        MetricName: 'Throttles',
        Dimensions: dimensions,
        Threshold: 1,
      });
      api.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `tradecert-dev-${name}-latency-p99`,
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        Dimensions: dimensions,
        ExtendedStatistic: 'p99',
        Threshold: limit,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
      });
    });

    it('sends every alarm to the alarm topic', () => {
      const topicId = Object.keys(resourcesIn(api, 'AWS::SNS::Topic'))[0];
      const alarms = Object.values(resourcesIn(api, 'AWS::CloudWatch::Alarm'));
      expect(alarms).toHaveLength(10);
      for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarmsNamed('-throttles')).toHaveLength(3);
      expect(alarmsNamed('-errors')).toHaveLength(3);
    });
  });

  describe('least privilege', () => {
    const verifyStatements = () => statementsOf(api, stacks.api.verifyFunction);
    const apiStatements = () => statementsOf(api, stacks.api.apiFunction);

    it('lets the verify function read the table and get the public key, and nothing else', () => {
      expect(new Set(actionsIn(verifyStatements()))).toEqual(
        new Set([
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:DescribeTable',
          'kms:GetPublicKey',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          ...XRAY_ACTIONS,
        ]),
      );
    });

    it('gives the verify function no write action on the table, the bucket or the keys', () => {
      const writes = actionsIn(verifyStatements()).filter((action) =>
        /^(dynamodb:(Put|Update|Delete|BatchWrite|ConditionCheck)|s3:|kms:(Sign|Encrypt|Decrypt|Create|Schedule))/.test(
          action,
        ),
      );
      expect(writes).toEqual([]);
    });

    it('lets the api function read and write the table, its indexes only for queries', () => {
      const table = apiStatements().filter((statement) =>
        actionsIn([statement]).some((a) => a.startsWith('dynamodb:')),
      );
      expect(table).toEqual([
        {
          Effect: 'Allow',
          Action: [
            'dynamodb:GetItem',
            'dynamodb:Query',
            'dynamodb:DescribeTable',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
            'dynamodb:ConditionCheckItem',
          ],
          Resource: imported('Table'),
        },
        {
          Effect: 'Allow',
          Action: 'dynamodb:Query',
          Resource: ['GSI1', 'GSI2'].map((index) => ({
            'Fn::Join': ['', [imported('Table'), `/index/${index}`]],
          })),
        },
      ]);
    });

    it("scopes the api function's bucket access to the issuer's certificates and attachments", () => {
      const bucketArn = imported('Documents');
      const under = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}/demo-chamber/*`]] });
      const s3 = apiStatements().filter((statement) =>
        actionsIn([statement]).some((a) => a.startsWith('s3:')),
      );
      expect(s3).toEqual([
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: under('certificates') },
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          Resource: under('attachments'),
        },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
      ]);
    });

    it('lets the api function sign with the signing key and read its public key, nothing more from KMS', () => {
      const kms = apiStatements().filter((statement) =>
        actionsIn([statement]).some((a) => a.startsWith('kms:')),
      );
      expect(kms).toEqual([
        { Effect: 'Allow', Action: 'kms:GetPublicKey', Resource: imported('SigningKey') },
        { Effect: 'Allow', Action: 'kms:Sign', Resource: imported('SigningKey') },
      ]);
      expect(JSON.stringify(apiStatements())).not.toContain('SealKey');
    });

    it('lets each function write its own log group only', () => {
      for (const fn of [stacks.api.apiFunction, stacks.api.portalFunction, stacks.api.verifyFunction]) {
        const logGroupId = stacks.api.getLogicalId(
          stacks.api.node.findChild(`${fn.node.id}Logs`).node.defaultChild as CfnElement,
        );
        const logs = statementsOf(api, fn).filter((statement) =>
          actionsIn([statement]).some((a) => a.startsWith('logs:')),
        );
        expect(logs).toEqual([
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
          },
        ]);
      }
    });

    it("uses no wildcard action, no wildcard resource but X-Ray's, and no managed policy", () => {
      const statements = [...apiStatements(), ...verifyStatements()];
      expect(actionsIn(statements).filter((action) => action.includes('*'))).toEqual([]);
      const anyResource = statements.filter((statement) => statement.Resource === '*');
      expect(anyResource.map((statement) => statement.Action)).toEqual([XRAY_ACTIONS, XRAY_ACTIONS]);
      for (const role of Object.values(resourcesIn(api, 'AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });
  });
});

describe('deployment variants', { timeout: 60_000 }, () => {
  describe('with the seal certificate chain of the KMS seal key', () => {
    let dir: string;
    let chainFile: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tradecert-seal-chain-'));
      chainFile = join(dir, 'chain.pem');
      const material = await createSealMaterial(
        { id: 'demo-chamber', name: 'Demo Economic Chamber', country: 'MK' },
        new Date(),
      );
      await writeFile(chainFile, `${material.certificatePem}\n${material.caCertificatePem}`);
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('seals with the KMS seal key, lets only the api function use it, and bundles the chain', () => {
      const { stacks, api } = stacksWith({ sealCertificateChainFile: chainFile });
      const sealKeyId = stacks.storage.getLogicalId(stacks.storage.sealKey.node.defaultChild as CfnElement);

      expect(environmentOf(api, stacks.api.apiFunction)).toMatchObject({
        SEAL_SOURCE: 'kms',
        SEAL_KMS_KEY_ID: imported(sealKeyId),
        SEAL_CERTIFICATE_CHAIN: LAMBDA_SEAL_CHAIN_FILE,
      });
      expect(environmentOf(api, stacks.api.verifyFunction)).not.toHaveProperty('SEAL_KMS_KEY_ID');
      expect(statementsOf(api, stacks.api.apiFunction)).toContainEqual({
        Effect: 'Allow',
        Action: ['kms:GetPublicKey', 'kms:Sign'],
        Resource: imported(sealKeyId),
      });
      expect(JSON.stringify(statementsOf(api, stacks.api.verifyFunction))).not.toContain(sealKeyId);
      expect(pdfAssetHooks(chainFile).afterBundling('/in', '/out')).toContain(
        `cp "${chainFile}" "/out/seal/chain.pem"`,
      );
    });

    it('gives the api function an environment that passes its own configuration check', () => {
      expect(
        loadConfig({
          KEY_SOURCE: 'kms',
          KMS_SIGNING_KEY_IDS:
            'arn:aws:kms:eu-central-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
          SEAL_SOURCE: 'kms',
          SEAL_KMS_KEY_ID: 'arn:aws:kms:eu-central-1:111122223333:key/1f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
          SEAL_CERTIFICATE_CHAIN: LAMBDA_SEAL_CHAIN_FILE,
        }).sealSource,
      ).toBe('kms');
    });

    it('stops synthesis when the chain file is missing or holds no certificate', async () => {
      const empty = join(dir, 'empty.pem');
      await writeFile(empty, 'not a certificate\n');
      expect(() => stacksWith({ sealCertificateChainFile: join(dir, 'missing.pem') })).toThrow(
        /sealCertificateChainFile/,
      );
      expect(() => stacksWith({ sealCertificateChainFile: empty })).toThrow(/sealCertificateChainFile/);
    });
  });

  it('gives the issuing functions the TSA and the ARN of the secret with its credentials, which only they may read', () => {
    const { stacks, storage, api } = stacksWith({
      tsaUrl: 'https://tsa.provider.example/rfc3161',
      tsaPolicyOid: '1.3.6.1.4.1.99999.1',
      tsaTimeoutMs: 4000,
      tsaAuthorization: true,
    });
    const secret = stacks.storage.tsaAuthorizationSecret;
    const secretId = stacks.storage.getLogicalId(secret?.node.defaultChild as CfnElement);

    storage.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'tradecert/dev/tsa-authorization',
    });
    for (const fn of [stacks.api.apiFunction, stacks.api.portalFunction]) {
      expect(environmentOf(api, fn)).toMatchObject({
        TSA_URL: 'https://tsa.provider.example/rfc3161',
        TSA_POLICY_OID: '1.3.6.1.4.1.99999.1',
        TSA_TIMEOUT_MS: '4000',
        TSA_AUTHORIZATION_SECRET_ARN: imported(secretId),
      });
      expect(statementsOf(api, fn)).toContainEqual({
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: imported(secretId),
      });
    }
    expect(environmentOf(api, stacks.api.verifyFunction)).not.toHaveProperty('TSA_URL');
    expect(JSON.stringify(statementsOf(api, stacks.api.verifyFunction))).not.toContain(secretId);
    expect(() => stacksWith({ tsaAuthorization: true })).toThrow(/tsaUrl: required/);
    expect(() => stacksWith({ tsaUrl: 'https://tsa.example', tsaTimeoutMs: 20_000 })).toThrow(/tsaTimeoutMs/);
  });

  it('serves a custom domain with its certificate and points the QR codes at it', () => {
    const certificateArn =
      'arn:aws:acm:eu-central-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const { stacks, api } = stacksWith({ domainName: 'verify.chamber.example.mk', certificateArn });

    api.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'verify.chamber.example.mk',
      DomainNameConfigurations: [
        Match.objectLike({ CertificateArn: certificateArn, EndpointType: 'REGIONAL' }),
      ],
    });
    api.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    api.hasOutput('DomainTarget', {});
    expect(environmentOf(api, stacks.api.verifyFunction).PUBLIC_BASE_URL).toBe(
      'https://verify.chamber.example.mk',
    );
  });

  it('prefers an explicit public base URL to the custom domain', () => {
    const { stacks, api } = stacksWith({
      domainName: 'api.chamber.example.mk',
      certificateArn:
        'arn:aws:acm:eu-central-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      publicBaseUrl: 'https://verify.chamber.example.mk/',
    });

    expect(environmentOf(api, stacks.api.apiFunction).PUBLIC_BASE_URL).toBe(
      'https://verify.chamber.example.mk',
    );
  });

  it('rotates by adding a key generation: the newest signs and takes the alias, both verify', () => {
    const { stacks, storage, api } = stacksWith({ signingKeyGenerations: '2' });
    const [newest, oldest] = stacks.storage.signingKeys.map((key) =>
      stacks.storage.getLogicalId(key.node.defaultChild as CfnElement),
    );

    expect([newest, oldest]).toEqual([
      expect.stringMatching(/^SigningKey2/),
      expect.stringMatching(/^SigningKey[0-9A-F]{8}$/),
    ]);
    storage.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/tradecert-dev-signing',
      TargetKeyId: { 'Fn::GetAtt': [newest, 'Arn'] },
    });
    expect(environmentOf(api, stacks.api.apiFunction).KMS_SIGNING_KEY_IDS).toEqual({
      'Fn::Join': ['', [imported(newest ?? ''), ',', imported(oldest ?? '')]],
    });
    const kmsStatements = statementsOf(api, stacks.api.apiFunction).filter((statement) =>
      actionsIn([statement]).some((action) => action.startsWith('kms:')),
    );
    expect(kmsStatements).toEqual([
      {
        Effect: 'Allow',
        Action: 'kms:GetPublicKey',
        Resource: [imported(newest ?? ''), imported(oldest ?? '')],
      },
      { Effect: 'Allow', Action: 'kms:Sign', Resource: imported(newest ?? '') },
    ]);
  });

  it('takes the retention period and mode from the context', () => {
    const { storage } = stacksWith({ retentionDays: '2555', retentionMode: 'COMPLIANCE' });

    storage.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2555 } },
      },
    });
  });

  it('mails the alarms to the operator when an address is given', () => {
    const { api } = stacksWith({ alarmEmail: 'operator@chamber.example.mk' });

    api.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'operator@chamber.example.mk',
    });
  });

  it('passes the chamber’s contact for the verification page through to the verify function', () => {
    const { stacks, api } = stacksWith({
      issuerAddress: 'ул. Димитрие Чуповски 13, 1000 Скопје',
      issuerPhone: '+389 2 555 0101',
      issuerEmail: 'uverenija@komora.test',
      issuerWeb: 'https://komora.test/uverenija',
    });

    expect(environmentOf(api, stacks.api.verifyFunction)).toMatchObject({
      ISSUER_ADDRESS: 'ул. Димитрие Чуповски 13, 1000 Скопје',
      ISSUER_PHONE: '+389 2 555 0101',
      ISSUER_EMAIL: 'uverenija@komora.test',
      ISSUER_WEB: 'https://komora.test/uverenija',
    });
  });

  it('passes the issuer city, time zone and throttling limits through', () => {
    const { stacks, api } = stacksWith({
      issuerCity: 'Битола / Bitola',
      issuerTimeZone: 'Europe/Skopje',
      apiRateLimit: '20',
      apiBurstLimit: '40',
    });

    expect(environmentOf(api, stacks.api.verifyFunction)).toMatchObject({
      ISSUER_CITY: 'Битола / Bitola',
      ISSUER_TIMEZONE: 'Europe/Skopje',
    });
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });
});

describe('deployment context', () => {
  const problemsWith = (context: Record<string, unknown>) => () =>
    readDeploymentConfig(new App({ context: { ...cdkContext(), ...context } }));

  it('names every context key whose value is wrong', () => {
    expect(problemsWith({ issuerId: 'Not Valid', publicBaseUrl: 'http://x.org' })).toThrow(
      /issuerId:[\s\S]*publicBaseUrl:/,
    );
  });

  it.each([
    [{ retentionDays: '0' }, /retentionDays:/],
    [{ retentionMode: 'FOREVER' }, /retentionMode:/],
    [{ signingKeyGenerations: 'two' }, /signingKeyGenerations:/],
    [{ domainName: 'verify.chamber.example.mk' }, /domainName, certificateArn: give both/],
    [
      { certificateArn: 'arn:aws:acm:eu-central-1:111122223333:certificate/abc' },
      /domainName, certificateArn/,
    ],
    [{ apiRateLimit: '100', apiBurstLimit: '10' }, /apiBurstLimit: must be at least apiRateLimit/],
    [{ alarmEmail: 'not an address' }, /alarmEmail:/],
    [{ issuerTimeZone: 'Europe/Atlantis' }, /issuerTimeZone:/],
    [{ issuerEmail: 'not an address' }, /issuerEmail:/],
    [{ issuerWeb: 'komora.test' }, /issuerWeb:/],
  ])('stops synthesis for %o', (context, message) => {
    expect(problemsWith(context)).toThrow(message);
  });

  it('passes a configured public base URL to both functions, without a trailing slash', () => {
    const app = new App({ context: { ...cdkContext(), publicBaseUrl: 'https://verify.example.org/' } });
    expect(readDeploymentConfig(app).publicBaseUrl).toBe('https://verify.example.org');
  });
});
