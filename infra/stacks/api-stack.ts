// The stateless stack: the api and verify functions behind one HTTP API, its logs and alarms. Safe to
// destroy and redeploy: everything that must last is in the storage stack.
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';
import {
  CHAMBER_TAG,
  HOSTED_CHAMBERS_VARIABLE,
  STAGE_TAG,
} from '../../functions/adapters/kms/chamber-keys.ts';
import { ARCHIVE_JOB, MAIL_JOB, MAINTENANCE_JOB, WEBHOOKS_JOB } from '../../functions/api/background-jobs.ts';
import {
  configuredPublicBaseUrl,
  type DeploymentConfig,
  hostedChamberIds,
  issuerEnvironment,
} from '../config.ts';
import { bundleNamed } from '../constructs/bundling.ts';
import { EsmFunction } from '../constructs/esm-function.ts';
import { MailSending } from '../constructs/mail.ts';
import { acknowledge, nameInFinding } from '../constructs/nag.ts';
import { OperationsDashboard } from '../constructs/operations-dashboard.ts';
import { LAMBDA_SEAL_CHAIN_FILE, LAMBDA_TEMPLATES_DIR, pdfAssetHooks } from '../constructs/pdf-assets.ts';
import { runbookLink } from '../constructs/runbook.ts';
import { VerificationEdge } from '../constructs/verification-edge.ts';
import { DOCUMENT_PREFIXES, INDEX_NAMES } from './storage-stack.ts';

// Only what this stack uses: the full ITableV2, IBucket and IKey do not accept TableV2, Bucket and Key
// under exactOptionalPropertyTypes (optional properties in aws-cdk-lib's declarations).
interface TableAccess {
  readonly tableName: string;
  readonly tableArn: string;
}
/** The bucket's construct too: cdk-nag names its ARN by the logical id (the acknowledgments below). */
interface BucketAccess extends IConstruct {
  readonly bucketName: string;
  readonly bucketArn: string;
}
interface KeyAccess {
  readonly keyArn: string;
}

export interface ApiStackProps extends StackProps {
  readonly config: DeploymentConfig;
  readonly table: TableAccess;
  readonly bucket: BucketAccess;
  /** Newest first: the first signs; all are published so that retired keys still verify. */
  readonly signingKeys: readonly KeyAccess[];
  /** The PAdES seal key; used only when the deployment configures its certificate chain. */
  readonly sealKey: KeyAccess;
  /** With `cscSeal`: the secret holding the remote sealing service's OAuth2 client secret. */
  readonly cscClientSecret?: { readonly secretArn: string };
  /** With `tsaAuthorization`: the secret holding the TSA's Authorization value. */
  readonly tsaAuthorizationSecret?: { readonly secretArn: string };
  /** Where CloudFront writes its standard logs (the storage stack's access log bucket). */
  readonly accessLogs: s3.IBucket;
  /** The edge stack's WebACL (us-east-1), attached to the distribution. */
  readonly webAcl: { readonly arn: string; readonly name: string };
}

// Least privilege, action by action: what the adapters send (test/infra/iam-coverage.test.ts keeps this
// list and the code in step). No Scan, no batch operations, no streams.
const TABLE_READS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'];
// Transactions need the permission of each item action they contain, ConditionCheckItem included.
const TABLE_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
];

/**
 * The seal's TSA for the functions that issue (docs/legal.md §2). Its credentials stay in Secrets Manager: the
 * functions get the secret's ARN and read it when they first ask for a timestamp.
 */
const tsaEnvironment = (
  config: DeploymentConfig,
  authorization: { readonly secretArn: string } | undefined,
): Record<string, string> => {
  const { tsa } = config;
  if (!tsa) return {};
  return {
    TSA_URL: tsa.url,
    ...(tsa.policyOid ? { TSA_POLICY_OID: tsa.policyOid } : {}),
    ...(tsa.timeoutMs ? { TSA_TIMEOUT_MS: String(tsa.timeoutMs) } : {}),
    ...(authorization ? { TSA_AUTHORIZATION_SECRET_ARN: authorization.secretArn } : {}),
  };
};

