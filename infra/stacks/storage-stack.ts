// The stateful stack: the single DynamoDB table, the document bucket and the KMS keys. All of them outlive
// the stack (RETAIN): deleting the stack must never delete a chamber's records or the keys that vouch for them.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CHAMBER_TAG, chamberKeyAlias, STAGE_TAG } from '../../functions/adapters/kms/chamber-keys.ts';
import type { ChamberDeployment, DeploymentConfig } from '../config.ts';
import { acknowledge } from '../constructs/nag.ts';

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

// Index and attribute names must match functions/adapters/dynamodb/table.ts (the local table definition).
export const INDEX_NAMES = ['GSI1', 'GSI2'] as const;
export const TTL_ATTRIBUTE = 'expiresAtEpoch';

/** Where each source writes in the access log bucket; a year of them, then S3 removes them. */
export const ACCESS_LOG_PREFIXES = { documents: 'documents/', edge: 'cloudfront/' } as const;
export const ACCESS_LOG_DAYS = 365;

/** The key prefixes the api function writes under; the issuer id follows each (see core/.../certificate.ts). */
export const DOCUMENT_PREFIXES = { certificates: 'certificates', attachments: 'attachments' } as const;

const secondaryIndex = (indexName: string): dynamodb.GlobalSecondaryIndexPropsV2 => ({
  indexName,
  partitionKey: stringKey(`${indexName}PK`),
  sortKey: stringKey(`${indexName}SK`),
  projectionType: dynamodb.ProjectionType.ALL,
});

/** The two keys of a chamber hosted beside the first (docs/network.md §4). */
export interface ChamberKeys {
  readonly chamberId: string;
  /** ES256, the JOSE seals: alias/tradecert/<id>/signing. */
  readonly signingKey: kms.Key;
  /** RSA 3072, the PAdES seal: alias/tradecert/<id>/seal. */
  readonly sealKey: kms.Key;
}

export interface StorageStackProps extends StackProps {
  readonly config: DeploymentConfig;
}

export class StorageStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly bucket: s3.Bucket;
  /** S3 server access logs of the document bucket and the CloudFront distribution's standard logs. */
  readonly accessLogs: s3.Bucket;
  /** Newest first: the first key signs, the others are retired and only verify what they signed. */
  readonly signingKeys: readonly kms.Key[];
  /** For the PAdES seal on the PDF (not used by the functions yet: no grant until the sealing code exists). */
  readonly sealKey: kms.Key;
  /** The keys of the chambers in the `chambers` context, in its order. */
  readonly chamberKeys: readonly ChamberKeys[];
  /** With `cscSeal`: the OAuth2 client secret of the remote sealing service, which the operator puts in. */
  readonly cscClientSecret: secretsmanager.Secret | undefined;
  /** The TSA's Authorization value, when the deployment's TSA wants credentials (docs/legal.md §2). */
  readonly tsaAuthorizationSecret: secretsmanager.Secret | undefined;

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: stringKey('PK'),
      sortKey: stringKey('SK'),
      globalSecondaryIndexes: INDEX_NAMES.map(secondaryIndex),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Sessions and idempotency keys expire by themselves.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // One bucket for attachments and issued certificates, under Object Lock: every stored version is kept
    // for the retention period, attachments included, because they are the evidence a certificate was
    // issued on. Deleting an attachment while the application is editable still works: S3 adds a delete
    // marker and keeps the locked version. Why not two buckets: see docs/deploy.md, "Documents and Object Lock".
    const lockFor = Duration.days(config.retention.days);
    this.accessLogs = accessLogBucket(this);
    this.bucket = new s3.Bucket(this, 'Documents', {
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        config.retention.mode === 'COMPLIANCE'
          ? s3.ObjectLockRetention.compliance(lockFor)
          : s3.ObjectLockRetention.governance(lockFor),
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // Who read or wrote which document, for the record (docs/security.md); AwsSolutions-S1.
      // the cast: Bucket is an IBucket, but not under exactOptionalPropertyTypes (aws-cdk-lib's optional props)
      serverAccessLogsBucket: this.accessLogs as s3.IBucket,
      serverAccessLogsPrefix: ACCESS_LOG_PREFIXES.documents,
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        {
          // Replaced or deleted attachments: S3 removes them 90 days after they stop being current, but
          // never before their Object Lock retention has ended.
          id: 'expire-replaced-attachments',
          prefix: `${DOCUMENT_PREFIXES.attachments}/`,
          noncurrentVersionExpiration: Duration.days(90),
          expiredObjectDeleteMarker: true,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Asymmetric KMS keys cannot rotate themselves: a new generation is a new key (docs/deploy.md).
    // The first generation keeps the construct id "SigningKey", so raising the count only adds keys.
    this.signingKeys = Array.from({ length: config.signingKeyGenerations }, (_, index) => index + 1)
      .reverse()
      .map(
        (generation) =>
          new kms.Key(this, generation === 1 ? 'SigningKey' : `SigningKey${generation}`, {
            keySpec: kms.KeySpec.ECC_NIST_P256,
            keyUsage: kms.KeyUsage.SIGN_VERIFY,
            description: `tradecert ${config.stage}: ES256 seals in the QR codes, generation ${generation}`,
            removalPolicy: RemovalPolicy.RETAIN,
            pendingWindow: Duration.days(30),
          }),
      );
    const [activeKey] = this.signingKeys as [kms.Key, ...kms.Key[]];
    // One alias that moves to the newest key: an in-place update, so rotation never deletes the alias.
    new kms.Alias(this, 'SigningKeyAlias', {
      aliasName: `alias/tradecert-${config.stage}-signing`,
      targetKey: activeKey,
    });

    // RSA 3072: the key type that trust service providers certify for seals and every PDF validator accepts.
    this.sealKey = new kms.Key(this, 'SealKey', {
      keySpec: kms.KeySpec.RSA_3072,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      description: `tradecert ${config.stage}: PAdES seal of the certificate PDFs`,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    new kms.Alias(this, 'SealKeyAlias', {
      aliasName: `alias/tradecert-${config.stage}-seal`,
      targetKey: this.sealKey,
    });

    // The first chamber (issuerId) keeps the keys above; the tag says whose they are, nothing is granted by it.
    for (const key of [...this.signingKeys, this.sealKey]) Tags.of(key).add(CHAMBER_TAG, config.issuer.id);
    this.chamberKeys = config.chambers.map((chamber) => chamberKeysOf(this, config.stage, chamber));

    this.cscClientSecret = config.cscSeal ? this.addCscClientSecret(config.stage) : undefined;
    this.tsaAuthorizationSecret = config.tsa?.authorization
      ? this.addTsaAuthorizationSecret(config.stage)
      : undefined;

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'AccessLogBucketName', { value: this.accessLogs.bucketName });
    new CfnOutput(this, 'SigningKeyArn', {
      value: activeKey.keyArn,
      description: 'The key that signs new seals',
    });
    new CfnOutput(this, 'SealKeyArn', { value: this.sealKey.keyArn });
  }

  // Made with a random placeholder: the operator replaces it with the secret the trust service provider issued
  // (docs/legal.md §6), so it never passes through the CDK context, a template or a log.
  private addCscClientSecret(stage: string): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'CscClientSecret', {
      secretName: `tradecert/${stage}/csc-client-secret`,
      description: `tradecert ${stage}: OAuth2 client secret of the remote sealing service (CSC API)`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      secret,
      'AwsSolutions-SMG4',
      'The trust service provider issues and changes this client secret; Secrets Manager cannot rotate it, the operator replaces it when the provider issues a new one (docs/legal.md §6).',
    );
    new CfnOutput(this, 'CscClientSecretArn', {
      value: secret.secretArn,
      description: 'Put the CSC client secret from the trust service provider here (put-secret-value)',
    });
    return secret;
  }

  // The TSA's credentials, like the CSC client secret: the trust service provider issues them, the operator puts
  // the whole Authorization value here, and only the issuing functions read it.
  private addTsaAuthorizationSecret(stage: string): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'TsaAuthorization', {
      secretName: `tradecert/${stage}/tsa-authorization`,
      description: `tradecert ${stage}: the Authorization value ("Basic …" or "Bearer …") of the time-stamping authority`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      secret,
      'AwsSolutions-SMG4',
      'The trust service provider issues and changes the TSA credentials; Secrets Manager cannot rotate them, the operator replaces them when the provider issues new ones (docs/legal.md §2).',
    );
    new CfnOutput(this, 'TsaAuthorizationSecretArn', {
      value: secret.secretArn,
      description: "Put the TSA's whole Authorization value here (put-secret-value)",
    });
    return secret;
  }
}

