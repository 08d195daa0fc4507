// Several chambers on one deployment (docs/network.md §4, docs/deploy.md "Adding a chamber on AWS"): the CDK
// context entry `chambers` gives each chamber its own two KMS keys under fixed aliases and tags, the functions may
// use them only through a tag condition that lists exactly the hosted chambers, and a bad entry stops synthesis.
import { readFileSync } from 'node:fs';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildStacks } from '../../infra/build-stacks.ts';
import { readDeploymentConfig } from '../../infra/config.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

const cdkContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: object })
    .context as Record<string, unknown>;

const CERTIFICATE_ARN =
  'arn:aws:acm:eu-central-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const TWO_CHAMBERS = [{ id: 'mk-chamber' }, { id: 'al-chamber' }];

// Templates only: the bundles are checked by stacks.test.ts, and esbuild would only cost time here.
const stacksWith = (context: Record<string, unknown>) => {
  const app = new App({ context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [], ...context } });
  const stacks = buildStacks(app, readDeploymentConfig(app));
  return { stacks, storage: Template.fromStack(stacks.storage), api: Template.fromStack(stacks.api) };
};

const resourcesIn = (template: Template, type: string) =>
  template.findResources(type) as Record<string, Resource>;

const statementsOf = (template: Template, fn: IFunction): Statement[] => {
  const roleId = (fn.stack as Stack).getLogicalId(fn.role?.node.defaultChild as CfnRole);
  return Object.values(resourcesIn(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
};

const kmsStatementsOf = (template: Template, fn: IFunction) =>
  statementsOf(template, fn).filter((statement) =>
    [statement.Action].flat().some((action) => action.startsWith('kms:')),
  );

const environmentOf = (template: Template, fn: IFunction) => {
  const id = (fn.stack as Stack).getLogicalId(fn.node.defaultChild as CfnFunction);
  const resource = resourcesIn(template, 'AWS::Lambda::Function')[id];
  if (resource === undefined) throw new Error(`no function ${fn.node.path}`);
  return (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
};

const tagsOf = (resource: Resource) =>
  Object.fromEntries(
    (resource.Properties.Tags as { Key: string; Value: string }[]).map((tag) => [tag.Key, tag.Value]),
  );

/** The condition every grant on another chamber's keys must carry. */
const chamberCondition = (ids: string[]) => ({
  StringEquals: { 'aws:ResourceTag/tradecert:chamber': ids, 'aws:ResourceTag/tradecert:stage': 'dev' },
});

describe('chambers on AWS', { timeout: 120_000 }, () => {
  const { stacks, storage, api } = stacksWith({ chambers: TWO_CHAMBERS });
  const functions = () => ({
    api: stacks.api.apiFunction,
    portal: stacks.api.portalFunction,
    verify: stacks.api.verifyFunction,
  });

  it('creates a signing key and a seal key per chamber, retained, aliased and tagged with the chamber', () => {
    const keys = resourcesIn(storage, 'AWS::KMS::Key');
    const aliases = Object.values(resourcesIn(storage, 'AWS::KMS::Alias'));
    // the first chamber's two keys, then two per chamber
    expect(Object.keys(keys)).toHaveLength(6);
    for (const { id } of TWO_CHAMBERS) {
      for (const [purpose, keySpec] of [
        ['signing', 'ECC_NIST_P256'],
        ['seal', 'RSA_3072'],
      ] as const) {
        const alias = aliases.filter(
          (candidate) => candidate.Properties.AliasName === `alias/tradecert/${id}/${purpose}`,
        );
        expect(alias, `${id} ${purpose}`).toHaveLength(1);
        const target = alias[0]?.Properties.TargetKeyId as { 'Fn::GetAtt': [string, string] } | undefined;
        const key = keys[target?.['Fn::GetAtt'][0] ?? ''];
        expect(key).toMatchObject({
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          Properties: { KeySpec: keySpec, KeyUsage: 'SIGN_VERIFY', PendingWindowInDays: 30 },
        });
        expect(tagsOf(key as Resource)).toMatchObject({ 'tradecert:chamber': id, 'tradecert:stage': 'dev' });
        // the default key policy, as the first chamber's keys have: the account delegates to IAM
        expect(JSON.stringify(key?.Properties.KeyPolicy)).toContain(':root');
      }
    }
  });

  it('keeps the first chamber on its own keys and aliases', () => {
    storage.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/tradecert-dev-signing' });
    storage.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/tradecert-dev-seal' });
    const firstKeys = [stacks.storage.signingKeys[0], stacks.storage.sealKey].map((key) =>
      stacks.storage.getLogicalId(key?.node.defaultChild as CfnElement),
    );
    for (const id of firstKeys) {
      expect(tagsOf(resourcesIn(storage, 'AWS::KMS::Key')[id] as Resource)).toMatchObject({
        'tradecert:chamber': 'demo-chamber',
      });
    }
    expect(environmentOf(api, stacks.api.apiFunction).KMS_SIGNING_KEY_IDS).toEqual({
      'Fn::ImportValue': expect.stringContaining(firstKeys[0] ?? ''),
    });
  });

  it('never replaces a chamber’s keys when chambers are added or reordered', () => {
    const logicalIds = (template: Template) => Object.keys(resourcesIn(template, 'AWS::KMS::Key')).sort();
    const reordered = stacksWith({ chambers: [...TWO_CHAMBERS].reverse() }).storage;
    const one = stacksWith({ chambers: [{ id: 'al-chamber' }] }).storage;

    expect(logicalIds(reordered)).toEqual(logicalIds(storage));
    expect(logicalIds(storage)).toEqual(expect.arrayContaining(logicalIds(one)));
  });

  it('lets api and portal sign and read public keys of exactly the hosted chambers’ keys, by their tags', () => {
    for (const fn of [stacks.api.apiFunction, stacks.api.portalFunction]) {
      const conditioned = kmsStatementsOf(api, fn).filter((statement) => statement.Condition !== undefined);
      expect(conditioned).toEqual([
        {
          Effect: 'Allow',
          Action: ['kms:GetPublicKey', 'kms:Sign'],
          Resource: { 'Fn::Join': ['', expect.arrayContaining([':key/*'])] },
          Condition: chamberCondition(['mk-chamber', 'al-chamber']),
        },
      ]);
    }
  });

  it('lets verify only read public keys of the hosted chambers’ keys', () => {
    expect(kmsStatementsOf(api, stacks.api.verifyFunction)).toEqual([
      {
        Effect: 'Allow',
        Action: 'kms:GetPublicKey',
        Resource: { 'Fn::ImportValue': expect.stringContaining('SigningKey') },
      },
      {
        Effect: 'Allow',
        Action: 'kms:GetPublicKey',
        Resource: { 'Fn::Join': ['', expect.arrayContaining([':key/*'])] },
        Condition: chamberCondition(['mk-chamber', 'al-chamber']),
      },
    ]);
  });

  it('allows kms:Sign without the tag condition on no key but the first chamber’s own signing key', () => {
    const firstSigningKey = stacks.storage.getLogicalId(
      stacks.storage.signingKeys[0]?.node.defaultChild as CfnElement,
    );
    const statements = Object.values(functions()).flatMap((fn) => statementsOf(api, fn));
    const signing = statements.filter((statement) => [statement.Action].flat().includes('kms:Sign'));
    const unconditioned = signing.filter((statement) => statement.Condition === undefined);

    expect(signing.length).toBeGreaterThan(unconditioned.length);
    for (const statement of unconditioned) {
      expect(statement.Resource).toEqual({ 'Fn::ImportValue': expect.stringContaining(firstSigningKey) });
    }
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions.filter((action) => action.startsWith('kms:') && action.includes('*'))).toEqual([]);
    // a KMS grant on a wildcard resource is always behind the condition
    const kmsGrants = statements.filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('kms:')),
    );
    for (const statement of kmsGrants.filter((s) => JSON.stringify(s.Resource).includes('*'))) {
      expect(statement.Condition, JSON.stringify(statement)).toEqual(
        chamberCondition(['mk-chamber', 'al-chamber']),
      );
    }
  });

  it('tells every function which chambers it holds keys for, the first chamber first', () => {
    for (const fn of Object.values(functions())) {
      expect(environmentOf(api, fn).HOSTED_CHAMBERS).toBe('demo-chamber,mk-chamber,al-chamber');
    }
  });
});

