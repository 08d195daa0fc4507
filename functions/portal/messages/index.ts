// Every word the portal shows, one catalogue per language (en.ts is the reference, mk.ts and sq.ts match it
// key for key), and the choice of language: ?lang= (remembered in a cookie) or Accept-Language.
import { chooseLanguage } from '../../http/languages.ts';
import { en, type PortalMessages } from './en.ts';
import { mk } from './mk.ts';
import { sq } from './sq.ts';

export type { PortalMessages } from './en.ts';

export const PORTAL_LANGUAGES = ['en', 'mk', 'sq'] as const;
export type PortalLanguage = (typeof PORTAL_LANGUAGES)[number];

export const PORTAL_MESSAGES: Record<PortalLanguage, PortalMessages> = { en, mk, sq };

/** ?lang= first, then the remembered choice, then the browser's preferences; English otherwise. */
export const choosePortalLanguage = (
  query: string | undefined,
  remembered: string | undefined,
  acceptLanguage: string | undefined,
): PortalLanguage => chooseLanguage(PORTAL_LANGUAGES, [query, remembered], acceptLanguage, 'en');
