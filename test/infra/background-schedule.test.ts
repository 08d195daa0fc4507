// The api function's background work runs on AWS as two scheduled jobs, each its own invocation: webhook
// deliveries, and maintenance (recovery sweep, revocation list). Hanging webhook receivers cannot delay a
// recovery, because no invocation does both (docs/security.md).
import { readFileSync } from 'node:fs';
import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  ARCHIVE_JOB,
  isBackgroundJob,
  MAIL_JOB,
  MAINTENANCE_JOB,
  WEBHOOKS_JOB,
} from '../../functions/api/background-jobs.ts';
import { buildStacks } from '../../infra/build-stacks.ts';
import { readDeploymentConfig } from '../../infra/config.ts';

const apiTemplate = () => {
  const context = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildStacks(app, readDeploymentConfig(app));
  const apiId = (stacks.api as Stack).getLogicalId(stacks.api.apiFunction.node.defaultChild as CfnFunction);
  return { template: Template.fromStack(stacks.api), apiId };
};

describe('background work on AWS', () => {
  it('invokes the api function once per job, every minute for deliveries and mail apart from recovery and the status list', () => {
    const { template, apiId } = apiTemplate();
    const rules = template.findResources('AWS::Events::Rule');
    const inputs = Object.values(rules).flatMap(
      (rule) =>
        (rule as { Properties: { Targets: { Input: string }[] } }).Properties.Targets.map(
          (target) => JSON.parse(target.Input).job,
        ) as string[],
    );
    expect(inputs.sort()).toEqual([MAINTENANCE_JOB, WEBHOOKS_JOB, MAIL_JOB, ARCHIVE_JOB].sort());
    for (const job of [MAINTENANCE_JOB, WEBHOOKS_JOB, MAIL_JOB]) {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(1 minute)',
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [apiId, 'Arn'] },
            Input: JSON.stringify({ job }),
            RetryPolicy: { MaximumRetryAttempts: 0 },
          }),
        ],
      });
    }
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [apiId, 'Arn'] },
    });
  });

  it('renews archive timestamps once a day, with no retry of a failed run (the next day repeats it)', () => {
    const { template, apiId } = apiTemplate();
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(17 3 * * ? *)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [apiId, 'Arn'] },
          Input: JSON.stringify({ job: ARCHIVE_JOB }),
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
  });

  it('recognises the four jobs and nothing else as background work', () => {
    expect(isBackgroundJob({ job: ARCHIVE_JOB })).toBe(true);
    expect(isBackgroundJob({ job: MAINTENANCE_JOB })).toBe(true);
    expect(isBackgroundJob({ job: WEBHOOKS_JOB })).toBe(true);
    expect(isBackgroundJob({ job: MAIL_JOB })).toBe(true);
    expect(isBackgroundJob({ job: 'tradecert.background' })).toBe(false);
    expect(isBackgroundJob({ version: '2.0', rawPath: '/healthz' })).toBe(false);
  });
});
