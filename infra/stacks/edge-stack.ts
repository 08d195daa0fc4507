// The firewall in front of the CloudFront distribution (docs/deploy.md, "Verification at the edge"). A WebACL for
// CloudFront must live in us-east-1, whatever the region of the other stacks, so it has a stack of its own:
// build-stacks.ts pins it there and hands its ARN to the api stack, across regions when they differ.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from '../config.ts';

export interface EdgeStackProps extends StackProps {
  readonly config: DeploymentConfig;
}

/**
 * The verification paths, on a chamber's own host or under its path prefix (/c/<id>/…): the page, the API and
 * the status lists. Everything else (portal, JSON API, keys) is outside the rate-based rule.
 */
export const VERIFICATION_PATHS = '^(/c/[a-z0-9-]+)?/(v(/|$)|api/verify/|status/)';

/** CloudWatch metric names of the WebACL and its rules (the dashboard reads them). */
export const WAF_METRICS = {
  webAcl: 'tradecert-edge',
  verificationRate: 'verification-rate',
  commonRules: 'aws-common-rules',
  knownBadInputs: 'aws-known-bad-inputs',
} as const;

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const managedRules = (
  name: string,
  priority: number,
  metricName: string,
  countOnly: readonly string[] = [],
): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: {
    managedRuleGroupStatement: {
      vendorName: 'AWS',
      name,
      ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
    },
  },
  visibilityConfig: visibility(metricName),
});

export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `tradecert-${config.stage}-edge`,
      description: `tradecert ${config.stage}: rate limit on the public verification paths, AWS managed rules`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(WAF_METRICS.webAcl),
      customResponseBodies: {
        'rate-limited': {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'about:blank',
            title: 'Too many attempts',
            status: 429,
            code: 'RATE_LIMITED',
            detail: 'Too many verification requests from this address; slow down.',
          }),
        },
      },
      rules: [
        {
          // One address, counted at every edge location together: what the per-container counter in the verify
          // function could not do (docs/security.md, "Rate limits").
          name: 'verification-rate',
          priority: 0,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'rate-limited',
                responseHeaders: [{ name: 'retry-after', value: '60' }],
              },
            },
          },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              evaluationWindowSec: 60,
              limit: config.verifyRateLimit,
              scopeDownStatement: {
                regexMatchStatement: {
                  regexString: VERIFICATION_PATHS,
                  fieldToMatch: { uriPath: {} },
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility(WAF_METRICS.verificationRate),
        },
        // Bodies over 8 KB are counted, not blocked: PDFs (10 MB), credentials (1 MB) and attachments are
        // legitimate uploads here, and the functions bound their sizes themselves.
        managedRules('AWSManagedRulesCommonRuleSet', 1, WAF_METRICS.commonRules, ['SizeRestrictions_BODY']),
        managedRules('AWSManagedRulesKnownBadInputsRuleSet', 2, WAF_METRICS.knownBadInputs),
      ],
    });
  }
}
