// One CloudWatch dashboard for the deployment (docs/deploy.md, "Runbook"): the functions, the HTTP API, the edge
// (CloudFront and the WAF, whose metrics live in us-east-1), the table and the background jobs, in the order an
// operator following an alarm looks at them.
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { WAF_METRICS } from '../stacks/edge-stack.ts';

export interface OperationsDashboardProps {
  readonly stage: string;
  /** By name as the dashboard labels them: api, portal, verify. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly httpApi: HttpApi;
  readonly distribution: cloudfront.IDistribution;
  readonly webAclName: string;
  readonly tableName: string;
  /** The function that runs the scheduled jobs (functions/api/background-work.ts). */
  readonly jobsLogGroup: logs.ILogGroup;
  /** Every function's log group, for the request log query. */
  readonly logGroups: readonly logs.ILogGroup[];
}

/** The namespace of the metric the background jobs' failures are counted in. */
export const JOBS_METRIC_NAMESPACE = 'tradecert';
export const JOB_FAILURES_METRIC = 'BackgroundJobFailures';

const PERIOD = Duration.minutes(5);
// CloudFront and WAF for CloudFront publish their metrics in us-east-1 only.
const EDGE_REGION = 'us-east-1';

export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly jobFailures: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const functions = Object.entries(props.functions);
    const perFunction = (
      title: string,
      metricOf: (fn: lambda.IFunction) => cloudwatch.IMetric,
    ): cloudwatch.GraphWidget =>
      new cloudwatch.GraphWidget({
        title,
        width: 6,
        left: functions.map(([name, fn]) =>
          (metricOf(fn) as cloudwatch.Metric).with({ label: name, period: PERIOD }),
        ),
      });

    // The jobs log "<job> failed" at warn (functions/api/background-work.ts): counted as a metric
    const failures = new logs.MetricFilter(this, 'JobFailures', {
      logGroup: props.jobsLogGroup,
      metricNamespace: JOBS_METRIC_NAMESPACE,
      metricName: JOB_FAILURES_METRIC,
      filterPattern: logs.FilterPattern.all(
        logs.FilterPattern.stringValue('$.level', '=', 'warn'),
        logs.FilterPattern.stringValue('$.message', '=', '*failed'),
      ),
      metricValue: '1',
      defaultValue: 0,
    });
    this.jobFailures = failures.metric({ statistic: 'Sum', period: PERIOD, label: 'job failures' });

    const edge = (metricName: string, statistic: string, label: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/CloudFront',
        metricName,
        dimensionsMap: { DistributionId: props.distribution.distributionId, Region: 'Global' },
        region: EDGE_REGION,
        statistic,
        period: PERIOD,
        label,
      });
    const waf = (rule: string, label: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/WAFV2',
        metricName: 'BlockedRequests',
        dimensionsMap: { WebACL: props.webAclName, Rule: rule },
        region: EDGE_REGION,
        statistic: 'Sum',
        period: PERIOD,
        label,
      });
    const table = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: props.tableName },
        statistic: 'Sum',
        period: PERIOD,
        label: metricName,
      });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `tradecert-${props.stage}`,
      defaultInterval: Duration.hours(6),
      widgets: [
        [new cloudwatch.TextWidget({ markdown: '## Functions', width: 24, height: 1 })],
        [
          perFunction('Invocations', (fn) => fn.metricInvocations({ statistic: 'Sum' })),
          perFunction('Errors', (fn) => fn.metricErrors({ statistic: 'Sum' })),
          perFunction('Duration p99 (ms)', (fn) => fn.metricDuration({ statistic: 'p99' })),
          perFunction('Throttles', (fn) => fn.metricThrottles({ statistic: 'Sum' })),
        ],
        [new cloudwatch.TextWidget({ markdown: '## HTTP API and edge', width: 24, height: 1 })],
        [
          new cloudwatch.GraphWidget({
            title: 'HTTP API answers',
            width: 6,
            left: [
              props.httpApi.metricCount({ statistic: 'Sum', period: PERIOD, label: 'requests' }),
              props.httpApi.metricClientError({ statistic: 'Sum', period: PERIOD, label: '4xx' }),
              props.httpApi.metricServerError({ statistic: 'Sum', period: PERIOD, label: '5xx' }),
            ],
          }),
          new cloudwatch.GraphWidget({
            title: 'HTTP API latency (ms)',
            width: 6,
            left: [
              props.httpApi.metricLatency({ statistic: 'p50', period: PERIOD, label: 'p50' }),
              props.httpApi.metricLatency({ statistic: 'p99', period: PERIOD, label: 'p99' }),
              props.httpApi.metricIntegrationLatency({
                statistic: 'p99',
                period: PERIOD,
                label: 'integration p99',
              }),
            ],
          }),
          new cloudwatch.GraphWidget({
            title: 'CloudFront',
            width: 6,
            left: [edge('Requests', 'Sum', 'requests')],
            right: [
              edge('CacheHitRate', 'Average', 'cache hit rate %'),
              edge('5xxErrorRate', 'Average', '5xx %'),
            ],
          }),
          new cloudwatch.GraphWidget({
            title: 'WAF blocked requests',
            width: 6,
            left: [
              waf('ALL', 'all rules'),
              waf(WAF_METRICS.verificationRate, 'verification rate limit'),
              waf(WAF_METRICS.commonRules, 'AWS common rules'),
            ],
          }),
        ],
        [new cloudwatch.TextWidget({ markdown: '## Table and background jobs', width: 24, height: 1 })],
        [
          new cloudwatch.GraphWidget({
            title: 'DynamoDB throttles',
            width: 6,
            left: [table('ReadThrottleEvents'), table('WriteThrottleEvents')],
          }),
          new cloudwatch.GraphWidget({
            title: 'Background job failures',
            width: 6,
            left: [this.jobFailures],
          }),
          new cloudwatch.LogQueryWidget({
            title: 'Background jobs: latest failures',
            width: 12,
            logGroupNames: [props.jobsLogGroup.logGroupName],
            queryLines: [
              'fields @timestamp, message, error.message',
              'filter level = "warn" and message like /failed$/',
              'sort @timestamp desc',
              'limit 20',
            ],
          }),
        ],
        [
          // the structured request log lines (fields requestId, chamber, route, method, status, latencyMs)
          new cloudwatch.LogQueryWidget({
            title: 'Requests by route and status (request logs)',
            width: 24,
            logGroupNames: props.logGroups.map((group) => group.logGroupName),
            queryLines: [
              'filter ispresent(route) and ispresent(status)',
              'stats count(*) as requests, pct(latencyMs, 99) as p99Ms by route, status',
              'sort requests desc',
              'limit 25',
            ],
          }),
        ],
      ],
    });
  }
}
