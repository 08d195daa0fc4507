// GET /healthz, the same on every function: 200 with what was checked when all is well, 503 when not.
import type { Context, Hono, MiddlewareHandler } from 'hono';

export interface HealthReport {
  ok: boolean;
}

export const addHealthRoute = (
  // biome-ignore lint/suspicious/noExplicitAny: any app may answer its health
  app: Hono<any, any, any>,
  health: () => Promise<HealthReport>,
  /** The api's OpenAPI description of the route (api/openapi.ts): the other functions' bundles need none. */
  describe?: MiddlewareHandler,
): void => {
  const answer = async (c: Context) => {
    const report = await health();
    return c.json(report, report.ok ? 200 : 503);
  };
  if (describe) app.get('/healthz', describe, answer);
  else app.get('/healthz', answer);
};
