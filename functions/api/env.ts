// The context every api handler sees: the core verbs and the authenticated actor.
import type { Actor } from '../core/accounts.ts';
import type { Core } from '../core/core.ts';

export interface ApiEnv {
  Variables: {
    core: Core;
    actor: Actor | undefined;
    sessionToken: string | undefined;
  };
}

export const SESSION_COOKIE = 'tc_session';