describe('a deployment without the chambers entry', { timeout: 120_000 }, () => {
  it('has the first chamber’s keys only, no tag-scoped grant, and hosts the first chamber', () => {
    const { stacks, storage, api } = stacksWith({});
    storage.resourceCountIs('AWS::KMS::Key', 2);
    expect(JSON.stringify(api.toJSON())).not.toContain('aws:ResourceTag');
    expect(environmentOf(api, stacks.api.verifyFunction).HOSTED_CHAMBERS).toBe('demo-chamber');
  });
});

describe('the chambers context entry', { timeout: 120_000 }, () => {
  const problemsWith =
    (chambers: unknown, more: Record<string, unknown> = {}) =>
    () =>
      readDeploymentConfig(new App({ context: { ...cdkContext(), ...more, chambers } }));

  it('is read the same from cdk.json (a list) and from -c chambers=… (its JSON text)', () => {
    const fromList = readDeploymentConfig(new App({ context: { ...cdkContext(), chambers: TWO_CHAMBERS } }));
    const fromText = readDeploymentConfig(
      new App({ context: { ...cdkContext(), chambers: JSON.stringify(TWO_CHAMBERS) } }),
    );
    expect(fromText.chambers).toEqual(fromList.chambers);
    expect(fromList.chambers).toEqual([
      { id: 'mk-chamber', hosts: [] },
      { id: 'al-chamber', hosts: [] },
    ]);
  });

  it.each([
    [[{ id: 'Al Chamber' }], /chambers\.0\.id: must be 2–40 lower-case letters/],
    [[{ id: 'a' }], /chambers\.0\.id:/],
    [[{ id: 'mk-chamber' }, { id: 'platform' }], /chambers\.1\.id: is reserved for the network operator/],
    [[{ id: 'al-chamber' }, { id: 'al-chamber' }], /chambers: the id al-chamber is listed more than once/],
    [[{ id: 'demo-chamber' }], /chambers: demo-chamber is the first chamber \(issuerId\)/],
    [[{ id: 'al-chamber', seal: 'x' }], /chambers\.0: Unrecognized key/],
    [[{ name: 'Albanian chamber' }], /chambers\.0\.id:/],
    ['[{"id": "al-chamber"', /chambers: must be a list of chambers/],
    [{ id: 'al-chamber' }, /chambers: must be a list of chambers/],
    [
      [{ id: 'al-chamber', hosts: [{ domainName: 'al.certs.example' }] }],
      /chambers\.0\.hosts\.0\.certificateArn/,
    ],
    [
      [{ id: 'al-chamber', hosts: [{ domainName: 'https://al', certificateArn: CERTIFICATE_ARN }] }],
      /chambers\.0\.hosts\.0\.domainName: must be a host name/,
    ],
    [
      [
        { id: 'mk-chamber', hosts: [{ domainName: 'certs.example.org', certificateArn: CERTIFICATE_ARN }] },
        { id: 'al-chamber', hosts: [{ domainName: 'certs.example.org', certificateArn: CERTIFICATE_ARN }] },
      ],
      /chambers: the host certs\.example\.org is served more than once/,
    ],
  ])('stops synthesis for %j', (chambers, message) => {
    expect(problemsWith(chambers)).toThrow(message);
    expect(problemsWith(chambers)).toThrow(/Invalid CDK context/);
  });

  it('refuses a chamber host that is also the deployment’s own custom domain', () => {
    expect(
      problemsWith(
        [
          {
            id: 'al-chamber',
            hosts: [{ domainName: 'verify.example.org', certificateArn: CERTIFICATE_ARN }],
          },
        ],
        {
          domainName: 'verify.example.org',
          certificateArn: CERTIFICATE_ARN,
        },
      ),
    ).toThrow(/the host verify\.example\.org is served more than once/);
  });
});

