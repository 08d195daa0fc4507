// The environment, parsed once at start-up. A bad or unknown value stops start-up with a message naming it.

import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import type { Issuer } from '../core/accounts.ts';
import { CountryCode } from '../core/countries.ts';
import type { Chamber } from '../core/network/chamber.ts';
import { LabelLanguagePair } from '../core/rendering/caption-languages.ts';
import { IssuerAddress, IssuerEmail, IssuerPhone, IssuerWeb } from './issuer-contact.ts';

/** `a, b,,c` → ['a', 'b', 'c']. */
const commaList = (list: string) =>
  list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const optionalUrl = z.url({ message: 'must be a URL such as http://localhost:8000' }).optional();

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

// A KMS key id, key ARN, alias name or alias ARN.
const KMS_KEY_ID =
  /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+|alias\/[A-Za-z0-9/_-]+|(mrk-)?[0-9a-f-]{32,36})$/;
const KMS_KEY_ID_MESSAGE =
  'must list KMS key ids, key ARNs or alias names (alias/…), separated by commas, the active key first';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // the local server's listen address: loopback unless the operator opens it up (0.0.0.0, ::, an interface)
  HOST: z
    .string()
    .refine(
      (host) => isIP(host) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(host),
      'must be an address or host name to listen on, such as 127.0.0.1 or 0.0.0.0',
    )
    .default('127.0.0.1'),
  PUBLIC_BASE_URL: z
    .url({ message: 'must be an absolute URL such as https://verify.example.org' })
    .optional(),
  ISSUER_ID: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be 2–40 lower-case letters, digits or hyphens')
    .default('demo-chamber'),
  ISSUER_NAME: z.string().min(2).max(120).default('Demo Economic Chamber'),
  ISSUER_NAME_LOCAL: z.string().min(2).max(120).default('Демо Стопанска комора'),
  ISSUER_COUNTRY: CountryCode.default('MK'),
  ISSUER_CITY: z.string().min(2).max(60).default('Скопје / Skopje'),
  ISSUER_TIMEZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Skopje')
    .default('Europe/Skopje'),
  // how the public verification page tells a reader to reach the chamber (issue #13)
  ISSUER_ADDRESS: IssuerAddress.default('ул. Демо 1, 1000 Скопје / Demo Street 1, 1000 Skopje'),
  ISSUER_PHONE: IssuerPhone.default('+389 2 000 0000'),
  ISSUER_EMAIL: IssuerEmail.default('certificates@chamber.example'),
  ISSUER_WEB: IssuerWeb.default('https://chamber.example'),
  // label languages of the certificate templates (issue #5 item 1)
  ISSUER_LABEL_LANGUAGES: z.string().default('mk,en').pipe(LabelLanguagePair),
  // the chambers this deployment serves besides the first (ISSUER_ID); absent: every chamber record in the table
  HOSTED_CHAMBERS: z
    .string()
    .transform(commaList)
    .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must list chamber ids separated by commas')))
    .optional(),
  SERIAL_PREFIX: z
    .string()
    .regex(/^[A-Z0-9]{1,10}$/, 'must be 1–10 upper-case letters or digits')
    .default('MK'),
  TABLE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name (3–255 characters)')
    .default('tradecert'),
  BUCKET_NAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .default('tradecert-local'),
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-central-1')
    .default('eu-central-1'),
  AWS_ENDPOINT_URL_DYNAMODB: optionalUrl,
  AWS_ENDPOINT_URL_S3: optionalUrl,
  KEY_SOURCE: z.enum(['local', 'kms']).default('local'),
  KMS_SIGNING_KEY_IDS: z
    .string()
    .transform(commaList)
    .pipe(z.array(z.string().regex(KMS_KEY_ID, KMS_KEY_ID_MESSAGE)).min(1, KMS_KEY_ID_MESSAGE))
    .optional(),
  // PAdES seal (issue #5 item 4)
  SEAL_SOURCE: z.enum(['local', 'kms', 'csc', 'none']).optional(),
  SEAL_LOCAL_CRL_URL: optionalUrl,
  SEAL_KMS_KEY_ID: z
    .string()
    .regex(KMS_KEY_ID, 'must be a KMS key id, key ARN or alias name (alias/…)')
    .optional(),
  SEAL_CERTIFICATE_CHAIN: z.string().optional(),
  // the seal's signature timestamp (B-T, docs/legal.md §2): unset, `npm start` runs the local TSA; none: B-B
  TSA_URL: z
    .union([
      z.literal('none'),
      z.url({ protocol: /^https?$/, message: 'must be the http(s) URL of an RFC 3161 TSA, or none' }),
    ])
    .optional(),
  TSA_USERNAME: z.string().min(1).optional(),
  TSA_PASSWORD: z.string().min(1).optional(),
  TSA_AUTHORIZATION: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]* \S+$/, 'must be a whole Authorization value, such as "Bearer <token>"')
    .optional(),
  TSA_AUTHORIZATION_SECRET_ARN: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/,
      'must be the ARN of a Secrets Manager secret',
    )
    .optional(),
  TSA_POLICY_OID: z
    .string()
    .regex(/^[0-2](\.(0|[1-9]\d*))+$/, 'must be an object identifier such as 1.3.6.1.4.1.4146.2.3')
    .optional(),
  TSA_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5_000),
  // remote sealing through a trust service provider's CSC API v2 (docs/legal.md §6)
  CSC_BASE_URL: z
    .url({ protocol: /^https?$/, message: 'must be the http(s) base URI of a CSC API v2 service' })
    .optional(),
  CSC_OAUTH_TOKEN_URL: z
    .url({ protocol: /^https?$/, message: 'must be the http(s) URL of an OAuth2 token endpoint' })
    .optional(),
  CSC_CLIENT_ID: z.string().min(1).max(256).optional(),
  CSC_CLIENT_SECRET: z.string().min(1).max(4096).optional(),
  CSC_CLIENT_SECRET_ARN: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/,
      'must be the ARN of a Secrets Manager secret',
    )
    .optional(),
  CSC_CREDENTIAL_ID: z.string().min(1).max(256).optional(),
  DATA_DIR: z.string().default('.data'),
  KEYS_DIR: z.string().optional(),
  TEMPLATES_DIR: z.string().optional(),
  SESSION_TTL_HOURS: z.coerce.number().min(0.1).max(720).default(12),
  MAX_ATTACHMENT_MB: z.coerce.number().min(0.1).max(50).default(10),
  WEBHOOK_ALLOW_INSECURE: z.enum(['true', 'false']).default('false'),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // verification requests per minute per address, counted by each verify process; 0: off (AWS, behind the WAF)
  VERIFY_RATE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(120),
  // the region's trust list (docs/network.md §6): where it comes from and the operator key it must verify with
  TRUST_LIST_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL of a trust list' })
    .optional(),
  TRUST_LIST_FILE: z.string().optional(),
  TRUST_LIST_OPERATOR_KEY: z.string().optional(),
  TRUST_LIST_REFRESH_MINUTES: z.coerce.number().min(0).max(1440).default(60),
  // e-mail (docs/mail.md): how mail leaves, from which address, and when the staff digest goes out
  MAIL_TRANSPORT: z.enum(['smtp', 'ses', 'none']).optional(),
  MAIL_SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      message: 'must be an smtp:// or smtps:// URL such as smtp://127.0.0.1:1025',
    })
    .optional(),
  MAIL_FROM: z.email({ message: 'must be an e-mail address such as no-reply@chamber.example' }).optional(),
  MAIL_SES_CONFIGURATION_SET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an SES configuration set name')
    .optional(),
  MAIL_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
});

