// What the API returns for sessions, organisations, users, API keys, webhooks, chambers and audit events. The
// views are built in core (userView, apiKeyView, chamberView) or in the routes; these schemas describe them in
// the OpenAPI document, and the contract tests (test/support/contract.ts) prove that the answers match.
import * as z from 'zod';
import { APPLICATION_STATUSES } from '../../core/applications/application.ts';
import { CHAMBER_STATUSES } from '../../core/network/chamber.ts';

const Timestamp = z.iso.datetime();
const Id = z.uuid();
const Role = z.enum(['exporter', 'staff', 'admin', 'operator']);

export const DeclarationSchema = z
  .strictObject({
    signatoryId: Id.meta({ description: 'The authorised signatory (a user of the organisation)' }),
    name: z.string().meta({ description: "The signatory's full name, as printed" }),
    function: z.string().meta({ description: 'Their function in the organisation, as printed' }),
    place: z
      .string()
      .meta({ description: "Where it was declared: the submit's `place`, else the organisation's city" }),
    at: Timestamp,
    apiKeyId: z
      .string()
      .optional()
      .meta({ description: 'The API key bound to the signatory, when an ERP submitted' }),
  })
  .meta({
    id: 'Declaration',
    description: "The exporter's declaration made by submitting (docs/legal.md §8)",
  });

export const ActorSchema = z
  .strictObject({
    userId: z.string(),
    email: z.string().meta({ description: "The person's e-mail address; `apikey:{name}` for an API key" }),
    role: Role,
    orgId: Id.optional(),
    orgAdmin: z.boolean().optional(),
    apiKeyId: z.string().optional().meta({ description: 'Set when the caller is an ERP with an API key' }),
    passwordChangeRequired: z.boolean().optional(),
  })
  .meta({ id: 'Actor', description: 'Who is calling' });

export const SessionSchema = z
  .strictObject({
    token: z.string().meta({ description: 'Send as Authorization: Bearer …' }),
    expiresAt: Timestamp,
    user: z.strictObject({
      id: Id,
      email: z.email(),
      name: z.string(),
      role: Role,
      orgId: Id.nullable(),
    }),
    passwordChangeRequired: z.literal(true).optional(),
  })
  .meta({
    id: 'Session',
    examples: [
      {
        token: 'q8V0s3m2X1yTz9cYb4NwKj7LhR5eUaPdFgOiMnBvCxQ',
        expiresAt: '2026-11-23T21:15:00.000Z',
        user: {
          id: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
          email: 'exporter@demo.test',
          name: 'Ана Петровска',
          role: 'exporter',
          orgId: '6b1f0c8e-3a2d-4e5f-8a9b-0c1d2e3f4a5b',
        },
      },
    ],
  });

const PostalAddress = z.strictObject({
  street: z.string(),
  postcode: z.string().optional(),
  city: z.string(),
  country: z.string(),
});

export const OrganisationSchema = z
  .strictObject({
    id: Id,
    issuerId: z.string(),
    name: z.string(),
    address: PostalAddress,
    taxId: z.string().optional(),
    disabled: z.boolean().optional(),
    sessionEpoch: z.number().int().optional(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Organisation', description: 'An exporter organisation' });

export const UserSchema = z
  .strictObject({
    id: Id,
    email: z.email(),
    name: z.string(),
    role: Role,
    orgId: Id.nullable(),
    orgAdmin: z.boolean(),
    signatory: z
      .strictObject({ fullName: z.string(), function: z.string(), grantedAt: Timestamp })
      .nullable()
      .meta({ description: "Set when the user is an authorised signatory of the exporter's declaration" }),
    disabled: z.boolean(),
    passwordChangeRequired: z.boolean(),
    createdAt: Timestamp,
  })
  .meta({ id: 'User' });

export const CreatedUserSchema = UserSchema.extend({
  initialPassword: z.string().optional().meta({ description: 'Shown once, when the chamber set it' }),
}).meta({ id: 'CreatedUser' });

export const ResetUserSchema = UserSchema.extend({
  temporaryPassword: z.string().meta({ description: 'Shown once' }),
}).meta({ id: 'UserWithTemporaryPassword' });

export const ApiKeySchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    orgId: Id,
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
    signatoryId: Id.nullable().meta({
      description: 'The authorised signatory the key declares for when it submits; null: it cannot submit',
    }),
  })
  .meta({ id: 'ApiKey' });

export const CreatedApiKeySchema = ApiKeySchema.extend({
  secret: z.string().meta({ description: 'tck_…, shown once: send as Authorization: Bearer …' }),
}).meta({ id: 'CreatedApiKey' });

export const WebhookSchema = z
  .strictObject({ id: Id, url: z.url(), createdAt: Timestamp, revokedAt: Timestamp.nullable() })
  .meta({ id: 'Webhook' });

export const CreatedWebhookSchema = WebhookSchema.extend({
  secret: z.string().meta({ description: 'The HMAC signing secret, shown once' }),
}).meta({ id: 'CreatedWebhook' });

export const WebhookDeliverySchema = z
  .strictObject({
    id: z.string(),
    orgId: Id,
    webhookId: Id,
    url: z.string(),
    eventId: z.string(),
    payload: z.record(z.string(), z.unknown()).meta({ description: 'The event as delivered' }),
    status: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
    attempts: z.number().int().nonnegative(),
    nextAttemptAt: Timestamp,
    createdAt: Timestamp,
    lastAttemptAt: Timestamp.optional(),
    lastStatus: z.number().int().optional(),
    lastError: z.string().optional(),
    deliveredAt: Timestamp.optional(),
  })
  .meta({ id: 'WebhookDelivery' });

export const AuditEventSchema = z
  .strictObject({
    applicationId: Id,
    seq: z.number().int().positive(),
    at: Timestamp,
    actorId: z.string(),
    actorRole: Role,
    action: z.enum([
      'create',
      'edit',
      'submit',
      'cancel',
      'request-changes',
      'reject',
      'approve',
      'issue',
      'attach',
      'detach',
      'revoke',
      'supersede',
    ]),
    from: z.enum(APPLICATION_STATUSES).nullable(),
    to: z.enum(APPLICATION_STATUSES),
    comment: z.string().optional(),
    declaration: DeclarationSchema.optional().meta({ description: 'On a submit: the declaration it made' }),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({
    id: 'AuditEvent',
    description: 'One link of the hash-chained audit trail (docs/architecture.md §2)',
  });

export const ChamberSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    nameLocal: z.string(),
    country: z.string(),
    city: z.string(),
    timeZone: z.string(),
    serialPrefix: z.string(),
    labelLanguages: z.array(z.string()),
    contact: z.strictObject({ address: z.string(), phone: z.string(), email: z.string(), web: z.string() }),
    hosts: z.array(z.string()),
    publicBaseUrl: z.url(),
    status: z.enum(CHAMBER_STATUSES),
    statusSince: Timestamp,
    version: z.number().int().positive(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Chamber' });

export const CreatedChamberSchema = z
  .strictObject({
    chamber: ChamberSchema,
    admin: UserSchema,
    initialPassword: z
      .string()
      .optional()
      .meta({ description: "The first administrator's password, shown once" }),
  })
  .meta({ id: 'CreatedChamber' });
