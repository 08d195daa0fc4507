// The deployment's settings, read once from the CDK context (cdk.json or `-c key=value`) and checked before synthesis.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { CHAMBER_ID_PATTERN, RESERVED_CHAMBER_IDS } from '../functions/adapters/kms/chamber-keys.ts';
import { IssuerAddress, IssuerEmail, IssuerPhone, IssuerWeb } from '../functions/config/issuer-contact.ts';
import { CountryCode } from '../functions/core/countries.ts';
import { certificateChainFromPem } from '../functions/core/sealing/pades-certificates.ts';
import { REPO_ROOT } from './constructs/paths.ts';

// `-c key=value` gives strings, cdk.json may give numbers: both are read as whole numbers.
const wholeNumber = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const DomainName = z
  .string()
  .regex(
    /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a host name such as verify.example.org',
  );
const CertificateArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'must be an ACM certificate ARN');

// CloudFront takes certificates from us-east-1 only, whatever the region of the stacks.
const EdgeCertificateArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/,
    'must be an ACM certificate ARN in us-east-1 (CloudFront uses no other region)',
  );

// A chamber hosted beside the first one (docs/network.md §4): its id, as ISSUER_ID's rule, and the custom domains
// it is served under. Unknown keys are refused, so that a misspelt key stops synthesis instead of being ignored.
const ChamberEntry = z.strictObject({
  id: z
    .string()
    .regex(CHAMBER_ID_PATTERN, 'must be 2–40 lower-case letters, digits or hyphens')
    .refine((id) => !RESERVED_CHAMBER_IDS.includes(id), 'is reserved for the network operator'),
  // Each host with its ACM certificate (same region as the API) becomes an API Gateway custom domain.
  hosts: z
    .array(z.strictObject({ domainName: DomainName, certificateArn: CertificateArn }))
    .max(10)
    .default([]),
});

// cdk.json gives a list; `-c chambers='[…]'` gives its JSON text.
const chamberList = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  },
  z.array(ChamberEntry, { error: 'must be a list of chambers such as [{"id":"al-chamber"}]' }).max(50),
);

// The same rules as the runtime config (functions/config/config.ts): a bad value stops `cdk synth`,
// not the first cold start after a deployment.
const DeploymentContext = z.object({
  stage: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,19}$/,
      'must be 1–20 lower-case letters, digits or hyphens, starting with a letter',
    ),
  issuerId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be 2–40 lower-case letters, digits or hyphens'),
  issuerName: z.string().min(2).max(120),
  issuerNameLocal: z.string().min(2).max(120),
  issuerCountry: CountryCode,
  issuerCity: z.string().min(2).max(60).optional(),
  issuerTimeZone: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Skopje')
    .optional(),
  // the chamber's contact on the public verification page
  issuerAddress: IssuerAddress.optional(),
  issuerPhone: IssuerPhone.optional(),
  issuerEmail: IssuerEmail.optional(),
  issuerWeb: IssuerWeb.optional(),
  serialPrefix: z.string().regex(/^[A-Z0-9]{1,10}$/, 'must be 1–10 upper-case letters or digits'),
  // https only: the QR codes printed on certificates point here, and session cookies are Secure only on https.
  publicBaseUrl: z
    .url({ protocol: /^https$/, message: 'must be an https URL such as https://verify.example.org' })
    .optional(),
  domainName: DomainName.optional(),
  certificateArn: CertificateArn.optional(),
  // Object Lock on the document bucket: how long a stored version cannot be deleted or overwritten.
  retentionDays: wholeNumber(1, 36_500).default(3650),
  retentionMode: z.enum(['GOVERNANCE', 'COMPLIANCE']).default('GOVERNANCE'),
  // Raised by one to rotate the signing key; never lowered (see docs/deploy.md, "Rotating keys").
  signingKeyGenerations: wholeNumber(1, 20).default(1),
  alarmEmail: z.email({ message: 'must be an e-mail address' }).optional(),
  // The domain mail is sent from through SES (docs/mail.md); absent: the deployment sends no mail.
  mailDomain: DomainName.optional(),
  // The PEM chain (seal certificate first) that a trust service provider issued for the KMS seal key. When set,
  // the api function seals every PDF with that key (PAdES); when absent, PDFs carry the QR seal only.
  sealCertificateChainFile: z.string().min(1).optional(),
  // The seal's RFC 3161 time-stamping authority (B-T, docs/legal.md §2): the trust service provider's URL, its
  // policy and how long one attempt may take (three fit in the 29 s of an approval); absent: the seal is B-B.
  tsaUrl: z.url({ protocol: /^https?$/, message: 'must be the http(s) URL of an RFC 3161 TSA' }).optional(),
  tsaPolicyOid: z
    .string()
    .regex(/^[0-2](\.(0|[1-9]\d*))+$/, 'must be an object identifier such as 1.3.6.1.4.1.4146.2.3')
    .optional(),
  tsaTimeoutMs: wholeNumber(100, 8_000).optional(),
  // true when the TSA wants credentials: the storage stack then makes a Secrets Manager secret for its whole
  // Authorization value ("Basic …" or "Bearer …"), which the operator fills; it never passes through the context.
  tsaAuthorization: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
    .optional(),
  // Remote qualified sealing through a trust service provider's CSC API v2 (docs/legal.md §6), instead of the KMS
  // seal key: the service, the OAuth2 client id and the credential. The client secret goes into the Secrets
  // Manager secret the storage stack makes for it (its ARN is an output), never into the context.
  cscSeal: z
    .preprocess(
      (value) => {
        if (typeof value !== 'string') return value;
        try {
          return JSON.parse(value);
        } catch {
          return value;
        }
      },
      z.strictObject({
        baseUrl: z.url({ protocol: /^https$/, message: 'must be the https base URI of the CSC service' }),
        tokenUrl: z
          .url({ protocol: /^https$/, message: 'must be the https URL of the OAuth2 token endpoint' })
          .optional(),
        clientId: z.string().min(1).max(256),
        credentialId: z.string().min(1).max(256).optional(),
      }),
    )
    .optional(),
  // The verification host on CloudFront (docs/deploy.md, "Verification at the edge"), with its us-east-1 certificate.
  edgeDomainName: DomainName.optional(),
  edgeCertificateArn: EdgeCertificateArn.optional(),
  // Verification requests per minute from one address before the WAF answers 429 (docs/security.md).
  verifyRateLimit: wholeNumber(10, 100_000).default(120),
  apiRateLimit: wholeNumber(1, 10_000).default(50),
  apiBurstLimit: wholeNumber(1, 5_000).default(100),
  // Chambers beyond the first (issuerId), each with its own KMS keys; see docs/deploy.md, "Adding a chamber on AWS".
  chambers: chamberList.default([]),
});