/** Prefixes that belong to this service: an unknown variable with one of them is almost surely a typo. */
const OWN_PREFIXES = [
  'ISSUER_',
  'SERIAL_',
  'SESSION_',
  'KEY_',
  'KEYS_',
  'KMS_',
  'TEMPLATES_',
  'DEMO_',
  'PUBLIC_BASE',
  'WEBHOOK_',
  'MAX_ATTACHMENT',
  'SEAL_',
  'HOSTED_',
  'TRUST_LIST_',
  'MAIL_',
  'TSA_',
  'CSC_',
];

export interface TsaConfig {
  url: string;
  username?: string;
  password?: string;
  /** A whole Authorization header value (TSA_AUTHORIZATION), instead of username and password. */
  authorization?: string;
  /** Or the Secrets Manager secret whose string it is (TSA_AUTHORIZATION_SECRET_ARN, on AWS). */
  authorizationSecretArn?: string;
  policyOid?: string;
  timeoutMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface Config {
  port: number;
  /** Where the local server listens (HOST). */
  host: string;
  publicBaseUrl: string;
  issuer: Omit<Issuer, 'publicBaseUrl'>;
  /** Languages of the captions on certificates, local first (ISSUER_LABEL_LANGUAGES). */
  labelLanguages: string[];
  /** How the public verification page tells a reader to reach the chamber (ISSUER_ADDRESS, _PHONE, _EMAIL, _WEB). */
  issuerContact: { address: string; phone: string; email: string; web: string };

  /** HOSTED_CHAMBERS: the chambers served here besides the first; undefined: every chamber record. */
  hostedChambers: string[] | undefined;
  tableName: string;
  bucketName: string;
  region: string;
  dynamoEndpoint: string | undefined;
  s3Endpoint: string | undefined;
  keySource: 'local' | 'kms';
  /** With keySource 'kms': the active key first, then retired keys that still verify. */
  kmsSigningKeyIds: string[];
  /**
   * The PAdES seal on issued PDFs: key files under keysDir, a KMS key with a configured chain, a credential at a
   * trust service provider's CSC API (the first chamber's), or none.
   */
  sealSource: 'local' | 'kms' | 'csc' | 'none';
  sealKmsKeyId: string | undefined;
  /** PEM certificates (seal certificate first) or the path of a PEM file; with sealSource 'kms'. */
  sealCertificateChain: string | undefined;
  /** Where the local CA publishes its CRL: the cRLDistributionPoints of the local seal certificate. */
  sealLocalCrlUrl: string;
  /**
   * The TSA of the seal's signature timestamp (TSA_*); undefined: no timestamps, unless `npm start` runs the
   * local TSA (TSA_URL unset). `none` is TSA_URL=none: B-B, and no local TSA either.
   */
  tsa: TsaConfig | 'none' | undefined;
  /** With sealSource 'csc': the service, the OAuth2 client and its secret (or its secret's ARN), the credential. */
  csc:
    | {
        baseUrl: string;
        tokenUrl: string | undefined;
        clientId: string;
        clientSecret: { value: string } | { arn: string };
        credentialId: string | undefined;
      }
    | undefined;
  dataDir: string;
  keysDir: string;
  templatesDir: string;
  sessionTtlMs: number;
  maxAttachmentBytes: number;
  allowInsecureWebhooks: boolean;
  demoPassword: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** VERIFY_RATE_LIMIT: the verify function's own per-address counter; 0 when the WAF counts instead. */
  verifyRateLimit: number;
  /** The region's trust list: TRUST_LIST_URL or _FILE, the operator's public JWK (JSON or a file path). */
  trustList: { url?: string; file?: string; operatorKey: string; refreshMs: number } | undefined;
  /** How mail leaves (docs/mail.md): SMTP (the local catcher, or a relay), SES, or not at all (queued only). */
  mail: {
    transport: 'smtp' | 'ses' | 'none';
    smtpUrl: string | undefined;
    from: string;
    sesConfigurationSet: string | undefined;
    digestHour: number;
  };
}

/** Where `npm start` serves the local CA's CRL (functions/local/server.ts). */
export const LOCAL_CRL_PATH = '/pki/seal-ca.crl';

const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export const loadConfig = (environment: Record<string, string | undefined>): Config => {
  const known = new Set(Object.keys(Env.shape));
  const unknown = Object.keys(environment).filter(
    (name) => !known.has(name) && OWN_PREFIXES.some((prefix) => name.startsWith(prefix)),
  );
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = Env.safeParse(present);
  const problems = [
    ...unknown.map((name) => `${name}: unknown variable (see the configuration table in README.md)`),
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...(parsed.success && parsed.data.KEY_SOURCE === 'kms' && parsed.data.KMS_SIGNING_KEY_IDS === undefined
      ? ['KMS_SIGNING_KEY_IDS: required when KEY_SOURCE=kms (the KMS key ARN or alias that signs)']
      : []),
    ...(parsed.success && parsed.data.SEAL_SOURCE === 'kms'
      ? [
          ...(parsed.data.SEAL_KMS_KEY_ID === undefined
            ? ['SEAL_KMS_KEY_ID: required when SEAL_SOURCE=kms (the KMS key that signs the PAdES seal)']
            : []),
          ...(parsed.data.SEAL_CERTIFICATE_CHAIN === undefined
            ? ['SEAL_CERTIFICATE_CHAIN: required when SEAL_SOURCE=kms (PEM certificates or a PEM file path)']
            : []),
        ]
      : []),
    ...(parsed.success && parsed.data.SEAL_SOURCE === 'csc'
      ? [
          ...(parsed.data.CSC_BASE_URL === undefined
            ? ['CSC_BASE_URL: required when SEAL_SOURCE=csc (the base URI of the remote signing service)']
            : []),
          ...(parsed.data.CSC_CLIENT_ID === undefined
            ? ['CSC_CLIENT_ID: required when SEAL_SOURCE=csc (the OAuth2 client id from the provider)']
            : []),
          ...((parsed.data.CSC_CLIENT_SECRET === undefined) ===
          (parsed.data.CSC_CLIENT_SECRET_ARN === undefined)
            ? [
                'CSC_CLIENT_SECRET: set either CSC_CLIENT_SECRET or CSC_CLIENT_SECRET_ARN with SEAL_SOURCE=csc',
              ]
            : []),
        ]
      : []),
    ...(parsed.success &&
    (parsed.data.TRUST_LIST_URL || parsed.data.TRUST_LIST_FILE) &&
    !parsed.data.TRUST_LIST_OPERATOR_KEY
      ? ['TRUST_LIST_OPERATOR_KEY: required with a trust list (the operator public JWK, or a file with it)']
      : []),
    ...(parsed.success && parsed.data.MAIL_TRANSPORT === 'smtp' && !parsed.data.MAIL_SMTP_URL
      ? ['MAIL_SMTP_URL: required when MAIL_TRANSPORT=smtp (such as smtp://127.0.0.1:1025)']
      : []),
    ...(parsed.success && parsed.data.MAIL_TRANSPORT === 'ses' && !parsed.data.MAIL_FROM
      ? ['MAIL_FROM: required when MAIL_TRANSPORT=ses (an address on the verified SES domain)']
      : []),
    ...(parsed.success &&
    (parsed.data.TSA_USERNAME === undefined) !== (parsed.data.TSA_PASSWORD === undefined)
      ? ['TSA_PASSWORD: TSA_USERNAME and TSA_PASSWORD go together (HTTP Basic credentials of the TSA)']
      : []),
    ...(parsed.success &&
    [
      parsed.data.TSA_AUTHORIZATION,
      parsed.data.TSA_AUTHORIZATION_SECRET_ARN,
      parsed.data.TSA_USERNAME,
    ].filter((given) => given !== undefined).length > 1
      ? [
          'TSA_AUTHORIZATION: set one of TSA_AUTHORIZATION, TSA_AUTHORIZATION_SECRET_ARN or TSA_USERNAME and TSA_PASSWORD',
        ]
      : []),
    ...(parsed.success && parsed.data.TRUST_LIST_URL && parsed.data.TRUST_LIST_FILE
      ? ['TRUST_LIST_FILE: set either TRUST_LIST_URL or TRUST_LIST_FILE, not both']
      : []),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  const dataDir = resolve(env.DATA_DIR);
  return {
    port: env.PORT,
    host: env.HOST,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    issuer: {
      id: env.ISSUER_ID,
      name: env.ISSUER_NAME,
      nameLocal: env.ISSUER_NAME_LOCAL,
      country: env.ISSUER_COUNTRY,
      city: env.ISSUER_CITY,
      timeZone: env.ISSUER_TIMEZONE,
      serialPrefix: env.SERIAL_PREFIX,
    },
    labelLanguages: env.ISSUER_LABEL_LANGUAGES,
    issuerContact: {
      address: env.ISSUER_ADDRESS,
      phone: env.ISSUER_PHONE,
      email: env.ISSUER_EMAIL,
      web: env.ISSUER_WEB,
    },
    hostedChambers: env.HOSTED_CHAMBERS,
    tableName: env.TABLE_NAME,
    bucketName: env.BUCKET_NAME,
    region: env.AWS_REGION,
    dynamoEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
    s3Endpoint: env.AWS_ENDPOINT_URL_S3,
    keySource: env.KEY_SOURCE,
    kmsSigningKeyIds: env.KMS_SIGNING_KEY_IDS ?? [],
    // a deployment with KMS keys has no key files: it seals only when SEAL_SOURCE says how
    sealSource: env.SEAL_SOURCE ?? (env.KEY_SOURCE === 'kms' ? 'none' : 'local'),
    sealKmsKeyId: env.SEAL_KMS_KEY_ID,
    sealCertificateChain: env.SEAL_CERTIFICATE_CHAIN,
    // the local stack serves it on its own port (functions/local/server.ts)
    sealLocalCrlUrl: env.SEAL_LOCAL_CRL_URL ?? `http://localhost:${env.PORT}${LOCAL_CRL_PATH}`,
    tsa:
      env.TSA_URL === undefined || env.TSA_URL === 'none'
        ? env.TSA_URL
        : {
            url: env.TSA_URL,
            ...(env.TSA_USERNAME ? { username: env.TSA_USERNAME } : {}),
            ...(env.TSA_PASSWORD ? { password: env.TSA_PASSWORD } : {}),
            ...(env.TSA_AUTHORIZATION ? { authorization: env.TSA_AUTHORIZATION } : {}),
            ...(env.TSA_AUTHORIZATION_SECRET_ARN
              ? { authorizationSecretArn: env.TSA_AUTHORIZATION_SECRET_ARN }
              : {}),
            ...(env.TSA_POLICY_OID ? { policyOid: env.TSA_POLICY_OID } : {}),
            timeoutMs: env.TSA_TIMEOUT_MS,
          },
    csc:
      env.SEAL_SOURCE === 'csc' && env.CSC_BASE_URL && env.CSC_CLIENT_ID
        ? {
            baseUrl: env.CSC_BASE_URL,
            tokenUrl: env.CSC_OAUTH_TOKEN_URL,
            clientId: env.CSC_CLIENT_ID,
            clientSecret: env.CSC_CLIENT_SECRET_ARN
              ? { arn: env.CSC_CLIENT_SECRET_ARN }
              : { value: env.CSC_CLIENT_SECRET ?? '' },
            credentialId: env.CSC_CREDENTIAL_ID,
          }
        : undefined,
    dataDir,
    keysDir: resolve(env.KEYS_DIR ?? `${dataDir}/keys`),
    templatesDir: resolve(env.TEMPLATES_DIR ?? DEFAULT_TEMPLATES_DIR),
    sessionTtlMs: env.SESSION_TTL_HOURS * 3_600_000,
    maxAttachmentBytes: Math.round(env.MAX_ATTACHMENT_MB * 1024 * 1024),
    allowInsecureWebhooks: env.WEBHOOK_ALLOW_INSECURE === 'true',
    demoPassword: env.DEMO_PASSWORD,
    logLevel: env.LOG_LEVEL,
    verifyRateLimit: env.VERIFY_RATE_LIMIT,
    trustList:
      (env.TRUST_LIST_URL || env.TRUST_LIST_FILE) && env.TRUST_LIST_OPERATOR_KEY
        ? {
            ...(env.TRUST_LIST_URL ? { url: env.TRUST_LIST_URL } : {}),
            ...(env.TRUST_LIST_FILE ? { file: resolve(env.TRUST_LIST_FILE) } : {}),
            operatorKey: env.TRUST_LIST_OPERATOR_KEY,
            refreshMs: env.TRUST_LIST_REFRESH_MINUTES * 60_000,
          }
        : undefined,
    mail: {
      // SMTP when a server is named, else nothing leaves (the mails wait in the queue)
      transport: env.MAIL_TRANSPORT ?? (env.MAIL_SMTP_URL ? 'smtp' : 'none'),
      smtpUrl: env.MAIL_SMTP_URL,
      from: env.MAIL_FROM ?? 'no-reply@tradecert.localhost',
      sesConfigurationSet: env.MAIL_SES_CONFIGURATION_SET,
      digestHour: env.MAIL_DIGEST_HOUR,
    },
  };
};

/**
 * The first chamber as the ISSUER_* configuration describes it (docs/network.md §1, "Migration"): its record is
 * written from this when none exists, with the id unchanged, so that nothing stored before moves.
 */
export const firstChamberOf = (config: Config, now: Date = new Date(0)): Chamber => ({
  ...config.issuer,
  publicBaseUrl: config.publicBaseUrl,
  contact: config.issuerContact,
  labelLanguages: config.labelLanguages,
  hosts: [],
  status: 'active',
  statusSince: now.toISOString(),
  ...(config.keySource === 'kms' || config.sealSource === 'kms'
    ? {
        kms: {
          ...(config.keySource === 'kms' ? { signingKeyIds: config.kmsSigningKeyIds } : {}),
          ...(config.sealKmsKeyId ? { sealKeyId: config.sealKmsKeyId } : {}),
          ...(config.sealCertificateChain ? { sealCertificateChain: config.sealCertificateChain } : {}),
        },
      }
    : {}),
  version: 1,
  createdAt: now.toISOString(),
});
