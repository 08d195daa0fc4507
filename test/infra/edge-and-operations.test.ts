// The stacks against the review checks and the edge (docs/deploy.md, "Review checks", "Verification at the edge",
// "Runbook"): cdk-nag's AwsSolutions pack finds nothing unacknowledged in any variant of the deployment; CloudFront
// caches the verification paths briefly and passes the rest through; the WAF in us-east-1 rate-limits the
// verification paths; the dashboard exists; every alarm links to a runbook section that exists.
import { readFileSync } from 'node:fs';
import { App, type CfnElement, type Environment, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStacks } from '../../infra/build-stacks.ts';
import { readDeploymentConfig } from '../../infra/config.ts';
import { awsSolutionsFindings, checkAwsSolutions } from '../../infra/constructs/nag.ts';
import { RUNBOOK_DOCUMENT } from '../../infra/constructs/runbook.ts';
import { VERIFICATION_PATHS } from '../../infra/stacks/edge-stack.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

const cdkContext = (): Record<string, unknown> =>
  (
    JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
      context: Record<string, unknown>;
    }
  ).context;

// nag reads the templates, not the bundles: no esbuild here
const WITHOUT_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const ACCOUNT = '111111111111';
const EDGE_CERTIFICATE = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
const REGIONAL_CERTIFICATE = (n: number) =>
  `arn:aws:acm:eu-central-1:${ACCOUNT}:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5${n}`;

const WITH_EVERYTHING = {
  domainName: 'app.komora.example',
  certificateArn: REGIONAL_CERTIFICATE(1),
  edgeDomainName: 'verify.komora.example',
  edgeCertificateArn: EDGE_CERTIFICATE,
  alarmEmail: 'ops@komora.example',
  chambers: [
    {
      id: 'al-chamber',
      hosts: [{ domainName: 'verify.oda.example', certificateArn: REGIONAL_CERTIFICATE(2) }],
    },
  ],
};

const appWith = (context: Record<string, unknown> = {}, env: Environment = {}) => {
  const app = new App({ context: { ...cdkContext(), ...WITHOUT_BUNDLING, ...context } });
  const stacks = buildStacks(app, readDeploymentConfig(app), env);
  return { app, stacks };
};

