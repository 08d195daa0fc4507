// CloudFront in front of the HTTP API (docs/deploy.md, "Verification at the edge"): the public verification paths
// cached by path (the code), query and the two headers the answers vary on; everything else passed through
// uncached. Revocations reach every edge within 60 s because the verify function lets shared caches keep an
// answer for VERIFICATION_SHARED_MAX_AGE seconds and this distribution never keeps one longer (the cap below).
import { Duration, Fn } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { VERIFICATION_SHARED_MAX_AGE } from '../../functions/http/edge-caching.ts';
import { ACCESS_LOG_PREFIXES } from '../stacks/storage-stack.ts';
import { acknowledge } from './nag.ts';

export interface VerificationEdgeProps {
  readonly stage: string;
  /** https://{api-id}.execute-api.{region}.amazonaws.com: the origin. */
  readonly apiEndpoint: string;
  /** The WebACL of the edge stack (us-east-1). */
  readonly webAclArn: string;
  readonly accessLogs: s3.IBucket;
  /** The verification host and its us-east-1 certificate; absent: the distribution's cloudfront.net name. */
  readonly domain?: { readonly domainName: string; readonly certificateArn: string };
}

/** Verification answers: never kept at the edge longer than the function allows, and never past this. */
export const VERIFICATION_EDGE_MAX_TTL = Duration.seconds(VERIFICATION_SHARED_MAX_AGE);

/** Where the answers live, on a chamber's own host and under a chamber's path prefix (/c/<id>/…). */
const ANSWER_PATHS = ['/v', '/v/*', '/api/verify/*', '/status/*'];
const DOCUMENT_PATHS = ['/.well-known/*', '/ns/*', '/did.json', '/favicon.*'];
const underChamber = (paths: readonly string[]) => paths.map((path) => `/c/*${path}`);

export class VerificationEdge extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly answerCachePolicy: cloudfront.CachePolicy;
  readonly documentCachePolicy: cloudfront.CachePolicy;

  constructor(scope: Construct, id: string, props: VerificationEdgeProps) {
    super(scope, id);
    // The code is in the path; `lang`, `jws`, `code` and `download` are in the query; the page answers JSON or
    // HTML by Accept and picks its language by Accept-Language (functions/verify/app.tsx). No cookies: verify
    // sets none.
    this.answerCachePolicy = new cloudfront.CachePolicy(this, 'AnswerCachePolicy', {
      cachePolicyName: `tradecert-${props.stage}-verification-answers`,
      comment: 'Verification answers: at most the s-maxage the verify function sets, and never past the cap',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: VERIFICATION_EDGE_MAX_TTL,
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Accept', 'Accept-Language'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // Keys, DID documents, contexts and schemas: as long as the function says (5 minutes to a year), a day at most.
    this.documentCachePolicy = new cloudfront.CachePolicy(this, 'DocumentCachePolicy', {
      cachePolicyName: `tradecert-${props.stage}-published-documents`,
      comment:
        'Keys, DID documents, JSON-LD contexts and schemas: as the verify function says, a day at most',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const origin = new HttpOrigin(Fn.select(2, Fn.split('/', props.apiEndpoint)), {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });
    // The API Gateway endpoint answers only to its own host name, so every viewer header but Host goes on.
    const behaviour = (
      cachePolicy: cloudfront.ICachePolicy,
      allowedMethods: cloudfront.AllowedMethods,
    ): cloudfront.BehaviorOptions => ({
      origin,
      cachePolicy,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      allowedMethods,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      compress: true,
    });
    const answers = behaviour(this.answerCachePolicy, cloudfront.AllowedMethods.ALLOW_ALL);
    const documents = behaviour(this.documentCachePolicy, cloudfront.AllowedMethods.ALLOW_GET_HEAD);
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = Object.fromEntries([
      ...[...ANSWER_PATHS, ...underChamber(ANSWER_PATHS)].map((path) => [path, answers]),
      ...[...DOCUMENT_PATHS, ...underChamber(DOCUMENT_PATHS)].map((path) => [path, documents]),
    ]);

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `tradecert ${props.stage}: public verification (cached) in front of the HTTP API`,
      // the portal and the JSON API: through, uncached, every method
      defaultBehavior: behaviour(
        cloudfront.CachePolicy.CACHING_DISABLED,
        cloudfront.AllowedMethods.ALLOW_ALL,
      ),
      additionalBehaviors,
      // North America and Europe: the region's verifiers are served from the European edges
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: ACCESS_LOG_PREFIXES.edge,
      ...(props.domain
        ? {
            domainNames: [props.domain.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    if (!props.domain) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without edgeDomainName the distribution serves its cloudfront.net name, whose default certificate CloudFront allows TLSv1 on; a custom domain gets TLS 1.2 (TLS_V1_2_2021).',
      );
    }
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'Certificates of origin are checked wherever goods go: customs and buyers anywhere must reach the verification page.',
    );
    // CacheHitRate and the per-status error rates are "additional metrics": a monitoring subscription
    new cloudfront.CfnMonitoringSubscription(this, 'AdditionalMetrics', {
      distributionId: this.distribution.distributionId,
      monitoringSubscription: {
        realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: 'Enabled' },
      },
    });
  }
}
