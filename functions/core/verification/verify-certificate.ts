// Public verification: what anyone holding a certificate (or its QR) may learn, and nothing more.
import type { JSONWebKeySet } from 'jose';
import type { Certificate, CertificateStatus } from '../certificates/certificate.ts';
import { VERIFICATION_CODE_PATTERN } from '../certificates/certificate.ts';
import { CERTIFICATE_CREDENTIAL_TYPES } from '../credentials/credential.ts';
import { didDocumentOf, didWebOf } from '../credentials/did-web.ts';
import { checkCredential } from '../credentials/secure-credential.ts';
import type { CertificateRepository, KeyRing } from '../ports.ts';
import { buildSealClaims, checkSeal, claimsMatchContent, type SealClaims } from '../sealing/qr-seal.ts';

export type VerificationStatus =
  | 'VALID'
  | 'REVOKED'
  | 'SUPERSEDED'
  | 'NOT_FOUND'
  | 'TAMPERED'
  | 'UNKNOWN_KEY'
  /** The seal names a chamber that is neither hosted here nor an active or suspended network member. */
  | 'UNKNOWN_ISSUER';

/** A certificate of another member of the network, checked through the trust list (docs/network.md §6). */
export interface NetworkFacts {
  issuer: { id: string; name: string; nameLocal: string; country: string; verifyBaseUrl: string };
  /** What the verified seal says: another deployment's record is not readable from here. */
  seal: {
    serial: string;
    type: string;
    issueDate: string;
    exporter: string;
    origin: string;
    destination: string;
  };
  /** The member's signed revocation list the status comes from. */
  statusList: { issuedAt: string; nextUpdate: string };
  /** The serial that replaced it, as the member's revocation list says. */
  replacedBySerial?: string;
  trustListVersion: number;
}

/** The facts printed on the certificate that a customs officer compares with the paper. */
export interface PublicCertificate {
  serial: string;
  code: string;
  type: string;
  issuedAt: string;
  issueDate: string;
  issuer: { name: string; nameLocal: string; country: string };
  exporter: { name: string; country: string };
  /** Absent on an EUR.1 without box 3. */
  consignee?: { name: string; country: string };
  originCountry: string;
  destinationCountry: string;
  goods: {
    description: string;
    hsCode: string;
    packages: string;
    quantity: string;
    /** The numbers behind `packages` and `quantity`, so that a page can write them in its reader's locale. */
    figures: { packageCount: number; packageKind: string; measures: { value: number; unit: string }[] };
  }[];
  keyId: string;
}

export interface Verification {
  status: VerificationStatus;
  certificate?: PublicCertificate;
  revokedAt?: string;
  reason?: string;
  /** The certificate issued to replace this one: on a SUPERSEDED one, and on a REVOKED one, which stays REVOKED. */
  replacedBy?: { serial: string; code: string };
  /** Only on SUPERSEDED, the same as `replacedBy`; kept for readers written before `replacedBy`. */
  supersededBy?: { serial: string; code: string };
  /** Where the certificate's Verifiable Credential is, relative to the chamber's base URL, when it has one. */
  links?: { credential: string };
  /** What the QR seal of this certificate must say; the page's script compares the scanned seal with it. */
  expectedSeal?: { kid: string; claims: SealClaims };
  /** On a certificate of another network member. */
  network?: NetworkFacts;
  /** The issuing member is suspended: the outcome stands, the reader is told. */
  warning?: { code: 'ISSUER_SUSPENDED'; since: string | null };
  /**
   * On a check by file or file hash: which archive version of the certificate's PDF this file is (docs/legal.md
   * §5). Renewals append archive timestamps, so an earlier version is a byte prefix of the newest and proves the
   * same; the status is the certificate's current one either way.
   */
  file?: { version: number; versions: number; latest: boolean };
}

export interface VerificationDeps {
  issuerId: string;
  issuer: { publicBaseUrl: string };
  clock?: { now(): Date };
  certificates: Pick<
    CertificateRepository,
    'findByCode' | 'findBySerial' | 'findByPdfHash' | 'getStatusList'
  >;
  keys: Pick<KeyRing, 'publicKeys'>;
}

