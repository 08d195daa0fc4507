// Registering webhook endpoints (exporters, for their own organisation) and reading the delivery log.
import type { Actor } from '../accounts.ts';
import { requireRole } from '../authorization.ts';
import { AppError } from '../errors.ts';
import { ownItems } from '../own-items.ts';
import type { Clock, RandomSource, WebhookRepository } from '../ports.ts';
import { MAX_WEBHOOKS_PER_ORG, type Webhook } from './webhook.ts';
import { refusalOfUrl } from './webhook-destination.ts';

export interface WebhookDeps {
  issuerId: string;
  webhooks: WebhookRepository;
  clock: Clock;
  random: RandomSource;
  /** Allows http:// and loopback addresses: for local development and tests only. */
  allowInsecureWebhooks: boolean;
}

/** The URL as stored, or VALIDATION_FAILED on `url` saying why it may not receive webhooks. */
export const checkWebhookUrl = (raw: string, allowInsecure: boolean): string => {
  const refusal = refusalOfUrl(raw, allowInsecure);
  if (refusal) {
    throw new AppError('VALIDATION_FAILED', 'The webhook URL is not acceptable.', {
      errors: [{ path: 'url', message: refusal, code: 'invalid_url' }],
    });
  }
  return new URL(raw).toString();
};

const exporterOrg = (actor: Actor): string => {
  requireRole(actor, 'exporter');
  if (!actor.orgId)
    throw new AppError('FORBIDDEN', 'Your account is not linked to an exporter organisation.');
  return actor.orgId;
};

export const createWebhook =
  (deps: WebhookDeps) =>
  async (input: { actor: Actor; url: string }): Promise<Webhook> => {
    const orgId = exporterOrg(input.actor);
    const url = checkWebhookUrl(input.url, deps.allowInsecureWebhooks);
    const active = (await deps.webhooks.listByOrg(deps.issuerId, orgId)).filter((hook) => !hook.revokedAt);
    if (active.length >= MAX_WEBHOOKS_PER_ORG) {
      throw new AppError('VALIDATION_FAILED', `At most ${MAX_WEBHOOKS_PER_ORG} webhooks per organisation.`, {
        errors: [
          {
            path: 'url',
            message: `at most ${MAX_WEBHOOKS_PER_ORG} webhooks`,
            code: 'too_many',
            params: { maximum: MAX_WEBHOOKS_PER_ORG },
          },
        ],
      });
    }
    const webhook: Webhook = {
      id: deps.random.id(),
      issuerId: deps.issuerId,
      orgId,
      url,
      secret: `whsec_${Buffer.from(deps.random.bytes(32)).toString('base64url')}`,
      createdBy: input.actor.userId,
      createdAt: deps.clock.now().toISOString(),
    };
    await deps.webhooks.create(webhook);
    return webhook;
  };

const ownWebhooks = (deps: WebhookDeps) =>
  ownItems(deps, deps.webhooks, { ownerOf: exporterOrg, notFound: 'Webhook not found.' });

export const listWebhooks = (deps: WebhookDeps) => ownWebhooks(deps).list;

export const revokeWebhook = (deps: WebhookDeps) => ownWebhooks(deps).revoke;

export const listDeliveries =
  (deps: WebhookDeps) => async (input: { actor: Actor; cursor?: string | undefined }) =>
    deps.webhooks.deliveriesOfOrg(deps.issuerId, exporterOrg(input.actor), input.cursor);
