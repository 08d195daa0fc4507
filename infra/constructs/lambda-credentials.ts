// Bundled in place of `@aws-sdk/credential-provider-node` (an esbuild alias, see bundling.ts). On Lambda the
// execution role's credentials are always in the environment, which is the first place the SDK's default
// chain looks; the rest of that chain (SSO, INI files, web identity, container and instance metadata, with
// the STS and SSO clients they carry) can never succeed there and would only weigh on every cold start.
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
