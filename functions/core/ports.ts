// What the core needs from the outside world, stated as interfaces. Adapters implement them; config/deps.ts wires them.
import type { JSONWebKeySet } from 'jose';
import type { Issuer, Organisation, Session, User } from './accounts.ts';
import type { Application, ApplicationStatus, CertificateType } from './applications/application.ts';
import type { AuditEvent } from './applications/audit-event.ts';
import type { Certificate, SerialSeries } from './certificates/certificate.ts';

export interface Clock {
  now(): Date;
}

export interface RandomSource {
  /** A unique, unguessable identifier (for applications, users, organisations). */
  id(): string;
  bytes(length: number): Uint8Array;
}

export interface AccountRepository {
  putOrganisation(organisation: Organisation): Promise<void>;
  getOrganisation(issuerId: string, orgId: string): Promise<Organisation | undefined>;
  /** Creates a user; fails with a conflict when the email is taken. */
  createUser(user: User): Promise<void>;
  findUserByEmail(issuerId: string, email: string): Promise<User | undefined>;
}

export interface SessionRepository {
  create(session: Session): Promise<void>;
  get(issuerId: string, tokenHash: string): Promise<Session | undefined>;
  delete(issuerId: string, tokenHash: string): Promise<void>;
}

export interface ApplicationTransition {
  /** The application as read; the write is conditional on its status and version. */
  current: Application;
  next: Application;
  event: AuditEvent;
}

export interface ApplicationRepository {
  create(application: Application, event: AuditEvent): Promise<void>;
  get(issuerId: string, id: string): Promise<Application | undefined>;
  /** One conditional write; VERSION_CONFLICT or INVALID_TRANSITION when the stored application moved on. */
  transition(transition: ApplicationTransition): Promise<void>;
  events(issuerId: string, id: string): Promise<AuditEvent[]>;
}

export interface Reservation extends ApplicationTransition {
  series: SerialSeries;
  /** The series counter as read; the reservation only succeeds if it still holds this value. */
  counter: number;
  certificate: Certificate;
}

export type ReservationResult = { reserved: true } | { reserved: false; reason: 'SERIAL_TAKEN' };

export interface Commit extends ApplicationTransition {
  certificate: Certificate;
}

export interface CertificateRepository {
  currentSerialNumber(series: SerialSeries): Promise<number>;
  /** One transaction: application SUBMITTED → ISSUING, counter + 1, serial claimed, certificate created. */
  reserve(reservation: Reservation): Promise<ReservationResult>;
  /** One transaction: certificate and application ISSUING → ISSUED, hash lookup recorded. */
  commit(commit: Commit): Promise<void>;
  findByCode(issuerId: string, code: string): Promise<Certificate | undefined>;
  findBySerial(issuerId: string, serial: string): Promise<Certificate | undefined>;
}

export interface StoredObject {
  key: string;
  versionId?: string;
}

export interface ObjectStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<StoredObject>;
  get(key: string): Promise<Uint8Array | undefined>;
}

export interface JwsSigner {
  /** RFC 7638 thumbprint of the public key. */
  readonly kid: string;
  /** Compact JWS (ES256, header `kid`) over the payload. */
  sign(payload: Uint8Array): Promise<string>;
}

export interface KeyRing {
  activeSigner(): Promise<JwsSigner>;
  /** Active and retired public keys: a retired key still verifies what it signed. */
  publicKeys(): Promise<JSONWebKeySet>;
}

export interface CertificateTemplate {
  type: CertificateType;
  pdf: Uint8Array;
  manifest: TemplateManifest;
}

export interface TemplateManifest {
  type: CertificateType;
  fields: Record<string, { fontSize: number; minFontSize: number; multiline: boolean; bold?: boolean }>;
  goodsColumns: { key: string; width: number; align?: 'left' | 'right' }[];
}

export interface TemplateSource {
  load(type: CertificateType): Promise<CertificateTemplate>;
  fonts(): Promise<{ regular: Uint8Array; bold: Uint8Array }>;
}

export interface IssuerDirectory {
  issuer: Issuer;
}

export type { ApplicationStatus };