export class ApiStack extends Stack {
  readonly apiFunction: EsmFunction;
  readonly portalFunction: EsmFunction;
  readonly verifyFunction: EsmFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly edge: VerificationEdge;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, table, bucket, signingKeys, sealKey, cscClientSecret, tsaAuthorizationSecret } = props;
    const [activeKey] = signingKeys;
    if (activeKey === undefined) throw new Error('ApiStack needs at least one signing key');

    // Created before the functions: they need its URL when no domain is configured. The routes come later.
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `tradecert-${config.stage}`,
      // The default stage is added below: only an explicit stage takes throttling and access logs.
      createDefaultStage: false,
    });
    // The public verification paths go through CloudFront and its WAF (docs/deploy.md, "Verification at the edge"),
    // so the QR codes point at the distribution unless the deployment names another host.
    this.edge = new VerificationEdge(this, 'Edge', {
      stage: config.stage,
      apiEndpoint: this.httpApi.apiEndpoint,
      webAclArn: props.webAcl.arn,
      accessLogs: props.accessLogs,
      ...(config.edgeDomain ? { domain: config.edgeDomain } : {}),
    });
    const publicBaseUrl =
      configuredPublicBaseUrl(config) ?? `https://${this.edge.distribution.distributionDomainName}`;

    const environment = {
      TABLE_NAME: table.tableName,
      ...issuerEnvironment(config),
      PUBLIC_BASE_URL: publicBaseUrl,
      KEY_SOURCE: 'kms',
      // Key ARNs, not the alias: a seal's kid must stay tied to the key that made it.
      KMS_SIGNING_KEY_IDS: signingKeys.map((key) => key.keyArn).join(','),
      // Every chamber this deployment has keys for, the first chamber first: the runtime refuses any other.
      [HOSTED_CHAMBERS_VARIABLE]: hostedChamberIds(config).join(','),
    };

    // The seal: the KMS key with its configured chain, the remote CSC service with the secret's ARN, or none.
    const sealEnvironment = (): Record<string, string> => {
      if (config.sealCertificateChainFile) {
        return {
          SEAL_SOURCE: 'kms',
          SEAL_KMS_KEY_ID: sealKey.keyArn,
          SEAL_CERTIFICATE_CHAIN: LAMBDA_SEAL_CHAIN_FILE,
        };
      }
      if (config.cscSeal && cscClientSecret) {
        return {
          SEAL_SOURCE: 'csc',
          CSC_BASE_URL: config.cscSeal.baseUrl,
          CSC_CLIENT_ID: config.cscSeal.clientId,
          CSC_CLIENT_SECRET_ARN: cscClientSecret.secretArn,
          ...(config.cscSeal.tokenUrl ? { CSC_OAUTH_TOKEN_URL: config.cscSeal.tokenUrl } : {}),
          ...(config.cscSeal.credentialId ? { CSC_CREDENTIAL_ID: config.cscSeal.credentialId } : {}),
        };
      }
      return { SEAL_SOURCE: 'none' };
    };

    // Approving renders and seals a PDF: CPU-bound, and Lambda allots CPU in proportion to memory,
    // so 1024 MB (about 0.6 vCPU) buys the CPU, not the memory. 29 s: the longest an HTTP API waits.
    const issuing = (id: string, name: 'api' | 'portal', description: string) =>
      new EsmFunction(this, id, {
        entry: bundleNamed(name).entry,
        description: `tradecert ${config.stage}: ${description}`,
        memorySize: 1024,
        timeout: Duration.seconds(29),
        environment: {
          ...environment,
          BUCKET_NAME: bucket.bucketName,
          TEMPLATES_DIR: LAMBDA_TEMPLATES_DIR,
          ...sealEnvironment(),
          ...tsaEnvironment(config, tsaAuthorizationSecret),
        },
        commandHooks: pdfAssetHooks(config.sealCertificateChainFile),
      });
    this.apiFunction = issuing('Api', 'api', 'exporters, staff and admins (JSON API)');
    // The portal approves, so it issues: the same environment and grants as the api function.
    this.portalFunction = issuing('Portal', 'portal', 'web portal for exporters, staff and admins');

    // A verification is one or two GetItems and an ES256 check: 512 MB for a quick cold start (a third
    // of a vCPU to load a 0.6 MB bundle), 10 s so that a stuck call fails well before a person gives up.
    this.verifyFunction = new EsmFunction(this, 'Verify', {
      entry: bundleNamed('verify').entry,
      description: `tradecert ${config.stage}: public verification`,
      memorySize: 512,
      timeout: Duration.seconds(10),
      // Behind CloudFront every request comes from an edge address, so a per-address counter in the function
      // would throttle whole cities at once: the WAF counts by viewer address instead (docs/security.md).
      environment: { ...environment, VERIFY_RATE_LIMIT: '0' },
    });

    this.grantTable(this.verifyFunction, table, TABLE_READS);
    const allKeyArns = signingKeys.map((key) => key.keyArn);
    this.verifyFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: allKeyArns }),
    );
    this.grantChamberKeys(this.verifyFunction, config, ['kms:GetPublicKey']);
    for (const fn of [this.apiFunction, this.portalFunction]) {
      this.grantTable(fn, table, [...TABLE_READS, ...TABLE_WRITES]);
      this.grantDocuments(fn, bucket, config.issuer.id);
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: allKeyArns }));
      // Only the newest key signs: a retired key cannot make a new seal through this function.
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:Sign'], resources: [activeKey.keyArn] }));
      // The seal key only once its certificate is configured: before that no function may use it.
      if (config.sealCertificateChainFile) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['kms:GetPublicKey', 'kms:Sign'], resources: [sealKey.keyArn] }),
        );
      }
      this.grantChamberKeys(fn, config, ['kms:GetPublicKey', 'kms:Sign']);
      // the issuing functions read the TSA's credentials; the verify function never does
      if (tsaAuthorizationSecret) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['secretsmanager:GetSecretValue'],
            resources: [tsaAuthorizationSecret.secretArn],
          }),
        );
      }
      // the issuing functions read the remote sealing client secret; the verify function never does
      if (cscClientSecret) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['secretsmanager:GetSecretValue'],
            resources: [cscClientSecret.secretArn],
          }),
        );
      }
    }

    this.stage = this.addDefaultStage(config);
    this.addRoutes();
    // Two schedules, two jobs (functions/api/background-work.ts): each invocation runs on its own, so hanging
    // webhook receivers never delay the recovery sweep or the revocation list refresh (docs/security.md).
    const everyMinute = (id: string, job: string) =>
      new events.Rule(this, id, {
        schedule: events.Schedule.rate(Duration.minutes(1)),
        targets: [
          new targets.LambdaFunction(this.apiFunction, {
            event: events.RuleTargetInput.fromObject({ job }),
            retryAttempts: 0,
          }),
        ],
      });
    everyMinute('Maintenance', MAINTENANCE_JOB);
    everyMinute('WebhookDeliveries', WEBHOOKS_JOB);
    everyMinute('MailDeliveries', MAIL_JOB);
    // archive timestamps are renewed months before their TSA certificates expire: once a day is plenty, and a
    // failed day is repeated the next (docs/legal.md §5)
    new events.Rule(this, 'ArchiveRenewal', {
      schedule: events.Schedule.cron({ minute: '17', hour: '3' }),
      targets: [
        new targets.LambdaFunction(this.apiFunction, {
          event: events.RuleTargetInput.fromObject({ job: ARCHIVE_JOB }),
          retryAttempts: 0,
        }),
      ],
    });
    if (config.mailDomain) this.addMail(config.mailDomain);
    this.alarmTopic = this.addAlarms(config);
    this.dashboard = new OperationsDashboard(this, 'Operations', {
      stage: config.stage,
      functions: { api: this.apiFunction, portal: this.portalFunction, verify: this.verifyFunction },
      httpApi: this.httpApi,
      distribution: this.edge.distribution,
      webAclName: props.webAcl.name,
      tableName: table.tableName,
      jobsLogGroup: this.apiFunction.logGroup,
      logGroups: [this.apiFunction, this.portalFunction, this.verifyFunction].map((fn) => fn.logGroup),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'PublicBaseUrl', { value: publicBaseUrl, description: 'Where the QR codes point' });
    new CfnOutput(this, 'EdgeDomainTarget', {
      value: this.edge.distribution.distributionDomainName,
      description: config.edgeDomain
        ? `Point ${config.edgeDomain.domainName} here (CNAME, or an alias record in Route 53)`
        : 'The CloudFront distribution in front of the public verification paths',
    });
  }

  // SES for the deployment's mail (docs/mail.md): the api function sends (the mail job) and records bounces and
  // complaints; the portal only queues mail (a password reset), so it gets the settings but no grant.
  private addMail(domain: string) {
    const mail = new MailSending(this, 'Mail', { domain, feedbackHandler: this.apiFunction });
    mail.grantSend(this.apiFunction);
    for (const fn of [this.apiFunction, this.portalFunction]) {
      for (const [name, value] of Object.entries(mail.environment)) fn.addEnvironment(name, value);
    }
  }

  // The keys of the other chambers by their tags, not their ARNs (docs/network.md §4): a key of this account and
  // region is usable only when it belongs to a chamber this stack hosts and to this stage, so a function can use
  // neither another deployment's keys nor those of a chamber that was dropped from the context. The tag condition
  // covers a chamber's retired keys too, as long as they keep their tags.
  private grantChamberKeys(fn: EsmFunction, config: DeploymentConfig, keyActions: string[]) {
    if (config.chambers.length === 0) return;
    const chamberKeys = `arn:${Aws.PARTITION}:kms:${Aws.REGION}:${Aws.ACCOUNT_ID}:key/*`;
    acknowledge(
      fn.role ?? fn,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]',
      'Every key of this account and region, but only under the condition that its chamber and stage tags name a chamber this stack hosts and this stage (docs/network.md §4): keys of chambers added later are reached without a new grant.',
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: keyActions,
        resources: [chamberKeys],
        conditions: {
          StringEquals: {
            [`aws:ResourceTag/${CHAMBER_TAG}`]: config.chambers.map((chamber) => chamber.id),
            [`aws:ResourceTag/${STAGE_TAG}`]: config.stage,
          },
        },
      }),
    );
  }

  private grantTable(fn: EsmFunction, table: TableAccess, tableActions: string[]) {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: tableActions, resources: [table.tableArn] }));
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: INDEX_NAMES.map((name) => `${table.tableArn}/index/${name}`),
      }),
    );
  }

  // Object keys are `certificates/{issuer}/…` and `attachments/{issuer}/…`. Certificates are never deleted
  // by the application; attachments are while the application is editable.
  private grantDocuments(fn: EsmFunction, bucket: BucketAccess, issuerId: string) {
    // the import made here, not at synthesis, so that the acknowledgment can name it as the template will
    const bucketArn = Stack.of(bucket).exportValue(bucket.bucketArn);
    const under = (prefix: string) => `${bucketArn}/${prefix}/${issuerId}/*`;
    for (const prefix of [DOCUMENT_PREFIXES.certificates, DOCUMENT_PREFIXES.attachments]) {
      acknowledge(
        fn.role ?? fn,
        `AwsSolutions-IAM5[Resource::${nameInFinding(this, bucketArn)}/${prefix}/${issuerId}/*]`,
        `The objects under ${prefix}/${issuerId}/: one key per document, named as it is stored, so no finer ARN exists; no other prefix and no other chamber's objects.`,
      );
    }
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [under(DOCUMENT_PREFIXES.certificates)],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [under(DOCUMENT_PREFIXES.attachments)],
      }),
    );
    // HeadBucket (the health probe) needs it, and without it a missing object answers 403, not 404.
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
  }

  private addDefaultStage(config: DeploymentConfig): HttpStage {
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const domainName = config.customDomain
      ? new DomainName(this, 'DomainName', {
          domainName: config.customDomain.domainName,
          certificate: acm.Certificate.fromCertificateArn(
            this,
            'Certificate',
            config.customDomain.certificateArn,
          ),
        })
      : undefined;
    const stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // The public verification answers are rate-limited (docs/architecture.md §5); this is the first line, per account.
      throttle: config.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            method: '$context.httpMethod',
            path: '$context.path',
            route: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
      ...(domainName ? { domainMapping: { domainName } } : {}),
    });
    if (domainName) {
      new CfnOutput(this, 'DomainTarget', {
        value: domainName.regionalDomainName,
        description: `Point ${config.customDomain?.domainName} here (CNAME, or an alias record in Route 53)`,
      });
    }
    this.addChamberDomains(config, stage);
    return stage;
  }

  // A chamber's own hosts (docs/network.md §3): each a custom domain mapped to the same API and stage; the
  // functions tell the chambers apart by the host. Scoped by chamber id and host, so that adding one never
  // replaces another.
  private addChamberDomains(config: DeploymentConfig, stage: HttpStage) {
    for (const chamber of config.chambers) {
      for (const host of chamber.hosts) {
        const scope = new Construct(this, `ChamberDomain-${chamber.id}-${host.domainName}`);
        const domainName = new DomainName(scope, 'DomainName', {
          domainName: host.domainName,
          certificate: acm.Certificate.fromCertificateArn(scope, 'Certificate', host.certificateArn),
        });
        new ApiMapping(scope, 'Mapping', { api: this.httpApi, domainName, stage });
        new CfnOutput(scope, 'Target', {
          value: domainName.regionalDomainName,
          description: `${chamber.id}: point ${host.domainName} here (CNAME, or an alias record in Route 53)`,
        });
      }
    }
  }

  // The public paths go to verify, the portal (and / which leads to it) to portal; everything else,
  // /healthz and /openapi.json included, to api.
  private addRoutes() {
    const verify = new HttpLambdaIntegration('VerifyIntegration', this.verifyFunction);
    const api = new HttpLambdaIntegration('ApiIntegration', this.apiFunction);
    const publicRoutes: ReadonlyArray<[HttpMethod, string]> = [
      [HttpMethod.GET, '/v'],
      [HttpMethod.GET, '/v/{code}'],
      [HttpMethod.GET, '/v/{code}/vc'],
      [HttpMethod.GET, '/ns/{proxy+}'],
      [HttpMethod.GET, '/did.json'],
      [HttpMethod.ANY, '/api/verify/{proxy+}'],
      [HttpMethod.GET, '/.well-known/{proxy+}'],
      [HttpMethod.GET, '/status/{proxy+}'],
      // browsers ask the root for a favicon whatever the page links; verify serves it (api would answer 404)
      [HttpMethod.GET, '/favicon.ico'],
      [HttpMethod.GET, '/favicon.svg'],
    ];
    for (const [method, path] of publicRoutes) {
      for (const route of this.httpApi.addRoutes({ path, methods: [method], integration: verify })) {
        acknowledge(
          route,
          'AwsSolutions-APIG4',
          'Public by design: anyone holding a certificate verifies it without an account (docs/architecture.md §5); the WAF rate-limits these paths.',
        );
      }
    }
    const portal = new HttpLambdaIntegration('PortalIntegration', this.portalFunction);
    for (const path of ['/', '/portal', '/portal/{proxy+}']) {
      for (const route of this.httpApi.addRoutes({ path, methods: [HttpMethod.ANY], integration: portal })) {
        acknowledge(
          route,
          'AwsSolutions-APIG4',
          'The portal authenticates in the function: session cookies and a CSRF token on every form (docs/security.md); its login page must be reachable without one.',
        );
      }
    }
    const defaultRoute = new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: api,
    });
    acknowledge(
      defaultRoute,
      'AwsSolutions-APIG4',
      'The JSON API authenticates in the function, per route: sessions or API keys, roles checked there (docs/security.md); /healthz, /openapi.json and login are public on purpose.',
    );
  }

  private addAlarms(config: DeploymentConfig): sns.Topic {
    // Its own key, not SNS's AWS-managed one, whose policy CloudWatch cannot be granted: alarms could not publish.
    const topicKey = new kms.Key(this, 'AlarmsKey', {
      description: `tradecert ${config.stage}: encrypts the alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    topicKey.grant(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    const topic = new sns.Topic(this, 'Alarms', {
      displayName: `tradecert ${config.stage} alarms`,
      enforceSSL: true,
      masterKey: topicKey,
    });
    if (config.alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));
    const fiveMinutes = Duration.minutes(5);
    const alarm = (id: string, props: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, id, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...props,
      });
      created.addAlarmAction(new actions.SnsAction(topic));
      this.alarms.push(created);
    };

    // Five server errors in five minutes: more than a blip, fewer than an outage's worth.
    alarm('ServerErrors', {
      alarmName: `tradecert-${config.stage}-http-5xx`,
      alarmDescription: `The HTTP API answered 5xx five times or more in five minutes. ${runbookLink('alarm-http-5xx')}`,
      metric: this.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    // p99 over three five-minute periods in a row: a slow trend, not one cold start. The limits are well
    // under each function's timeout: 1.5 s for a lookup, 10 s for the api (approval renders a PDF).
    const functions: ReadonlyArray<[string, EsmFunction, number]> = [
      ['Api', this.apiFunction, 10_000],
      ['Portal', this.portalFunction, 10_000],
      ['Verify', this.verifyFunction, 1_500],
    ];
    for (const [name, fn, p99LimitMs] of functions) {
      const label = name.toLowerCase();
      alarm(`${name}Throttles`, {
        alarmName: `tradecert-${config.stage}-${label}-throttles`,
        alarmDescription: `Lambda throttled the ${label} function: requests were turned away. ${runbookLink('alarm-function-throttles')}`,
        metric: fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      alarm(`${name}LatencyP99`, {
        alarmName: `tradecert-${config.stage}-${label}-latency-p99`,
        alarmDescription: `The ${label} function's p99 duration stayed above ${p99LimitMs} ms for 15 minutes. ${runbookLink('alarm-function-latency-p99')}`,
        metric: fn.metricDuration({ period: fiveMinutes, statistic: 'p99' }),
        threshold: p99LimitMs,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
      // Errors are what the app did not answer: crashes, timeouts, and for api the scheduled jobs
      alarm(`${name}Errors`, {
        alarmName: `tradecert-${config.stage}-${label}-errors`,
        alarmDescription: `The ${label} function failed three times or more in five minutes (crashes, timeouts${name === 'Api' ? ', scheduled jobs' : ''}). ${runbookLink('alarm-function-errors')}`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 3,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }
    return topic;
  }
}
