// What SES reports through SNS about sent mail (docs/mail.md, "Bounces and complaints"): permanent bounces and
// complaints become suppressions, so that no more mail goes to those addresses. The configuration set's event
// destination (infra/constructs/mail.ts) publishes SES's event JSON as the SNS message.
import * as z from 'zod';
import { logger } from '../adapters/log/json-logger.ts';
import type { Core } from '../core/core.ts';

const Recipients = z.array(z.object({ emailAddress: z.string() })).default([]);
const SesEvent = z.union([
  z.object({
    eventType: z.literal('Bounce'),
    bounce: z.object({ bounceType: z.string(), bouncedRecipients: Recipients }),
  }),
  z.object({
    eventType: z.literal('Complaint'),
    complaint: z.object({ complainedRecipients: Recipients }),
  }),
]);

interface SnsRecord {
  EventSource?: string;
  Sns?: { Message?: string };
}

/** An SNS invocation (Records with EventSource aws:sns), as the feedback topic delivers it. */
export const isSnsEvent = (event: unknown): event is { Records: SnsRecord[] } => {
  const records = (event as { Records?: unknown })?.Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((record: SnsRecord) => record?.EventSource === 'aws:sns')
  );
};

/** Records each bounce or complaint; other messages are logged and skipped (SNS would retry a thrown error). */
export const handleMailFeedback = async (core: Core, event: { Records: SnsRecord[] }) => {
  let suppressed = 0;
  for (const record of event.Records) {
    let parsed: z.infer<typeof SesEvent> | undefined;
    try {
      const result = SesEvent.safeParse(JSON.parse(record.Sns?.Message ?? ''));
      parsed = result.success ? result.data : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed) {
      logger.info('mail feedback skipped: not a bounce or complaint');
      continue;
    }
    const outcome =
      parsed.eventType === 'Bounce'
        ? await core.recordMailFeedback({
            kind: 'bounce',
            permanent: parsed.bounce.bounceType === 'Permanent',
            addresses: parsed.bounce.bouncedRecipients.map((recipient) => recipient.emailAddress),
          })
        : await core.recordMailFeedback({
            kind: 'complaint',
            permanent: true,
            addresses: parsed.complaint.complainedRecipients.map((recipient) => recipient.emailAddress),
          });
    suppressed += outcome.suppressed;
  }
  return { suppressed };
};
