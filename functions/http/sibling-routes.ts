// Another app on the same public origin, as the app beside it knows it: only through what a composition root
// (local/server.ts, a lambda.ts) hands over, so that no app imports another (docs/architecture.md §1).
import type { Hono } from 'hono';

// biome-ignore lint/suspicious/noExplicitAny: any app's routes
export type AnyHono = Hono<any, any, any>;

export interface SiblingRoutes {
  /** The paths it serves under a prefix the two share (e.g. /api/verify/ under /api/): left to its own rules. */
  pathPrefix: string;
  /** Its routes with their OpenAPI descriptions (hono-openapi's describeRoute): its fragment of /openapi.json. */
  routes: AnyHono;
}

export const servedBySibling = (siblings: readonly SiblingRoutes[], path: string): boolean =>
  siblings.some((sibling) => path.startsWith(sibling.pathPrefix));
