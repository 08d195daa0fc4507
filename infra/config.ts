// The deployment's settings, read once from the CDK context (cdk.json or `-c key=value`) and checked before synthesis.
import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { CountryCode } from '../functions/core/countries.ts';

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
  serialPrefix: z.string().regex(/^[A-Z0-9]{1,10}$/, 'must be 1–10 upper-case letters or digits'),
  // https only: the QR codes printed on certificates point here, and session cookies are Secure only on https.
  publicBaseUrl: z
    .url({ protocol: /^https$/, message: 'must be an https URL such as https://verify.example.org' })
    .optional(),
});

export interface DeploymentConfig {
  readonly stage: string;
  readonly issuer: {
    readonly id: string;
    readonly name: string;
    readonly nameLocal: string;
    readonly country: string;
    readonly serialPrefix: string;
  };
  /** Where the QR codes point; when absent the functions fall back to their own default. */
  readonly publicBaseUrl?: string;
}

export class DeploymentConfigError extends Error {
  override readonly name = 'DeploymentConfigError';
}

/** Reads and checks the deployment settings from the context of `scope` (normally the App). */
export const readDeploymentConfig = (scope: IConstruct): DeploymentConfig => {
  // An empty string means "not set", so that cdk.json can list an optional key without giving it a value.
  const present = Object.fromEntries(
    Object.keys(DeploymentContext.shape)
      .map((key) => [key, scope.node.tryGetContext(key) as unknown] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = DeploymentContext.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
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
    },
    ...(context.publicBaseUrl === undefined
      ? {}
      : { publicBaseUrl: context.publicBaseUrl.replace(/\/$/, '') }),
  };
};

/** The issuer settings as the functions read them from their environment (see functions/config/config.ts). */
export const issuerEnvironment = (config: DeploymentConfig): Record<string, string> => ({
  ISSUER_ID: config.issuer.id,
  ISSUER_NAME: config.issuer.name,
  ISSUER_NAME_LOCAL: config.issuer.nameLocal,
  ISSUER_COUNTRY: config.issuer.country,
  SERIAL_PREFIX: config.issuer.serialPrefix,
  ...(config.publicBaseUrl === undefined ? {} : { PUBLIC_BASE_URL: config.publicBaseUrl }),
});
