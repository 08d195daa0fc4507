// The stateful stack: the single DynamoDB table and the document bucket. Both outlive the stack (RETAIN).
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

// Index and attribute names must match functions/adapters/dynamodb/table.ts (the local table definition).
const secondaryIndex = (indexName: string): dynamodb.GlobalSecondaryIndexPropsV2 => ({
  indexName,
  partitionKey: stringKey(`${indexName}PK`),
  sortKey: stringKey(`${indexName}SK`),
  projectionType: dynamodb.ProjectionType.ALL,
});

export class StorageStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: stringKey('PK'),
      sortKey: stringKey('SK'),
      globalSecondaryIndexes: [secondaryIndex('GSI1'), secondaryIndex('GSI2')],
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: 'expiresAtEpoch',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Issued certificates are records of the chamber: versioned now, Object Lock retention in production later.
    this.bucket = new s3.Bucket(this, 'Documents', {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