const STATUS_OF: Record<Exclude<CertificateStatus, 'ISSUING'>, VerificationStatus> = {
  ISSUED: 'VALID',
  REVOKED: 'REVOKED',
  SUPERSEDED: 'SUPERSEDED',
};

/** Codes are read off paper: accept lower case, spaces, hyphens and the Crockford look-alikes O, I, L. */
export const normaliseCode = (code: string): string =>
  code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

export const publicView = (certificate: Certificate): PublicCertificate => {
  const { content } = certificate;
  return {
    serial: certificate.serial,
    code: certificate.code,
    type: certificate.type,
    issuedAt: certificate.issuedAt,
    issueDate: content.issueDate,
    issuer: {
      name: content.issuer.name,
      nameLocal: content.issuer.nameLocal,
      country: content.issuer.country,
    },
    exporter: { name: content.exporter.name, country: content.exporter.address.country },
    ...(content.data.consignee
      ? { consignee: { name: content.data.consignee.name, country: content.data.consignee.country } }
      : {}),
    originCountry: content.data.originCountry,
    destinationCountry: content.data.destinationCountry,
    goods:
      content.type === 'co'
        ? content.data.goods.map((line) => ({
            description: line.description,
            hsCode: line.hsCode,
            packages: `${line.packages.count} × ${line.packages.kind}`,
            quantity: `${line.quantity.value} ${line.quantity.unit}`,
            figures: {
              packageCount: line.packages.count,
              packageKind: line.packages.kind,
              measures: [{ value: line.quantity.value, unit: line.quantity.unit }],
            },
          }))
        : content.data.goods.map((line) => ({
            description: line.description,
            hsCode: '',
            packages: `${line.packages.count} × ${line.packages.kind}`,
            quantity: [
              line.grossMassKg === undefined ? '' : `${line.grossMassKg} kg`,
              line.otherMeasure ? `${line.otherMeasure.value} ${line.otherMeasure.unit}` : '',
            ]
              .filter(Boolean)
              .join(', '),
            figures: {
              packageCount: line.packages.count,
              packageKind: line.packages.kind,
              measures: [
                ...(line.grossMassKg === undefined ? [] : [{ value: line.grossMassKg, unit: 'kg' }]),
                ...(line.otherMeasure
                  ? [{ value: line.otherMeasure.value, unit: line.otherMeasure.unit }]
                  : []),
              ],
            },
          })),
    keyId: certificate.keyId,
  };
};

/** The replacement's serial and code; certificates replaced before `replacedBy` existed carry `supersededBy`. */
const replacementOf = (certificate: Certificate): { serial: string; code: string } | undefined => {
  const link = certificate.replacedBy ?? certificate.supersededBy;
  return link ? { serial: link.serial, code: link.code } : undefined;
};

const outcome = (certificate: Certificate | undefined): Verification => {
  if (!certificate || certificate.status === 'ISSUING') return { status: 'NOT_FOUND' };
  const replacement = replacementOf(certificate);
  return {
    status: STATUS_OF[certificate.status],
    certificate: publicView(certificate),
    ...(certificate.revocation
      ? { revokedAt: certificate.revocation.at, reason: certificate.revocation.reason }
      : {}),
    ...(replacement ? { replacedBy: replacement } : {}),
    ...(replacement && certificate.status === 'SUPERSEDED' ? { supersededBy: replacement } : {}),
    ...(certificate.credential ? { links: { credential: `/v/${certificate.code}/vc` } } : {}),
    expectedSeal: { kid: certificate.keyId, claims: buildSealClaims(certificate.content) },
  };
};

/** Unknown and malformed codes take the same path (one lookup) as known ones, so timing tells nothing. */
export const verifyCode =
  (deps: VerificationDeps) =>
  async (code: string): Promise<Verification> => {
    const normalised = normaliseCode(code);
    const found = await deps.certificates.findByCode(
      deps.issuerId,
      normalised.replace(/[^0-9A-Z]/g, '').slice(0, 32),
    );
    return VERIFICATION_CODE_PATTERN.test(normalised) ? outcome(found) : { status: 'NOT_FOUND' };
  };