describe('a chamber’s own host', { timeout: 120_000 }, () => {
  it('becomes an API Gateway custom domain with its certificate, mapped to the API’s default stage', () => {
    const { stacks, api } = stacksWith({
      chambers: [
        { id: 'mk-chamber' },
        {
          id: 'al-chamber',
          hosts: [{ domainName: 'certs.al-chamber.example', certificateArn: CERTIFICATE_ARN }],
        },
      ],
    });
    const domains = resourcesIn(api, 'AWS::ApiGatewayV2::DomainName');
    expect(Object.values(domains).map((domain) => domain.Properties.DomainName)).toEqual([
      'certs.al-chamber.example',
    ]);
    api.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainNameConfigurations: [
        Match.objectLike({ CertificateArn: CERTIFICATE_ARN, EndpointType: 'REGIONAL' }),
      ],
    });
    const httpApiId = stacks.api.getLogicalId(stacks.api.httpApi.node.defaultChild as CfnElement);
    api.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      ApiId: { Ref: httpApiId },
      DomainName: { Ref: Object.keys(domains)[0] },
      Stage: '$default',
    });
    const outputs = Object.values(api.findOutputs('*')) as { Description?: string }[];
    expect(outputs.map((output) => output.Description)).toContainEqual(
      expect.stringContaining('al-chamber: point certs.al-chamber.example here'),
    );
  });
});
