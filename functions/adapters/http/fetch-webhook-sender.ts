// Delivers webhook requests with fetch, a short timeout and no redirects (a redirect could lead anywhere).
import type { WebhookSender } from '../../core/ports.ts';

const TIMEOUT_MS = 5000;

export const fetchWebhookSender: WebhookSender = {
  post: async (url, body, headers) => {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    return { status: response.status };
  },
};