/** Is this exactly the PDF that was issued? Only its SHA-256 is needed, so the document itself never has to leave the user. */
export const verifyPdfHash =
  (deps: VerificationDeps) =>
  async (sha256: string): Promise<Verification> => {
    const hash = sha256.toLowerCase();
    const found = await deps.certificates.findByPdfHash(deps.issuerId, hash);
    const result = outcome(found);
    if (!found || result.status === 'NOT_FOUND') return result;
    const versions = [...(found.archiveVersions ?? []).map((version) => version.sha256), found.sha256];
    const index = versions.indexOf(hash);
    // a lookup item that names a certificate none of whose versions has this hash is not an answer
    if (index === -1) return { status: 'NOT_FOUND' };
    return {
      ...result,
      file: { version: index + 1, versions: versions.length, latest: index === versions.length - 1 },
    };
  };

export const currentStatusList = (deps: VerificationDeps) => () =>
  deps.certificates.getStatusList(deps.issuerId);

/** Checks a QR seal: signature by a published key, claims matching the record, and the record's status. */
export const verifySeal =
  (deps: VerificationDeps) =>
  async (jws: string): Promise<Verification> => {
    const jwks: JSONWebKeySet = await deps.keys.publicKeys();
    const seal = await checkSeal(jws.trim(), jwks);
    if (seal.outcome !== 'VALID') return { status: seal.outcome };
    if (seal.claims.iss !== deps.issuerId) return { status: 'NOT_FOUND' };
    const certificate = await deps.certificates.findBySerial(deps.issuerId, seal.claims.sn);
    if (!certificate || certificate.status === 'ISSUING') return { status: 'NOT_FOUND' };
    if (!claimsMatchContent(seal.claims, certificate.content) || certificate.keyId !== seal.kid) {
      return { status: 'TAMPERED' };
    }
    return outcome(certificate);
  };

/** The chamber's DID document: its current and retired keys as JsonWebKey verification methods. */
export const chamberDidDocument = (deps: VerificationDeps) => async () =>
  didDocumentOf(didWebOf(deps.issuer.publicBaseUrl), await deps.keys.publicKeys());

/**
 * Checks a certificate credential (vc+jwt): typ, signature by a key of the chamber's DID document, issuer DID ↔
 * key, type and validity, then that it is exactly the credential stored with the certificate, and the record's
 * status, which is what the status list says too. The outcomes are the other verify routes' (§4).
 */
export const verifyCredential =
  (deps: VerificationDeps) =>
  async (jwt: string): Promise<Verification> => {
    const document = await chamberDidDocument(deps)();
    const check = await checkCredential({
      jwt,
      resolve: (did) => (did === document.id ? document : undefined),
      acceptedTypes: CERTIFICATE_CREDENTIAL_TYPES,
      now: deps.clock?.now() ?? new Date(),
    });
    if (check.outcome === 'UNKNOWN_KEY') return { status: 'UNKNOWN_KEY' };
    if (check.outcome === 'TAMPERED') return { status: 'TAMPERED' };
    const serial = check.credential.credentialSubject.serialNumber;
    const certificate =
      typeof serial === 'string' ? await deps.certificates.findBySerial(deps.issuerId, serial) : undefined;
    if (!certificate || certificate.status === 'ISSUING' || !certificate.credential)
      return { status: 'NOT_FOUND' };
    // only the chamber signs, and it signs a certificate's credential once: any other payload is not the record's
    if (certificate.credential.split('.')[1] !== jwt.trim().split('.')[1]) return { status: 'TAMPERED' };
    return outcome(certificate);
  };

/** The stored credential of a certificate, for whoever holds its verification code (they hold its QR). */
export const credentialByCode =
  (deps: VerificationDeps) =>
  async (code: string): Promise<string | undefined> => {
    const normalised = normaliseCode(code);
    // one lookup for every code, as verifyCode does, so that timing tells nothing
    const found = await deps.certificates.findByCode(
      deps.issuerId,
      normalised.replace(/[^0-9A-Z]/g, '').slice(0, 32),
    );
    if (!VERIFICATION_CODE_PATTERN.test(normalised)) return undefined;
    return found && found.status !== 'ISSUING' ? found.credential : undefined;
  };