type DeploymentContext = z.infer<typeof DeploymentContext>;

export interface DeploymentConfig {
  readonly stage: string;
  readonly issuer: {
    readonly id: string;
    readonly name: string;
    readonly nameLocal: string;
    readonly country: string;
    readonly serialPrefix: string;
    /** When absent the functions keep their own default (functions/config/config.ts). */
    readonly city?: string;
    readonly timeZone?: string;
    /** The chamber's contact on the verification page (ISSUER_ADDRESS, _PHONE, _EMAIL, _WEB). */
    readonly contact?: {
      readonly address?: string;
      readonly phone?: string;
      readonly email?: string;
      readonly web?: string;
    };
  };
  /** Where the QR codes point. When absent: the custom domain, else the HTTP API's own URL. */
  readonly publicBaseUrl?: string;
  /** Served by API Gateway under this name with this (same-region) ACM certificate. */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
  readonly retention: { readonly days: number; readonly mode: 'GOVERNANCE' | 'COMPLIANCE' };
  /** How many signing keys exist; the newest signs, the older ones still verify what they signed. */
  readonly signingKeyGenerations: number;
  readonly alarmEmail?: string;
  /** The SES domain identity mail is sent from (no-reply@<domain>); absent: no mail leaves. */
  readonly mailDomain?: string;
  /** Absolute path of the seal certificate chain (PEM) bundled with the api function; absent: no PAdES seal. */
  readonly sealCertificateChainFile?: string;
  /** The TSA of the seal's signature timestamp; absent: the seal is B-B (docs/legal.md §2). */
  readonly tsa?: {
    readonly url: string;
    readonly policyOid?: string;
    readonly timeoutMs?: number;
    /** Whether the TSA wants credentials, kept in the storage stack's secret (TSA_AUTHORIZATION_SECRET_ARN). */
    readonly authorization: boolean;
  };
  /** Remote sealing through a CSC API v2 service; its client secret is in the storage stack's secret. */
  readonly cscSeal?: {
    readonly baseUrl: string;
    readonly tokenUrl?: string;
    readonly clientId: string;
    readonly credentialId?: string;
  };
  /** The verification host on CloudFront; absent: the distribution's own cloudfront.net name. */
  readonly edgeDomain?: { readonly domainName: string; readonly certificateArn: string };
  /** Verification requests per minute per address that the WAF lets through. */
  readonly verifyRateLimit: number;
  /** Requests per second (steady and burst) that the HTTP API's default stage lets through. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * The chambers hosted beside the first (`issuer`), in the order given. Each has its own signing and seal keys
   * (alias/tradecert/<id>/signing, …/seal) and may be served under its own custom domains.
   */
  readonly chambers: readonly ChamberDeployment[];
}

