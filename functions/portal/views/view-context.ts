// What every view needs from the request: the words, the formatters, who is reading and where they are.
import type { Context } from 'hono';
import type { Actor } from '../../core/accounts.ts';
import type { PortalEnv } from '../context.ts';
import type { Formatters } from '../formatters.ts';
import type { PortalLanguage, PortalMessages } from '../messages/index.ts';

export interface View {
  m: PortalMessages;
  format: Formatters;
  language: PortalLanguage;
  actor: Actor | undefined;
  path: string;
  flash: string | undefined;
  /** The chamber whose portal this is, in the reader's language where it has one (docs/network.md §3). */
  chamberName: string | undefined;
}

export const viewOf = (c: Context<PortalEnv>, flash?: string): View => ({
  m: c.var.m,
  format: c.var.format,
  language: c.var.language,
  actor: c.var.actor,
  path: c.req.path,
  flash,
  chamberName: c.var.core
    ? c.var.language === 'en'
      ? c.var.core.issuer.name
      : c.var.core.issuer.nameLocal
    : undefined,
});
