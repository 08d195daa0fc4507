// Builds the stacks of one stage into an App; shared by the CDK entry (app.ts), synth.ts and the infra tests.
import { type App, type Environment, Tags } from 'aws-cdk-lib';
import type { DeploymentConfig } from './config.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { StorageStack } from './stacks/storage-stack.ts';

/**
 * Account and region from the CLI's credentials when present; without them the stacks are
 * environment-agnostic, so that synthesis works offline.
 */
export const targetEnvironment = (env: NodeJS.ProcessEnv): Environment => ({
  ...(env.CDK_DEFAULT_ACCOUNT ? { account: env.CDK_DEFAULT_ACCOUNT } : {}),
  ...(env.CDK_DEFAULT_REGION ? { region: env.CDK_DEFAULT_REGION } : {}),
});

export const buildStacks = (app: App, config: DeploymentConfig, env: Environment = {}) => {
  const prefix = `tradecert-${config.stage}`;
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
  });
  Tags.of(app).add('project', 'tradecert');
  Tags.of(app).add('stage', config.stage);
  return { storage, api };
};
