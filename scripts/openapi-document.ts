// The OpenAPI document the api app serves at /openapi.json, generated in-process: no server, no storage. Used by
// npm run lint:openapi and by the contract tests' global setup (docs/api.md).
import { createApiApp } from '../functions/api/app.ts';
import { verifySiblingRoutes } from '../functions/verify/app.tsx';

const notForDocumenting = () => {
  throw new Error('Documenting only: no request reaches the core.');
};

export const apiDocument = async (
  publicBaseUrl = 'https://verify.chamber.example',
): Promise<Record<string, unknown>> => {
  // Building the app reads two settings of the core; /openapi.json touches nothing else, so nothing more is wired.
  const deps = {
    core: { maxAttachmentBytes: 10 * 1024 * 1024, issuer: { publicBaseUrl } },
    chambers: { resolve: notForDocumenting },
    platform: {},
    health: notForDocumenting,
    secureCookies: true,
  } as unknown as Parameters<typeof createApiApp>[0]; // a partial wiring, on purpose: see above
  const app = createApiApp(deps, { siblings: [verifySiblingRoutes] });
  const response = await app.request('/openapi.json');
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
};
