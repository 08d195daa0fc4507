// Synthesizes cdk.out without the CDK CLI, cdk-nag checks included,, for machines whose CLI cannot read this aws-cdk-lib's assembly
// schema. Context as the CLI gives it: cdk.json first, then `-c key=value` arguments.
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { buildStacks, targetEnvironment } from './build-stacks.ts';
import { readDeploymentConfig } from './config.ts';
import { checkAwsSolutions } from './constructs/nag.ts';
import { repoPath } from './constructs/paths.ts';

const cdkJson = JSON.parse(readFileSync(repoPath('cdk.json'), 'utf8')) as {
  context?: Record<string, unknown>;
};

const contextArguments = (argv: readonly string[]): Record<string, string> => {
  const pairs: Record<string, string> = {};
  argv.forEach((argument, index) => {
    const pair = argument === '-c' || argument === '--context' ? argv[index + 1] : undefined;
    const separator = pair?.indexOf('=') ?? -1;
    if (pair !== undefined && separator > 0) pairs[pair.slice(0, separator)] = pair.slice(separator + 1);
  });
  return pairs;
};

const app = new App({
  outdir: repoPath('cdk.out'),
  context: { ...cdkJson.context, ...contextArguments(process.argv.slice(2)) },
});
buildStacks(app, readDeploymentConfig(app), targetEnvironment(process.env));
// cdk-nag's AwsSolutions checks: an unacknowledged finding fails synthesis (docs/deploy.md, "Review checks")
checkAwsSolutions(app);
const assembly = app.synth();
console.log(
  `Synthesized ${assembly.stacks.map((stack) => stack.stackName).join(', ')} into ${assembly.directory}`,
);
