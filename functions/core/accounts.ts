// Who acts in the system: the issuing chamber, exporter organisations, their users, and sessions.

/** `operator` runs the network: it belongs to no chamber (docs/network.md §2). */
export type Role = 'exporter' | 'staff' | 'admin' | 'operator';

/** The chamber that issues certificates (its record: core/network/chamber.ts); every key is scoped by it. */
export interface Issuer {
  id: string;
  name: string;
  nameLocal: string;
  country: string;
  city: string;
  timeZone: string;
  serialPrefix: string;
  publicBaseUrl: string;
  /** Absent: active. A suspended or withdrawn chamber approves nothing (CHAMBER_NOT_ACTIVE). */
  status?: 'active' | 'suspended' | 'withdrawn';
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
  /**
   * Raised each time the organisation is disabled: sessions and API keys made under an older epoch are over
   * for good, so enabling the organisation again brings none of them back (docs/security.md, "How sessions and
   * keys end"). Absent means 0.
   */
  sessionEpoch?: number;
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
  /** An exporter who may sign the exporter's declaration, i.e. submit applications (docs/legal.md §8). */
  signatory?: Signatory;
  disabled?: boolean;
  passwordHash: string;
  /** Set by an administrator's create or reset: until the user chooses a password, a session may only do that. */
  passwordChangeRequired?: boolean;
  passwordChangedAt?: string;
  /** Raised when the user is disabled, changes or is given a password: older sessions are over. Absent means 0. */
  sessionEpoch?: number;
  /** Raised when the user is disabled: API keys the user created before are over for good. Absent means 0. */
  keyEpoch?: number;
  createdAt: string;
}

/**
 * The right to sign the exporter's declaration, as the organisation registered it: the person's full name and
 * function as printed on the certificate, and when and by whom it was granted. Revoking removes it; granting
 * again gives a new `grantedAt`, which ends what was bound to the old grant (API keys).
 */
export interface Signatory {
  fullName: string;
  function: string;
  grantedAt: string;
  grantedBy: string;
}

/**
 * The exporter's declaration as made by submitting (docs/legal.md §8): who signed it, in what function, where and
 * when, and through which API key when an ERP submitted in the signatory's name.
 */
export interface Declaration {
  signatoryId: string;
  name: string;
  function: string;
  place: string;
  at: string;
  apiKeyId?: string;
}

/** A key an exporter's ERP uses instead of a login; only the hash of its secret is stored. */
export interface ApiKey {
  id: string;
  issuerId: string;
  orgId: string;
  name: string;
  secretHash: string;
  createdBy: string;
  /** The creator's keyEpoch and the organisation's sessionEpoch when the key was made (absent: 0). */
  creatorKeyEpoch?: number;
  orgEpoch?: number;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
  /**
   * The authorised signatory in whose name the key declares when it submits, and the grant it was bound to:
   * unbound keys, and keys whose signatory's grant was revoked or replaced since, cannot submit.
   */
  signatory?: { userId: string; grantedAt: string };
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
  /** The person must choose a new password before anything else (PASSWORD_CHANGE_REQUIRED). */
  passwordChangeRequired?: boolean;
}

export interface Session {
  tokenHash: string;
  issuerId: string;
  actor: Actor;
  /** The user's and organisation's sessionEpoch at login: a session of an older epoch is over. Absent: 0. */
  userEpoch?: number;
  orgEpoch?: number;
  createdAt: string;
  expiresAt: string;
}

export const formatAddress = (address: PostalAddress): string =>
  [address.street, [address.postcode, address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
