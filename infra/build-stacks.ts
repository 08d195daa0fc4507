// Builds the stacks of one stage into an App; shared by the CDK entry (app.ts), synth.ts and the infra tests.
import { type App, type Environment, Tags } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { DeploymentConfig } from './config.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { EdgeStack } from './stacks/edge-stack.ts';
import { StorageStack } from './stacks/storage-stack.ts';

/**
 * Account and region from the CLI's credentials when present; without them the stacks are
 * environment-agnostic, so that synthesis works offline.
 */
export const targetEnvironment = (env: NodeJS.ProcessEnv): Environment => ({
  ...(env.CDK_DEFAULT_ACCOUNT ? { account: env.CDK_DEFAULT_ACCOUNT } : {}),
  ...(env.CDK_DEFAULT_REGION ? { region: env.CDK_DEFAULT_REGION } : {}),
});

/** CloudFront takes its WebACL and certificate from this region only. */
export const EDGE_REGION = 'us-east-1';

export const buildStacks = (app: App, config: DeploymentConfig, env: Environment = {}) => {
  const prefix = `tradecert-${config.stage}`;
  // With a known region the edge stack goes to us-east-1 and its WebACL's ARN crosses over by CDK's cross-region
  // references; without one (offline synthesis) both stay environment-agnostic (docs/deploy.md).
  const crossRegionReferences = env.region !== undefined && env.region !== EDGE_REGION;
  const edge = new EdgeStack(app, `${prefix}-edge`, {
    env: env.region === undefined ? env : { ...env, region: EDGE_REGION },
    crossRegionReferences,
    description: `tradecert ${config.stage}: the WAF WebACL in front of CloudFront (us-east-1)`,
    config,
  });
  const storage = new StorageStack(app, `${prefix}-storage`, {
    env,
    description: `tradecert ${config.stage}: table, document bucket and signing keys (stateful, retained)`,
    config,
  });
  const api = new ApiStack(app, `${prefix}-api`, {
    env,
    description: `tradecert ${config.stage}: HTTP API and functions (stateless)`,
    config,
    table: storage.table,
    bucket: storage.bucket,
    signingKeys: storage.signingKeys,
    sealKey: storage.sealKey,
    ...(storage.cscClientSecret ? { cscClientSecret: storage.cscClientSecret } : {}),
    ...(storage.tsaAuthorizationSecret ? { tsaAuthorizationSecret: storage.tsaAuthorizationSecret } : {}),
    // the cast: Bucket is an IBucket, but not under exactOptionalPropertyTypes (aws-cdk-lib's optional props)
    accessLogs: storage.accessLogs as s3.IBucket,
    webAcl: { arn: edge.webAcl.attrArn, name: edge.webAcl.name ?? '' },
    crossRegionReferences,
  });
  Tags.of(app).add('project', 'tradecert');
  Tags.of(app).add('stage', config.stage);
  return { storage, api, edge };
};