/**
 * The bucket the access logs go to: encrypted (SSE-S3, the only encryption S3 server access logging writes to),
 * private, TLS only, retained with the stack's other records. CloudFront's standard logs are delivered with an
 * ACL grant, so ACLs stay possible for the log delivery (BUCKET_OWNER_PREFERRED: the bucket owner still owns
 * every object).
 */
const accessLogBucket = (stack: Stack): s3.Bucket => {
  const bucket = new s3.Bucket(stack, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: false,
    lifecycleRules: [
      { id: 'expire-access-logs', expiration: Duration.days(ACCESS_LOG_DAYS) },
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledge(
    bucket,
    'AwsSolutions-S1',
    'This is the access log bucket: logging its own accesses into itself would log every log delivery, without end.',
  );
  return bucket;
};

/**
 * A chamber's keys, with the same settings and the default key policy as the first chamber's. Each chamber's
 * constructs sit under a scope named by its id, so adding, removing or reordering chambers never replaces
 * another chamber's keys. The tags are what IAM grants by (infra/stacks/api-stack.ts): a key without them can
 * be used by no function.
 */
const chamberKeysOf = (stack: Stack, stage: string, chamber: ChamberDeployment): ChamberKeys => {
  const scope = new Construct(stack, `Chamber-${chamber.id}`);
  const key = (id: string, keySpec: kms.KeySpec, purpose: 'signing' | 'seal', description: string) => {
    const created = new kms.Key(scope, id, {
      keySpec,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      description: `tradecert ${stage}, chamber ${chamber.id}: ${description}`,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    Tags.of(created).add(CHAMBER_TAG, chamber.id);
    Tags.of(created).add(STAGE_TAG, stage);
    new kms.Alias(scope, `${id}Alias`, {
      aliasName: chamberKeyAlias(chamber.id, purpose),
      targetKey: created,
    });
    new CfnOutput(scope, `${id}Arn`, {
      value: created.keyArn,
      description: `${chamber.id}: ${chamberKeyAlias(chamber.id, purpose)}`,
    });
    return created;
  };
  return {
    chamberId: chamber.id,
    signingKey: key('SigningKey', kms.KeySpec.ECC_NIST_P256, 'signing', 'ES256 seals in the QR codes'),
    sealKey: key('SealKey', kms.KeySpec.RSA_3072, 'seal', 'PAdES seal of the certificate PDFs'),
  };
};
