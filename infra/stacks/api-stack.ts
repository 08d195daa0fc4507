// The stateless stack: the api and verify functions behind one HTTP API. Safe to destroy and redeploy.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { type DeploymentConfig, issuerEnvironment } from '../config.ts';
import { EsmFunction } from '../constructs/esm-function.ts';
import { copyPdfAssets, LAMBDA_TEMPLATES_DIR } from '../constructs/pdf-assets.ts';

// Only what this stack uses: the full ITableV2 and IBucket do not accept TableV2 and Bucket under
// exactOptionalPropertyTypes (optional properties in aws-cdk-lib's declarations).
type TableAccess = Pick<dynamodb.ITableV2, 'tableName' | 'grantReadData' | 'grantReadWriteData'>;
type BucketAccess = Pick<s3.IBucket, 'bucketName' | 'grantReadWrite'>;

export interface ApiStackProps extends StackProps {
  readonly config: DeploymentConfig;
  readonly table: TableAccess;
  readonly bucket: BucketAccess;
}

// Signing keys: the functions still use the local key ring; KMS as the key source in AWS comes in a later issue.
export class ApiStack extends Stack {
  readonly apiFunction: EsmFunction;
  readonly verifyFunction: EsmFunction;
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, table, bucket } = props;
    const environment = { TABLE_NAME: table.tableName, ...issuerEnvironment(config) };

    // PDF rendering is CPU-bound and Lambda allots CPU in proportion to memory: 1024 MB buys the CPU.
    // 29 s is the longest an HTTP API waits for an integration.
    this.apiFunction = new EsmFunction(this, 'Api', {
      entry: 'functions/api/lambda.ts',
      description: `tradecert ${config.stage}: exporters, staff and admins`,
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment: { ...environment, BUCKET_NAME: bucket.bucketName, TEMPLATES_DIR: LAMBDA_TEMPLATES_DIR },
      commandHooks: copyPdfAssets,
    });
    table.grantReadWriteData(this.apiFunction);
    bucket.grantReadWrite(this.apiFunction);

    // A verification is a single GetItem: little memory, short timeout, read-only access and no bucket.
    this.verifyFunction = new EsmFunction(this, 'Verify', {
      entry: 'functions/verify/lambda.ts',
      description: `tradecert ${config.stage}: public verification`,
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment,
    });
    table.grantReadData(this.verifyFunction);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `tradecert-${config.stage}`,
      // The default stage is added below: only an explicit stage takes throttling settings.
      createDefaultStage: false,
    });
    // The public verification answers are rate-limited (DESIGN §5); this is the account-wide first line.
    const stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
    });

    const verify = new HttpLambdaIntegration('VerifyIntegration', this.verifyFunction);
    const api = new HttpLambdaIntegration('ApiIntegration', this.apiFunction);
    const routes: ReadonlyArray<[HttpMethod, string, HttpLambdaIntegration]> = [
      [HttpMethod.GET, '/v/{code}', verify],
      [HttpMethod.ANY, '/api/verify/{proxy+}', verify],
      [HttpMethod.GET, '/.well-known/{proxy+}', verify],
      [HttpMethod.ANY, '/status/{proxy+}', verify],
      // HTTP API picks the most specific route, so /api/verify/… above wins over this one.
      [HttpMethod.ANY, '/api/{proxy+}', api],
      [HttpMethod.GET, '/healthz', api],
    ];
    for (const [method, path, integration] of routes) {
      this.httpApi.addRoutes({ path, methods: [method], integration });
    }

    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'Base URL of the HTTP API' });
  }
}
