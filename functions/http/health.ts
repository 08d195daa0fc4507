// GET /healthz, the same on every function: 200 with what was checked when all is well, 503 when not.
import type { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as z from 'zod';
import { json, problems, responses } from './problem-responses.ts';

export interface HealthReport {
  ok: boolean;
}

const HealthSchema = z
  .object({ ok: z.boolean() })
  .catchall(z.union([z.boolean(), z.string()]))
  .meta({ id: 'Health', description: '`ok`, and what was checked: each dependency true when it answered' });

const describeHealth = describeRoute({
  operationId: 'getHealth',
  tags: ['operations'],
  summary: 'Health: 200 when DynamoDB and S3 answer, 503 when not',
  security: [],
  responses: responses(
    { 200: json('All is well', HealthSchema), 503: json('Something did not answer', HealthSchema) },
    problems(500),
  ),
});

// biome-ignore lint/suspicious/noExplicitAny: any app may answer its health
export const addHealthRoute = (app: Hono<any, any, any>, health: () => Promise<HealthReport>): void => {
  app.get('/healthz', describeHealth, async (c) => {
    const report = await health();
    return c.json(report, report.ok ? 200 : 503);
  });
};
