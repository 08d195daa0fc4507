// The api function's background work (webhooks, revocation list, recovery sweep) runs on a schedule in AWS,
// with the event the handler recognises.
import { readFileSync } from 'node:fs';
import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_JOB, isBackgroundJob } from '../../functions/api/background-work.ts';
import { buildStacks } from '../../infra/build-stacks.ts';
import { readDeploymentConfig } from '../../infra/config.ts';

describe('background work on AWS', () => {
  it('invokes the api function every minute with the background job event', () => {
    const context = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;
    const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    const stacks = buildStacks(app, readDeploymentConfig(app));
    const template = Template.fromStack(stacks.api);
    const apiId = (stacks.api as Stack).getLogicalId(stacks.api.apiFunction.node.defaultChild as CfnFunction);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: Match.arrayWith([
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [apiId, 'Arn'] },
          Input: JSON.stringify({ job: BACKGROUND_JOB }),
        }),
      ]),
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [apiId, 'Arn'] },
    });
    expect(isBackgroundJob({ job: BACKGROUND_JOB })).toBe(true);
    expect(isBackgroundJob({ version: '2.0', rawPath: '/healthz' })).toBe(false);
  });
});
