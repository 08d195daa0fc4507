// What verify's JSON answers look like, as zod schemas for the OpenAPI fragment it exports (docs/api.md); the
// contract tests (test/support/contract.ts) check every answer of the API tests against them.
import * as z from 'zod';

const Timestamp = z.iso.datetime();
const Ref = z.strictObject({ serial: z.string(), code: z.string() });

const PublicCertificate = z.strictObject({
  serial: z.string(),
  code: z.string(),
  type: z.string(),
  issuedAt: Timestamp,
  issueDate: z.iso.date(),
  issuer: z.strictObject({ name: z.string(), nameLocal: z.string(), country: z.string() }),
  exporter: z.strictObject({ name: z.string(), country: z.string() }),
  consignee: z.strictObject({ name: z.string(), country: z.string() }).optional(),
  originCountry: z.string(),
  destinationCountry: z.string(),
  goods: z.array(
    z.strictObject({
      description: z.string(),
      hsCode: z.string(),
      packages: z.string(),
      quantity: z.string(),
      figures: z.strictObject({
        packageCount: z.number(),
        packageKind: z.string(),
        measures: z.array(z.strictObject({ value: z.number(), unit: z.string() })),
      }),
    }),
  ),
  keyId: z.string(),
});

const NetworkFacts = z.strictObject({
  issuer: z.strictObject({
    id: z.string(),
    name: z.string(),
    nameLocal: z.string(),
    country: z.string(),
    verifyBaseUrl: z.string(),
  }),
  seal: z.strictObject({
    serial: z.string(),
    type: z.string(),
    issueDate: z.string(),
    exporter: z.string(),
    origin: z.string(),
    destination: z.string(),
  }),
  statusList: z.strictObject({ issuedAt: z.string(), nextUpdate: z.string() }),
  replacedBySerial: z.string().optional(),
  trustListVersion: z.number().int(),
});

export const VerificationSchema = z
  .strictObject({
    status: z.enum([
      'VALID',
      'REVOKED',
      'SUPERSEDED',
      'NOT_FOUND',
      'TAMPERED',
      'UNKNOWN_KEY',
      'UNKNOWN_ISSUER',
    ]),
    message: z.string().meta({ description: 'The outcome in English, for people' }),
    certificate: PublicCertificate.optional(),
    revokedAt: Timestamp.optional(),
    reason: z.string().optional(),
    replacedBy: Ref.optional(),
    supersededBy: Ref.optional(),
    links: z.strictObject({ credential: z.string() }).optional(),
    network: NetworkFacts.optional(),
    warning: z.strictObject({ code: z.literal('ISSUER_SUSPENDED'), since: z.string().nullable() }).optional(),
    file: z
      .strictObject({
        version: z.number().int().min(1),
        versions: z.number().int().min(1),
        latest: z.boolean(),
      })
      .optional()
      .meta({
        description:
          'On a check by file or SHA-256: which archive version of the certificate’s PDF it is. Archive renewals append timestamps, so an earlier version is a byte prefix of the newest and proves the same; the status is the certificate’s current one.',
      }),
  })
  .meta({
    id: 'Verification',
    description:
      'VALID, REVOKED, SUPERSEDED (200), NOT_FOUND (404), TAMPERED, UNKNOWN_KEY, UNKNOWN_ISSUER (422)',
    examples: [{ status: 'NOT_FOUND', message: 'No certificate has this verification code.' }],
  });

const PublicJwk = z.strictObject({
  kty: z.string(),
  crv: z.string().optional(),
  x: z.string().optional(),
  y: z.string().optional(),
  n: z.string().optional(),
  e: z.string().optional(),
  kid: z.string(),
  alg: z.string().optional(),
  use: z.string().optional(),
  status: z.enum(['active', 'retired']).optional(),
  validFrom: Timestamp.optional(),
  validUntil: Timestamp.optional(),
});

export const JwksSchema = z.strictObject({ keys: z.array(PublicJwk) }).meta({
  id: 'JWKS',
  description: 'The issuer’s public keys, active and retired (RFC 7517)',
});

export const DidDocumentSchema = z
  .strictObject({
    '@context': z.array(z.string()),
    id: z.string(),
    verificationMethod: z.array(
      z.strictObject({
        id: z.string(),
        type: z.literal('JsonWebKey'),
        controller: z.string(),
        publicKeyJwk: z.record(z.string(), z.unknown()),
      }),
    ),
    assertionMethod: z.array(z.string()),
  })
  .meta({ id: 'DidDocument' });

export const JwsBody = z
  .strictObject({ jws: z.string().min(1).max(4096) })
  .meta({ examples: [{ jws: 'eyJhbGciOiJFUzI1NiIsImtpZCI6Ii4uLiJ9.eyJpc3MiOiIuLi4ifQ.c2lnbmF0dXJl' }] });
export const HashBody = z
  .strictObject({
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256 in hex (64 characters)'),
  })
  .meta({ examples: [{ sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }] });
