// The deployment variant with remote qualified sealing (cscSeal, docs/legal.md §6): the storage stack keeps a
// Secrets Manager secret for the CSC client secret (retained, its ARN an output); the issuing functions (api,
// portal) get SEAL_SOURCE=csc with the secret's ARN, never its value, and may read that one secret; the verify
// function gets neither. cdk-nag finds nothing unacknowledged, and the KMS and CSC seals exclude each other.
import { readFileSync } from 'node:fs';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config/config.ts';
import { buildStacks } from '../../infra/build-stacks.ts';
import { readDeploymentConfig } from '../../infra/config.ts';
import { awsSolutionsFindings } from '../../infra/constructs/nag.ts';

const CSC_SEAL = {
  baseUrl: 'https://rss.tsp.example',
  clientId: 'chamber-mk',
  credentialId: 'qseal-2026',
};

const cdkContext = (): Record<string, unknown> =>
  (
    JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
      context: Record<string, unknown>;
    }
  ).context;

const appWith = (context: Record<string, unknown>) => {
  const app = new App({ context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [], ...context } });
  return { app, stacks: buildStacks(app, readDeploymentConfig(app)) };
};

type Statement = { Action: string | string[]; Resource: unknown };

describe('remote sealing on AWS', { timeout: 120_000 }, () => {
  const { app, stacks } = appWith({ cscSeal: CSC_SEAL });
  const storage = Template.fromStack(stacks.storage);
  const api = Template.fromStack(stacks.api);
  const secretId = stacks.storage.getLogicalId(
    stacks.storage.cscClientSecret?.node.defaultChild as CfnElement,
  );

  const environmentOf = (fn: IFunction) => {
    const id = stacks.api.getLogicalId(fn.node.defaultChild as CfnFunction);
    const resource = api.findResources('AWS::Lambda::Function')[id] as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    };
    return resource.Properties.Environment.Variables;
  };
  const statementsOf = (fn: IFunction): Statement[] => {
    const roleId = stacks.api.getLogicalId(fn.role?.node.defaultChild as CfnRole);
    return Object.values(api.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  };

  it('keeps the client secret in a retained Secrets Manager secret and outputs its ARN', () => {
    storage.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: { Name: 'tradecert/dev/csc-client-secret' },
    });
    expect(Object.keys(storage.findOutputs('CscClientSecretArn'))).toEqual(['CscClientSecretArn']);
  });

  it('configures the issuing functions for CSC with the secret’s ARN, not its value', () => {
    for (const fn of [stacks.api.apiFunction, stacks.api.portalFunction]) {
      expect(environmentOf(fn)).toMatchObject({
        SEAL_SOURCE: 'csc',
        CSC_BASE_URL: CSC_SEAL.baseUrl,
        CSC_CLIENT_ID: CSC_SEAL.clientId,
        CSC_CREDENTIAL_ID: CSC_SEAL.credentialId,
        CSC_CLIENT_SECRET_ARN: { 'Fn::ImportValue': expect.stringContaining(secretId) },
      });
      expect(environmentOf(fn)).not.toHaveProperty('CSC_CLIENT_SECRET');
    }
    expect(
      Object.keys(environmentOf(stacks.api.verifyFunction)).filter((name) => name.startsWith('CSC_')),
    ).toEqual([]);
  });

  it('lets the api and portal functions read that secret only, and the verify function not at all', () => {
    for (const fn of [stacks.api.apiFunction, stacks.api.portalFunction]) {
      expect(
        statementsOf(fn).filter((statement) => JSON.stringify(statement).includes('secretsmanager')),
      ).toEqual([
        expect.objectContaining({
          Action: 'secretsmanager:GetSecretValue',
          Resource: { 'Fn::ImportValue': expect.stringContaining(secretId) },
        }),
      ]);
    }
    expect(JSON.stringify(statementsOf(stacks.api.verifyFunction))).not.toContain('secretsmanager');
  });

  it('gives the functions an environment that passes their own configuration check', () => {
    const config = loadConfig({
      SEAL_SOURCE: 'csc',
      CSC_BASE_URL: CSC_SEAL.baseUrl,
      CSC_CLIENT_ID: CSC_SEAL.clientId,
      CSC_CREDENTIAL_ID: CSC_SEAL.credentialId,
      CSC_CLIENT_SECRET_ARN:
        'arn:aws:secretsmanager:eu-central-1:111122223333:secret:tradecert/dev/csc-client-secret-AbCdEf',
    });
    expect(config.csc?.clientSecret).toEqual({
      arn: 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:tradecert/dev/csc-client-secret-AbCdEf',
    });
  });

  it('leaves cdk-nag nothing unacknowledged', () => {
    app.synth();
    expect(
      awsSolutionsFindings(app).violations.flatMap((violation) =>
        violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
      ),
    ).toEqual([]);
  });

  it('stops synthesis for a CSC seal together with the KMS seal chain, or a CSC service on plain http', () => {
    expect(() => appWith({ cscSeal: CSC_SEAL, sealCertificateChainFile: 'cdk.json' })).toThrow(
      /cscSeal: seal either with the KMS key/,
    );
    expect(() => appWith({ cscSeal: { ...CSC_SEAL, baseUrl: 'http://rss.tsp.example' } })).toThrow(
      /cscSeal.baseUrl: must be the https base URI/,
    );
    expect(() => appWith({ cscSeal: JSON.stringify({ ...CSC_SEAL, secret: 'no' }) })).toThrow(/cscSeal/);
  });
});