export interface ChamberDeployment {
  readonly id: string;
  readonly hosts: readonly { readonly domainName: string; readonly certificateArn: string }[];
}

export class DeploymentConfigError extends Error {
  override readonly name = 'DeploymentConfigError';
}

const crossChecks = (context: DeploymentContext): string[] => [
  ...((context.domainName === undefined) !== (context.certificateArn === undefined)
    ? ['domainName, certificateArn: give both for a custom domain, or neither']
    : []),
  ...((context.edgeDomainName === undefined) !== (context.edgeCertificateArn === undefined)
    ? ['edgeDomainName, edgeCertificateArn: give both for the verification host on CloudFront, or neither']
    : []),
  ...(context.edgeDomainName !== undefined && context.edgeDomainName === context.domainName
    ? [
        'edgeDomainName: must differ from domainName (that one stays on the HTTP API, for the portal and the API)',
      ]
    : []),
  ...(context.apiBurstLimit < context.apiRateLimit ? ['apiBurstLimit: must be at least apiRateLimit'] : []),
  ...(context.sealCertificateChainFile === undefined ? [] : chainProblems(context.sealCertificateChainFile)),
  ...(context.tsaUrl === undefined &&
  (context.tsaPolicyOid ?? context.tsaTimeoutMs ?? context.tsaAuthorization) !== undefined
    ? ['tsaUrl: required with tsaPolicyOid, tsaTimeoutMs or tsaAuthorization']
    : []),
  ...(context.sealCertificateChainFile !== undefined && context.cscSeal !== undefined
    ? ['cscSeal: seal either with the KMS key (sealCertificateChainFile) or remotely (cscSeal), not both']
    : []),
  ...chamberProblems(context),
];

/** Every id once, none the first chamber's; every custom domain once across the deployment. */
const chamberProblems = (context: DeploymentContext): string[] => {
  const ids = context.chambers.map((chamber) => chamber.id);
  const domains = [
    ...(context.domainName === undefined ? [] : [context.domainName]),
    ...context.chambers.flatMap((chamber) => chamber.hosts.map((host) => host.domainName)),
  ];
  const repeated = (values: string[]) => [
    ...new Set(values.filter((value, i) => values.indexOf(value) !== i)),
  ];
  return [
    ...repeated(ids).map((id) => `chambers: the id ${id} is listed more than once`),
    ...(ids.includes(context.issuerId)
      ? [
          `chambers: ${context.issuerId} is the first chamber (issuerId), which keeps the deployment's own keys; list only the chambers beside it`,
        ]
      : []),
    ...repeated(domains).map((domain) => `chambers: the host ${domain} is served more than once`),
  ];
};

/** A chain that cannot be read or holds no certificate stops synthesis, not the first approval in AWS. */
const chainProblems = (file: string): string[] => {
  try {
    certificateChainFromPem(readFileSync(resolve(REPO_ROOT, file), 'utf8'));
    return [];
  } catch (error) {
    return [`sealCertificateChainFile: ${(error as Error).message}`];
  }
};