const findingsOf = (app: App) => {
  // after synthesis: cross-stack references are imports by then, as in the templates nag must judge
  app.synth();
  return awsSolutionsFindings(app).violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.ruleName} (${violation.severity}) at ${resource.constructPath}`,
    ),
  );
};

describe('cdk-nag AwsSolutions', { timeout: 120_000 }, () => {
  it.each([
    ['the context of cdk.json', {}, {}],
    ['custom domains, a second chamber and an alarm address', WITH_EVERYTHING, {}],
    [
      'a known region other than us-east-1 (cross-region WebACL)',
      {},
      { account: ACCOUNT, region: 'eu-central-1' },
    ],
    ['us-east-1', {}, { account: ACCOUNT, region: 'us-east-1' }],
  ] as const)('finds nothing unacknowledged, errors or warnings, with %s', (_, context, env) => {
    expect(findingsOf(appWith(context, env).app)).toEqual([]);
  });

  it('reports a finding nobody acknowledged, and then synthesis fails', () => {
    const { app, stacks } = appWith();
    new sns.Topic(stacks.api, 'Careless');
    const findings = awsSolutionsFindings(app).violations.map((violation) => violation.ruleName);
    expect(findings).toContain('AwsSolutions-SNS3');

    const checked = appWith();
    new sns.Topic(checked.stacks.api, 'Careless');
    checkAwsSolutions(checked.app);
    expect(() => checked.app.synth()).toThrow(/AwsSolutions[\s\S]*tradecert-dev-api\/Careless/);
  });
});

describe('the edge', { timeout: 120_000 }, () => {
  let stacks: ReturnType<typeof buildStacks>;
  let api: Template;
  let edge: Template;

  beforeAll(() => {
    ({ stacks } = appWith());
    api = Template.fromStack(stacks.api);
    edge = Template.fromStack(stacks.edge);
  });

  const distribution = () => {
    const [resource] = Object.values(api.findResources('AWS::CloudFront::Distribution')) as Resource[];
    return resource?.Properties.DistributionConfig as {
      DefaultCacheBehavior: Record<string, unknown>;
      CacheBehaviors: Array<Record<string, unknown> & { PathPattern: string }>;
      WebACLId: unknown;
      Logging: unknown;
      Aliases?: string[];
      ViewerCertificate?: Record<string, unknown>;
    };
  };
  const idOf = (element: unknown) => ({ Ref: stacks.api.getLogicalId(element as CfnElement) });
  const answerPolicy = () => idOf(stacks.api.edge.answerCachePolicy.node.defaultChild);
  const documentPolicy = () => idOf(stacks.api.edge.documentCachePolicy.node.defaultChild);

  it('caches the verification answers by the answer policy, on chamber hosts and under /c/<id>', () => {
    const behaviours = distribution().CacheBehaviors;
    for (const path of ['/v', '/v/*', '/api/verify/*', '/status/*', '/c/*/v/*', '/c/*/api/verify/*']) {
      const behaviour = behaviours.find((candidate) => candidate.PathPattern === path);
      expect(behaviour, path).toMatchObject({
        CachePolicyId: answerPolicy(),
        ViewerProtocolPolicy: 'redirect-to-https',
        Compress: true,
      });
    }
    // POSTs (a seal, a PDF, a credential) go through; CloudFront never caches them
    const api = behaviours.find((candidate) => candidate.PathPattern === '/api/verify/*');
    expect(api?.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'POST']));
  });

  it('caches keys, DID documents, contexts and schemas by the document policy', () => {
    for (const path of ['/.well-known/*', '/ns/*', '/did.json', '/c/*/.well-known/*']) {
      const behaviour = distribution().CacheBehaviors.find((candidate) => candidate.PathPattern === path);
      expect(behaviour, path).toMatchObject({
        CachePolicyId: documentPolicy(),
        AllowedMethods: ['GET', 'HEAD'],
      });
    }
  });

  it('passes everything else (portal, JSON API) to the HTTP API uncached, every viewer header but Host', () => {
    expect(distribution().DefaultCacheBehavior).toMatchObject({
      // the managed CachingDisabled and AllViewerExceptHostHeader policies
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      AllowedMethods: expect.arrayContaining(['PUT', 'PATCH', 'POST', 'DELETE']),
    });
  });

  it('keys answers by path, every query parameter, Accept and Accept-Language, no cookies, for 25 s at most', () => {
    api.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: {
        Name: 'tradecert-dev-verification-answers',
        MinTTL: 0,
        DefaultTTL: 0,
        MaxTTL: 25,
        ParametersInCacheKeyAndForwardedToOrigin: {
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Accept', 'Accept-Language'] },
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          CookiesConfig: { CookieBehavior: 'none' },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      },
    });
  });

  it('has the WAF, logs to the access log bucket and points the QR codes at the distribution', () => {
    const config = distribution();
    expect(JSON.stringify(config.WebACLId)).toContain('WebAcl');
    expect(JSON.stringify(config.Logging)).toContain('AccessLogs');
    expect(JSON.stringify(config.Logging)).toContain('cloudfront/');
    expect(config.Aliases).toBeUndefined();
  });

  it('rate-limits each address on the verification paths, in a CLOUDFRONT WebACL with the AWS common rules', () => {
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'verification-rate',
          Action: { Block: { CustomResponse: Match.objectLike({ ResponseCode: 429 }) } },
          Statement: {
            RateBasedStatement: {
              AggregateKeyType: 'IP',
              EvaluationWindowSec: 60,
              Limit: 120,
              ScopeDownStatement: {
                RegexMatchStatement: Match.objectLike({
                  RegexString: VERIFICATION_PATHS,
                  FieldToMatch: { UriPath: {} },
                }),
              },
            },
          },
        }),
        Match.objectLike({
          Name: 'AWSManagedRulesCommonRuleSet',
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              VendorName: 'AWS',
              // uploads (PDFs, credentials, attachments) are larger than the rule's 8 KB
              RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
            }),
          },
        }),
      ]),
    });
  });

  it.each([
    ['/v/ABCDEFGHJKMNPQRS', true],
    ['/v', true],
    ['/v/', true],
    ['/api/verify/jws', true],
    ['/status/revocations', true],
    ['/c/al-chamber/v/ABCDEFGHJKMNPQRS', true],
    ['/c/al-chamber/api/verify/pdf', true],
    ['/portal/login', false],
    ['/api/applications', false],
    ['/vendor', false],
    ['/.well-known/jwks.json', false],
  ] as const)('counts %s as a verification path: %s', (path, counted) => {
    expect(new RegExp(VERIFICATION_PATHS).test(path)).toBe(counted);
  });

  it.each([
    ['an explicit region', { account: ACCOUNT, region: 'eu-central-1' }, true],
    ['no region (offline synthesis)', {}, false],
  ] as const)('puts the WebACL in us-east-1 with %s', (_, env, crossRegion) => {
    const { app, stacks } = appWith({}, env);
    expect(stacks.edge.region).toBe(crossRegion ? 'us-east-1' : Stack.of(stacks.api).region);
    const template = app.synth().getStackByName(stacks.api.stackName).template as {
      Resources: Record<string, Resource>;
    };
    const readers = Object.values(template.Resources).filter(
      (r) => r.Type === 'Custom::CrossRegionExportReader',
    );
    expect(readers).toHaveLength(crossRegion ? 1 : 0);
  });

  it('serves the verification host with its us-east-1 certificate and TLS 1.2, and the QR codes point at it', () => {
    const { stacks } = appWith(WITH_EVERYTHING);
    const template = Template.fromStack(stacks.api);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['verify.komora.example'],
        ViewerCertificate: {
          AcmCertificateArn: EDGE_CERTIFICATE,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: 'https://verify.komora.example' }) },
    });
  });

  it('refuses an edge certificate outside us-east-1, and a host without its certificate', () => {
    expect(() =>
      appWith({ edgeDomainName: 'verify.komora.example', edgeCertificateArn: REGIONAL_CERTIFICATE(3) }),
    ).toThrow(/edgeCertificateArn: must be an ACM certificate ARN in us-east-1/);
    expect(() => appWith({ edgeDomainName: 'verify.komora.example' })).toThrow(
      /edgeDomainName, edgeCertificateArn/,
    );
  });
});

describe('operations', { timeout: 120_000 }, () => {
  let stacks: ReturnType<typeof buildStacks>;
  let api: Template;

  beforeAll(() => {
    ({ stacks } = appWith());
    api = Template.fromStack(stacks.api);
  });

  /** GitHub's anchors: lower case, punctuation but hyphens dropped, spaces as hyphens. */
  const anchorsIn = (markdown: string): Set<string> =>
    new Set(
      [...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) =>
        (match[1] ?? '')
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s_-]/gu, '')
          .replace(/\s/g, '-'),
      ),
    );

  it('links every alarm to a runbook section of docs/deploy.md that exists', () => {
    const anchors = anchorsIn(readFileSync(new URL(`../../${RUNBOOK_DOCUMENT}`, import.meta.url), 'utf8'));
    const alarms = Object.values(api.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      const description = String(alarm.Properties.AlarmDescription);
      const link = /Runbook: docs\/deploy\.md#([a-z0-9-]+)$/.exec(description);
      expect(link, description).not.toBeNull();
      expect(anchors, `${alarm.Properties.AlarmName} → #${link?.[1]}`).toContain(link?.[1]);
    }
  });

  it('keeps a dashboard with the functions, the HTTP API, CloudFront, the WAF, the table and the jobs', () => {
    const dashboards = Object.values(api.findResources('AWS::CloudWatch::Dashboard')) as Resource[];
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const metric of [
      'Invocations',
      'Errors',
      'Duration',
      'Throttles',
      'AWS/ApiGateway',
      '5xx',
      'Latency',
      'AWS/CloudFront',
      'CacheHitRate',
      '5xxErrorRate',
      'AWS/WAFV2',
      'BlockedRequests',
      'ReadThrottleEvents',
      'WriteThrottleEvents',
      'BackgroundJobFailures',
      'pct(latencyMs, 99)',
    ]) {
      expect(body, metric).toContain(metric);
    }
    // CloudFront's and the WAF's metrics exist in us-east-1 only
    expect(body).toContain('us-east-1');
  });

  it("counts the background jobs' failures from the api function's log lines", () => {
    api.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ ($.level = "warn") && ($.message = "*failed") }',
      LogGroupName: {
        Ref: stacks.api.getLogicalId(stacks.api.node.findChild('ApiLogs').node.defaultChild as CfnElement),
      },
      MetricTransformations: [Match.objectLike({ MetricName: 'BackgroundJobFailures', MetricValue: '1' })],
    });
  });

  it('encrypts the alarm topic with a key CloudWatch may use, and refuses plain HTTP publishing', () => {
    api.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    api.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    api.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('traces every function with X-Ray', () => {
    const functions = Object.values(api.findResources('AWS::Lambda::Function')) as Resource[];
    expect(functions.map((fn) => fn.Properties.TracingConfig)).toEqual([
      { Mode: 'Active' },
      { Mode: 'Active' },
      { Mode: 'Active' },
    ]);
  });
});
