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
  postcode?: string;
  country: string;
}

export interface Organisation {
  id: string;
  issuerId: string;
  name: string;
  address: PostalAddress;
  taxId?: string;
  createdAt: string;
}

export interface User {
  id: string;
  issuerId: string;
  email: string;
  name: string;
  role: Role;
  orgId?: string;
  passwordHash: string;
  createdAt: string;
}

/** The authenticated caller of a core verb. */
export interface Actor {
  userId: string;
  email: string;
  role: Role;
  orgId?: string;
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
