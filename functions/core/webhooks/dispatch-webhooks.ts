// The webhook dispatcher: fans outbox entries out to the organisation's endpoints, then delivers what is due.
// Runs on a timer (local server) or a schedule (AWS); safe to run twice at once, since every step is conditional.
import type { Clock, WebhookRepository, WebhookSender } from '../ports.ts';
import {
  backoffMs,
  eventIdOf,
  MAX_DELIVERY_ATTEMPTS,
  signatureHeader,
  type WebhookDelivery,
  webhookPayload,
} from './webhook.ts';

export interface DispatchDeps {
  issuerId: string;
  webhooks: WebhookRepository;
  sender: WebhookSender;
  clock: Clock;
}

export interface DispatchReport {
  fannedOut: number;
  delivered: number;
  retrying: number;
  failed: number;
}

const BATCH = 25;

export const dispatchWebhooks = (deps: DispatchDeps) => async (): Promise<DispatchReport> => {
  const report: DispatchReport = { fannedOut: 0, delivered: 0, retrying: 0, failed: 0 };
  const now = deps.clock.now();
  for (const entry of await deps.webhooks.pendingOutbox(deps.issuerId, BATCH)) {
    const hooks = (await deps.webhooks.listByOrg(deps.issuerId, entry.orgId)).filter(
      (hook) => !hook.revokedAt,
    );
    const payload = webhookPayload(entry);
    const deliveries: WebhookDelivery[] = hooks.map((hook) => ({
      id: `${eventIdOf(entry)}.${hook.id}`,
      issuerId: deps.issuerId,
      orgId: entry.orgId,
      webhookId: hook.id,
      url: hook.url,
      eventId: eventIdOf(entry),
      payload,
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      createdAt: now.toISOString(),
    }));
    await deps.webhooks.fanOut(entry, deliveries);
    report.fannedOut += deliveries.length;
  }
  for (const delivery of await deps.webhooks.dueDeliveries(deps.issuerId, now.toISOString(), BATCH)) {
    const outcome = await attempt(deps, delivery);
    report[outcome] += 1;
  }
  return report;
};

const attempt = async (
  deps: DispatchDeps,
  delivery: WebhookDelivery,
): Promise<'delivered' | 'retrying' | 'failed'> => {
  const webhook = await deps.webhooks.get(deps.issuerId, delivery.webhookId);
  const at = deps.clock.now();
  const attempts = delivery.attempts + 1;
  if (!webhook || webhook.revokedAt) {
    await deps.webhooks.updateDelivery({
      ...delivery,
      status: 'FAILED',
      attempts,
      lastAttemptAt: at.toISOString(),
      lastError: 'webhook revoked',
    });
    return 'failed';
  }
  let status: number | undefined;
  let error: string | undefined;
  try {
    ({ status } = await deps.sender.post(delivery.url, delivery.payload, {
      'Content-Type': 'application/json',
      'User-Agent': 'tradecert-webhooks/1',
      'Tradecert-Event-Id': delivery.eventId,
      'Tradecert-Signature': signatureHeader(webhook.secret, delivery.payload, at),
    }));
  } catch (cause) {
    error = cause instanceof Error ? cause.message : String(cause);
  }
  const base = {
    ...delivery,
    attempts,
    lastAttemptAt: at.toISOString(),
    ...(status ? { lastStatus: status } : {}),
  };
  if (status !== undefined && status >= 200 && status < 300) {
    await deps.webhooks.updateDelivery({ ...base, status: 'DELIVERED', deliveredAt: at.toISOString() });
    return 'delivered';
  }
  const lastError = error ?? `HTTP ${status}`;
  if (attempts >= MAX_DELIVERY_ATTEMPTS) {
    await deps.webhooks.updateDelivery({ ...base, status: 'FAILED', lastError });
    return 'failed';
  }
  const nextAttemptAt = new Date(at.getTime() + backoffMs(attempts)).toISOString();
  await deps.webhooks.updateDelivery({ ...base, status: 'PENDING', nextAttemptAt, lastError });
  return 'retrying';
};
