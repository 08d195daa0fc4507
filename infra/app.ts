// The CDK app run by the CLI (`cdk synth`, `cdk deploy`): reads the context, then builds the stacks of that stage.
import { App } from 'aws-cdk-lib';
import { buildStacks, targetEnvironment } from './build-stacks.ts';
import { readDeploymentConfig } from './config.ts';
import { checkAwsSolutions } from './constructs/nag.ts';

const app = new App();
buildStacks(app, readDeploymentConfig(app), targetEnvironment(process.env));
// cdk-nag's AwsSolutions checks: an unacknowledged finding fails synthesis (docs/deploy.md, "Review checks")
checkAwsSolutions(app);
app.synth();
