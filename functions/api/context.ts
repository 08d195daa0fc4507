// The context every api handler sees: the core verbs, the authenticated actor and the caller's address.
import type { Actor } from '../core/accounts.ts';
import type { Core } from '../core/core.ts';

export interface ApiEnv {
  Variables: {
    core: Core;
    actor: Actor | undefined;
    sessionToken: string | undefined;
    clientAddress: string | undefined;
  };
}
