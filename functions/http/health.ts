// GET /healthz, the same on every function: 200 with what was checked when all is well, 503 when not.
import type { Hono } from 'hono';

export interface HealthReport {
  ok: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: any app may answer its health
export const addHealthRoute = (app: Hono<any, any, any>, health: () => Promise<HealthReport>): void => {
  app.get('/healthz', async (c) => {
    const report = await health();
    return c.json(report, report.ok ? 200 : 503);
  });
};
