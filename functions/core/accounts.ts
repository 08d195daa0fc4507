// Who acts in the system: the issuing chamber, exporter organisations, their users, and sessions.

export type Role = 'exporter' | 'staff' | 'admin';

/** The chamber that issues certificates. One per deployment today; every key is scoped by it. */
export interface Issuer {
  id: string;
  name: string;
  nameLocal: string;
  country: string;
  city: string;
  timeZone: string;
  serialPrefix: string;
  publicBaseUrl: string;
}

export interface PostalAddress {
  street: string;
  city: string;
  postcode?: string | undefined;
  country: string;
}

export interface Organisation {
  id: string;
  issuerId: string;
  name: string;
  address: PostalAddress;
  taxId?: string;
  disabled?: boolean;
  createdAt: string;
}

export interface User {
  id: string;
  issuerId: string;
  email: string;
  name: string;
  role: Role;
  orgId?: string;
  /** An exporter who may invite colleagues into their own organisation. */
  orgAdmin?: boolean;
  disabled?: boolean;
  passwordHash: string;
  createdAt: string;
}

/** A key an exporter's ERP uses instead of a login; only the hash of its secret is stored. */
export interface ApiKey {
  id: string;
  issuerId: string;
  orgId: string;
  name: string;
  secretHash: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** The authenticated caller of a core verb. */
export interface Actor {
  userId: string;
  email: string;
  role: Role;
  orgId?: string;
  orgAdmin?: boolean;
  /** Set when the caller is an ERP using an API key rather than a person. */
  apiKeyId?: string;
}

export interface Session {
  tokenHash: string;
  issuerId: string;
  actor: Actor;
  createdAt: string;
  expiresAt: string;
}

export const formatAddress = (address: PostalAddress): string =>
  [address.street, [address.postcode, address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
