// Mail on AWS (docs/mail.md): with `mailDomain` set, the api stack has the SES identity and configuration set,
// bounces and complaints reach the api function through SNS, and the functions may send only as that identity
// through that configuration set. Without it, nothing of SES is there and no mail leaves.
import { readFileSync } from 'node:fs';
import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildStacks } from '../../infra/build-stacks.ts';
import { readDeploymentConfig } from '../../infra/config.ts';

const apiTemplate = (extra: Record<string, string> = {}) => {
  const context = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;
  const app = new App({ context: { ...context, ...extra, 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildStacks(app, readDeploymentConfig(app));
  const logicalId = (fn: typeof stacks.api.apiFunction) =>
    (stacks.api as Stack).getLogicalId(fn.node.defaultChild as CfnFunction);
  return {
    template: Template.fromStack(stacks.api),
    apiId: logicalId(stacks.api.apiFunction),
    portalId: logicalId(stacks.api.portalFunction),
  };
};

const policiesOf = (template: Template) =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (
        policy as {
          Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } };
        }
      ).Properties.PolicyDocument.Statement,
  );

describe('mail on AWS', () => {
  it('verifies the mail domain with DKIM and sends every mail through one configuration set', () => {
    const { template } = apiTemplate({ mailDomain: 'mail.chamber.example' });
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'mail.chamber.example',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('sends bounces and complaints to the api function through SNS', () => {
    const { template, apiId } = apiTemplate({ mailDomain: 'mail.chamber.example' });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: { TopicARN: Match.anyValue() },
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [apiId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'sns.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [apiId, 'Arn'] },
    });
  });

  it('lets only the api function send, only as the identity, through the configuration set', () => {
    const { template, apiId } = apiTemplate({ mailDomain: 'mail.chamber.example' });
    const sending = policiesOf(template).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('ses:')),
    );
    expect(sending.length).toBe(1); // the api function's: the portal only queues mail
    const [identityId] = Object.keys(template.findResources('AWS::SES::EmailIdentity'));
    for (const statement of sending) {
      expect(statement.Action).toBe('ses:SendEmail');
      expect(JSON.stringify(statement.Resource)).toContain('configuration-set/');
      expect(JSON.stringify(statement.Resource)).toContain(`:identity/",{"Ref":"${identityId}"}`);
      expect(JSON.stringify(statement.Resource)).not.toContain('"*"');
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          MAIL_TRANSPORT: 'ses',
          MAIL_FROM: 'no-reply@mail.chamber.example',
          MAIL_SES_CONFIGURATION_SET: Match.anyValue(),
        }),
      },
    });
    expect(apiId).toBeTruthy();
  });

  it('has no SES and no send permission without a mail domain', () => {
    const { template } = apiTemplate();
    template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    template.resourceCountIs('AWS::SES::ConfigurationSet', 0);
    expect(
      policiesOf(template).filter((statement) =>
        [statement.Action].flat().some((action) => action.startsWith('ses:')),
      ),
    ).toEqual([]);
  });
});
