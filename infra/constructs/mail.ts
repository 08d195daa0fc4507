// Sending mail on AWS (docs/mail.md, "On AWS"): the SES domain identity the mail is sent from, a configuration
// set every mail goes through, and its bounce and complaint events published to an SNS topic that the api
// function subscribes to (functions/api/mail-feedback.ts), which stops mail to those addresses.
import { Arn, Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface MailSendingProps {
  /** The domain mail is sent from (its DKIM records must be published: docs/deploy.md). */
  readonly domain: string;
  /** The function that records bounces and complaints. */
  readonly feedbackHandler: lambda.IFunction;
}

export class MailSending extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly feedbackTopic: sns.Topic;
  /** MAIL_* for a function that sends (functions/config/config.ts). */
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: MailSendingProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      // SES's own account-level suppression list also holds the address; ours shows it to the user
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.domain),
      configurationSet: this.configurationSet,
    });
    this.feedbackTopic = new sns.Topic(this, 'Feedback', {
      displayName: 'tradecert mail bounces and complaints',
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.feedbackTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    this.feedbackTopic.addSubscription(new subscriptions.LambdaSubscription(props.feedbackHandler));
    this.environment = {
      MAIL_TRANSPORT: 'ses',
      MAIL_FROM: `no-reply@${props.domain}`,
      MAIL_SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
    };
  }

  /** ses:SendEmail for this identity through this configuration set, and nothing else. */
  grantSend(fn: lambda.IFunction) {
    const { partition, region, account } = {
      partition: Aws.PARTITION,
      region: Aws.REGION,
      account: Aws.ACCOUNT_ID,
    };
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          this.identity.emailIdentityArn,
          Arn.format(
            {
              partition,
              region,
              account,
              service: 'ses',
              resource: 'configuration-set',
              resourceName: this.configurationSet.configurationSetName,
            },
            Stack.of(this),
          ),
        ],
      }),
    );
  }
}
