// What every portal handler sees on its context: the core verbs, the signed-in actor (from the session
// cookie) and the reader's language with its formatters; and the path the portal is mounted at.
import type { JSONWebKeySet } from 'jose';
import type { Actor } from '../core/accounts.ts';
import type { Core } from '../core/core.ts';
import type { Formatters } from './formatters.ts';
import type { PortalLanguage, PortalMessages } from './messages/index.ts';

export interface PortalEnv {
  Variables: {
    core: Core;
    /** The issuer's published signing keys (admin overview). */
    publicKeys: () => Promise<JSONWebKeySet>;
    actor: Actor | undefined;
    clientAddress: string | undefined;
    language: PortalLanguage;
    m: PortalMessages;
    format: Formatters;
  };
}

export const PORTAL = '/portal';
