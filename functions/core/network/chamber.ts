// A chamber (the core's Issuer) is data: one record per chamber a deployment hosts, created by the platform
// operator (docs/network.md §1). The first chamber is migrated from the ISSUER_* configuration with its id
// unchanged, so that every key, certificate and QR printed before stays valid (no data moves).
import * as z from 'zod';
import type { Issuer } from '../accounts.ts';
import { CountryCode } from '../countries.ts';
import { CAPTION_LANGUAGES } from '../rendering/caption-languages.ts';

/** Ids are part of every storage key and of every certificate's `iss`: stable, lower-case, never reused. */
export const ChamberId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be 2–40 lower-case letters, digits or hyphens');

/**
 * The operator's own scope: operator accounts and sessions live under this id, which no chamber may take. The
 * others are words of the path form (/c/<id>/…) and of the shared domain.
 */
export const PLATFORM_SCOPE = 'platform';
export const RESERVED_CHAMBER_IDS: readonly string[] = [PLATFORM_SCOPE, 'c', 'api', 'www', 'portal', 'v'];

export const CHAMBER_STATUSES = ['active', 'suspended', 'withdrawn'] as const;
export type ChamberStatus = (typeof CHAMBER_STATUSES)[number];

// How the public verification page tells a reader to reach the chamber (the ISSUER_ADDRESS, … rules too).
export const ChamberAddress = z.string().min(2).max(200);
export const ChamberPhone = z
  .string()
  .regex(/^\+?[0-9 ()/-]{5,30}$/, 'must be a phone number such as +389 2 000 0000');
export const ChamberEmail = z.email({ message: 'must be an e-mail address' });
export const ChamberWeb = z.url({
  protocol: /^https?$/,
  message: 'must be a URL such as https://chamber.example',
});

export const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** A host name a chamber answers on (its own domain, or `<id>.localhost` locally): lower case, no port. */
export const ChamberHost = z
  .string()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'must be a host name such as certificates.chamber.example',
  );

/** Caption languages of a chamber's certificates, local first: those with a complete caption set. */
export const LabelLanguages = z
  .array(z.enum(CAPTION_LANGUAGES, { message: `must be one of ${CAPTION_LANGUAGES.join(', ')}` }))
  .min(1)
  .max(2)
  .refine((pair) => pair.length < 2 || pair[0] !== pair[1], 'must be two different languages');

export interface ChamberContact {
  address: string;
  phone: string;
  email: string;
  web: string;
}

/** On AWS: the chamber's KMS keys when they are not the convention's aliases (the migrated first chamber). */
export interface ChamberKmsKeys {
  /** The active signing key first, then retired keys that still verify. */
  signingKeyIds?: string[];
  sealKeyId?: string;
  /** PEM certificates of the seal, the seal certificate first. */
  sealCertificateChain?: string;
}

export interface Chamber extends Issuer {
  contact: ChamberContact;
  /** Caption languages of its certificates, local first. */
  labelLanguages: string[];
  /** Hosts that route to this chamber besides the path form /c/<id>/ (lower case, no port). */
  hosts: string[];
  status: ChamberStatus;
  /** Since when the status holds (the trust list and the verification page show it). */
  statusSince: string;
  kms?: ChamberKmsKeys;
  /** Raised by every change: a process rebuilds its per-chamber wiring when it sees a newer one. */
  version: number;
  createdAt: string;
}

/** What the operator gives to create a chamber (POST /api/chambers). */
export const ChamberFields = z.strictObject({
  id: ChamberId.refine((id) => !RESERVED_CHAMBER_IDS.includes(id), 'is reserved'),
  name: z.string().trim().min(2).max(120),
  nameLocal: z.string().trim().min(2).max(120),
  country: CountryCode,
  city: z.string().trim().min(2).max(60),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Tirane'),
  serialPrefix: z.string().regex(/^[A-Z0-9]{1,10}$/, 'must be 1–10 upper-case letters or digits'),
  labelLanguages: LabelLanguages,
  contact: z.strictObject({
    address: ChamberAddress,
    phone: ChamberPhone,
    email: ChamberEmail,
    web: ChamberWeb,
  }),
  hosts: z.array(ChamberHost).max(10).default([]),
  /** Where its QR codes point; by default the deployment's base URL with the path form /c/<id>. */
  publicBaseUrl: z
    .url({
      protocol: /^https?$/,
      message: 'must be an absolute URL such as https://certificates.chamber.example',
    })
    .optional(),
});
export type ChamberFieldsInput = z.input<typeof ChamberFields>;

export const CHAMBER_PATH_PREFIX = '/c/';

/** The chamber's base URL on a shared deployment: the path form (docs/network.md §3). */
export const pathFormBaseUrl = (deploymentBaseUrl: string, chamberId: string) =>
  `${deploymentBaseUrl.replace(/\/$/, '')}${CHAMBER_PATH_PREFIX}${chamberId}`;

/** The issuer fields the core's verbs read. */
export const issuerOfChamber = (chamber: Chamber): Issuer => ({
  id: chamber.id,
  name: chamber.name,
  nameLocal: chamber.nameLocal,
  country: chamber.country,
  city: chamber.city,
  timeZone: chamber.timeZone,
  serialPrefix: chamber.serialPrefix,
  publicBaseUrl: chamber.publicBaseUrl,
  status: chamber.status,
});

/** What anyone may know of a chamber: the operator's list and the network's member export show this. */
export const chamberView = (chamber: Chamber) => ({
  id: chamber.id,
  name: chamber.name,
  nameLocal: chamber.nameLocal,
  country: chamber.country,
  city: chamber.city,
  timeZone: chamber.timeZone,
  serialPrefix: chamber.serialPrefix,
  labelLanguages: chamber.labelLanguages,
  contact: chamber.contact,
  hosts: chamber.hosts,
  publicBaseUrl: chamber.publicBaseUrl,
  status: chamber.status,
  statusSince: chamber.statusSince,
  version: chamber.version,
  createdAt: chamber.createdAt,
});