/** Reads and checks the deployment settings from the context of `scope` (normally the App). */
export const readDeploymentConfig = (scope: IConstruct): DeploymentConfig => {
  // An empty string means "not set", so that cdk.json can list an optional key without giving it a value.
  const present = Object.fromEntries(
    Object.keys(DeploymentContext.shape)
      .map((key) => [key, scope.node.tryGetContext(key) as unknown] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = DeploymentContext.safeParse(present);
  const problems = parsed.success
    ? crossChecks(parsed.data)
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (!parsed.success || problems.length > 0) {
    throw new DeploymentConfigError(
      `Invalid CDK context (set in cdk.json or with -c key=value):\n  ${problems.join('\n  ')}`,
    );
  }
  const context = parsed.data;
  return {
    stage: context.stage,
    issuer: {
      id: context.issuerId,
      name: context.issuerName,
      nameLocal: context.issuerNameLocal,
      country: context.issuerCountry,
      serialPrefix: context.serialPrefix,
      ...(context.issuerCity === undefined ? {} : { city: context.issuerCity }),
      ...(context.issuerTimeZone === undefined ? {} : { timeZone: context.issuerTimeZone }),
      contact: {
        ...(context.issuerAddress === undefined ? {} : { address: context.issuerAddress }),
        ...(context.issuerPhone === undefined ? {} : { phone: context.issuerPhone }),
        ...(context.issuerEmail === undefined ? {} : { email: context.issuerEmail }),
        ...(context.issuerWeb === undefined ? {} : { web: context.issuerWeb }),
      },
    },
    ...(context.publicBaseUrl === undefined
      ? {}
      : { publicBaseUrl: context.publicBaseUrl.replace(/\/$/, '') }),
    ...(context.domainName === undefined || context.certificateArn === undefined
      ? {}
      : { customDomain: { domainName: context.domainName, certificateArn: context.certificateArn } }),
    retention: { days: context.retentionDays, mode: context.retentionMode },
    signingKeyGenerations: context.signingKeyGenerations,
    ...(context.alarmEmail === undefined ? {} : { alarmEmail: context.alarmEmail }),
    ...(context.mailDomain === undefined ? {} : { mailDomain: context.mailDomain }),
    ...(context.sealCertificateChainFile === undefined
      ? {}
      : { sealCertificateChainFile: resolve(REPO_ROOT, context.sealCertificateChainFile) }),
    ...(context.tsaUrl === undefined
      ? {}
      : {
          tsa: {
            url: context.tsaUrl,
            ...(context.tsaPolicyOid === undefined ? {} : { policyOid: context.tsaPolicyOid }),
            ...(context.tsaTimeoutMs === undefined ? {} : { timeoutMs: context.tsaTimeoutMs }),
            authorization: context.tsaAuthorization === true,
          },
        }),
    ...(context.cscSeal === undefined
      ? {}
      : {
          cscSeal: {
            baseUrl: context.cscSeal.baseUrl,
            clientId: context.cscSeal.clientId,
            ...(context.cscSeal.tokenUrl === undefined ? {} : { tokenUrl: context.cscSeal.tokenUrl }),
            ...(context.cscSeal.credentialId === undefined
              ? {}
              : { credentialId: context.cscSeal.credentialId }),
          },
        }),
    ...(context.edgeDomainName === undefined || context.edgeCertificateArn === undefined
      ? {}
      : { edgeDomain: { domainName: context.edgeDomainName, certificateArn: context.edgeCertificateArn } }),
    verifyRateLimit: context.verifyRateLimit,
    throttle: { rateLimit: context.apiRateLimit, burstLimit: context.apiBurstLimit },
    chambers: context.chambers.map((chamber) => ({ id: chamber.id, hosts: chamber.hosts })),
  };
};

/** The ids of every chamber the deployment holds keys for, the first chamber first (HOSTED_CHAMBERS). */
export const hostedChamberIds = (config: DeploymentConfig): string[] => [
  config.issuer.id,
  ...config.chambers.map((chamber) => chamber.id),
];

/**
 * Where the QR codes point, when the deployment decides it: an explicit publicBaseUrl, else the verification host
 * on CloudFront, else the custom domain. Undefined means "the distribution's own name", which only the api stack
 * knows.
 */
export const configuredPublicBaseUrl = (config: DeploymentConfig): string | undefined => {
  if (config.publicBaseUrl) return config.publicBaseUrl;
  const host = config.edgeDomain?.domainName ?? config.customDomain?.domainName;
  return host ? `https://${host}` : undefined;
};

/** The issuer settings as the functions read them from their environment (see functions/config/config.ts). */
export const issuerEnvironment = (config: DeploymentConfig): Record<string, string> => ({
  ISSUER_ID: config.issuer.id,
  ISSUER_NAME: config.issuer.name,
  ISSUER_NAME_LOCAL: config.issuer.nameLocal,
  ISSUER_COUNTRY: config.issuer.country,
  SERIAL_PREFIX: config.issuer.serialPrefix,
  ...(config.issuer.city === undefined ? {} : { ISSUER_CITY: config.issuer.city }),
  ...(config.issuer.timeZone === undefined ? {} : { ISSUER_TIMEZONE: config.issuer.timeZone }),
  ...(config.issuer.contact?.address === undefined ? {} : { ISSUER_ADDRESS: config.issuer.contact.address }),
  ...(config.issuer.contact?.phone === undefined ? {} : { ISSUER_PHONE: config.issuer.contact.phone }),
  ...(config.issuer.contact?.email === undefined ? {} : { ISSUER_EMAIL: config.issuer.contact.email }),
  ...(config.issuer.contact?.web === undefined ? {} : { ISSUER_WEB: config.issuer.contact.web }),
});
