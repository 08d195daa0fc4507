// The webhook dispatcher: fans outbox entries out to the organisation's endpoints, then delivers what is due,
// concurrently and fairly (fair-queue.ts): an organisation's hanging receivers hold only its own slots. Every
// delivery re-checks its URL (webhook-destination.ts) and the sender checks the addresses it connects to.
// Safe to run twice at once, in one process or many, since every storage step is conditional.
// See docs/security.md, "Webhooks: what they may reach, and how delivery is scheduled".
import type { Clock, Logger, Sleep, WebhookRepository, WebhookSender } from '../ports.ts';
import { createFairQueue, type FairQueueLimits } from './fair-queue.ts';
import {
  backoffMs,
  eventIdOf,
  MAX_DELIVERY_ATTEMPTS,
  signatureHeader,
  type WebhookDelivery,
  webhookPayload,
} from './webhook.ts';
import { RefusedDestination, refusalOfUrl } from './webhook-destination.ts';

export interface DispatchDeps {
  issuerId: string;
  webhooks: WebhookRepository;
  sender: WebhookSender;
  clock: Clock;
  sleep: Sleep;
  logger: Logger;
  allowInsecureWebhooks: boolean;
  limits?: Partial<FairQueueLimits>;
}

export interface DispatchReport {
  fannedOut: number;
  delivered: number;
  retrying: number;
  failed: number;
}

type Outcome = 'delivered' | 'retrying' | 'failed';

/** 16 deliveries at once, 4 per organisation, one per endpoint. */
export const DELIVERY_LIMITS: FairQueueLimits = { total: 16, perKey: 4, waitingPerKey: 50 };

const PAGE = 25;
/** Outbox entries fanned out, and due deliveries looked at, per round. */
const MAX_FAN_OUT = 100;
const MAX_SCAN = 500;
const POLL_MS = 1000;

const emptyReport = (): DispatchReport => ({ fannedOut: 0, delivered: 0, retrying: 0, failed: 0 });

export const createWebhookDispatcher = (deps: DispatchDeps) => {
  const queue = createFairQueue({ ...DELIVERY_LIMITS, ...deps.limits });

  const fanOut = async (report: DispatchReport) => {
    for (let seen = 0; seen < MAX_FAN_OUT; ) {
      const entries = await deps.webhooks.pendingOutbox(deps.issuerId, PAGE);
      const now = deps.clock.now().toISOString();
      for (const entry of entries) {
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
          nextAttemptAt: now,
          createdAt: now,
        }));
        await deps.webhooks.fanOut(entry, deliveries);
        report.fannedOut += deliveries.length;
      }
      seen += entries.length;
      if (entries.length < PAGE) return;
    }
  };

  const queueDue = async (report: DispatchReport) => {
    const now = deps.clock.now().toISOString();
    let after: WebhookDelivery | undefined;
    for (let seen = 0; seen < MAX_SCAN; ) {
      const due = await deps.webhooks.dueDeliveries(deps.issuerId, now, PAGE, after);
      for (const delivery of due) {
        queue.offer(delivery.orgId, {
          id: delivery.id,
          lane: delivery.webhookId,
          run: async () => {
            try {
              report[await attempt(deps, delivery)] += 1;
            } catch (error) {
              // storage failed while recording: the delivery stays due and is tried again
              deps.logger.warn('webhook delivery not recorded', { delivery: delivery.id, error });
            }
          },
        });
      }
      seen += due.length;
      after = due.at(-1);
      if (due.length < PAGE) return;
    }
  };

  /** One round: fan out, then start every due delivery the limits allow. Returns without waiting for them. */
  const pump = async (report: DispatchReport = emptyReport()) => {
    await fanOut(report);
    await queueDue(report);
    return report;
  };

  return {
    pump,
    /**
     * Fans out and delivers what is due and waits for those deliveries. With `forMs`, keeps taking new work
     * every second for that long (a scheduled run on AWS), then lets what has started finish.
     */
    dispatch: async (options: { forMs?: number } = {}): Promise<DispatchReport> => {
      const report = emptyReport();
      await pump(report);
      if (options.forMs !== undefined) {
        // the window is this process's own running time (a Lambda's timeout), not the domain's clock
        const until = Date.now() + options.forMs;
        while (Date.now() + POLL_MS < until) {
          await deps.sleep(POLL_MS);
          await pump(report);
        }
        queue.dropWaiting();
      }
      await queue.idle();
      return report;
    },
  };
};

/** The stored URL must pass today's rules too: a URL accepted before a rule was tightened is not trusted. */
const attempt = async (deps: DispatchDeps, delivery: WebhookDelivery): Promise<Outcome> => {
  const webhook = await deps.webhooks.get(deps.issuerId, delivery.webhookId);
  const at = deps.clock.now();
  const attempts = delivery.attempts + 1;
  const fail = async (lastError: string, extra: Partial<WebhookDelivery> = {}): Promise<Outcome> => {
    await deps.webhooks.updateDelivery({
      ...delivery,
      ...extra,
      status: 'FAILED',
      attempts,
      lastAttemptAt: at.toISOString(),
      lastError,
    });
    return 'failed';
  };
  if (!webhook || webhook.revokedAt) return fail('webhook revoked');
  const refusal = refusalOfUrl(delivery.url, deps.allowInsecureWebhooks);
  if (refusal) return fail(`destination refused: ${refusal}`);
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
    if (cause instanceof RefusedDestination) return fail(`destination refused: ${cause.message}`);
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
