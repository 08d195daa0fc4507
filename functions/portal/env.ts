// What every portal handler sees: the core verbs, the signed-in actor (from the session cookie) and the
// reader's language with its formatters.
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

/** One session cookie for the api and the portal: one login serves both. */
export { SESSION_COOKIE } from '../http/session-cookie.ts';
export const LANGUAGE_COOKIE = 'tc_lang';
export const FLASH_COOKIE = 'tc_flash';
export const PORTAL = '/portal';
