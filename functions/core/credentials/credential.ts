// Every certificate is also a W3C Verifiable Credential (VC Data Model 2.0, compacted JSON-LD), secured as a
// VC-JOSE-COSE enveloping proof: a compact JWS with typ vc+jwt, signed with the chamber's key and naming it as a
// did:web DID URL (docs/credentials.md). Built from the certificate of record, so it says what the PDF says, and
// it carries the SHA-256 of the sealed PDF so that the two cross-check.
import type { Certificate, CertificateContent } from '../certificates/certificate.ts';
import { CONTEXT_PATH, contextUrl, VC_V2_CONTEXT } from './context.ts';
import { didWebOf } from './did-web.ts';
import { schemaUrl } from './schemas.ts';
import { statusEntryOf } from './status-list-credential.ts';

export const CREDENTIAL_TYPES = {
  co: { credential: 'CertificateOfOriginCredential', subject: 'CertificateOfOrigin' },
  eur1: { credential: 'MovementCertificateEUR1Credential', subject: 'MovementCertificateEUR1' },
} as const;

export const CERTIFICATE_CREDENTIAL_TYPES: readonly string[] = Object.values(CREDENTIAL_TYPES).map(
  (names) => names.credential,
);

/** What the credential needs besides the certificate: where the chamber publishes. */
export interface CredentialIssuer {
  publicBaseUrl: string;
}

const withoutEmpty = <T extends Record<string, unknown>>(record: T): T =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== '')) as T;

const sriOfHex = (sha256Hex: string): string => `sha256-${Buffer.from(sha256Hex, 'hex').toString('base64')}`;

const partyOfConsignee = (consignee: { name: string; address: string; country: string }) => ({
  type: 'TradeParty',
  name: consignee.name,
  postalAddress: { type: 'PostalAddress', addressText: consignee.address, countryCode: consignee.country },
});

const exporterOf = (content: CertificateContent) =>
  withoutEmpty({
    type: 'TradeParty',
    name: content.exporter.name,
    taxId: content.exporter.taxId,
    postalAddress: withoutEmpty({
      type: 'PostalAddress',
      streetAddress: content.exporter.address.street,
      cityName: content.exporter.address.city,
      postcode: content.exporter.address.postcode,
      countryCode: content.exporter.address.country,
    }),
  });

const measure = (value: number, unit: string) => ({ type: 'Measure', measureValue: value, unitCode: unit });

const goodsItemsOf = (content: CertificateContent) =>
  content.type === 'co'
    ? content.data.goods.map((line, index) =>
        withoutEmpty({
          type: 'ConsignmentItem',
          sequenceNumber: index + 1,
          shippingMarks: line.marks,
          goodsDescription: line.description,
          hsCode: line.hsCode,
          packages: { type: 'Package', packageCount: line.packages.count, packageKind: line.packages.kind },
          quantity: measure(line.quantity.value, line.quantity.unit),
          grossMassKg: line.grossMassKg,
        }),
      )
    : content.data.goods.map((line, index) =>
        withoutEmpty({
          type: 'ConsignmentItem',
          sequenceNumber: index + 1,
          shippingMarks: line.marks,
          goodsDescription: line.description,
          packages: { type: 'Package', packageCount: line.packages.count, packageKind: line.packages.kind },
          grossMassKg: line.grossMassKg,
          otherMeasure: line.otherMeasure
            ? measure(line.otherMeasure.value, line.otherMeasure.unit)
            : undefined,
        }),
      );

const subjectOf = (certificate: Certificate, did: string) => {
  const { content } = certificate;
  const { data } = content;
  return withoutEmpty({
    type: CREDENTIAL_TYPES[content.type].subject,
    serialNumber: certificate.serial,
    verificationCode: certificate.code,
    issueDate: content.issueDate,
    issuingChamber: {
      type: 'Chamber',
      id: did,
      name: content.issuer.name,
      nameLocal: content.issuer.nameLocal,
      countryCode: content.issuer.country,
      cityName: content.issuer.city,
    },
    replaces: content.replaces,
    exporter: exporterOf(content),
    consignee: data.consignee ? partyOfConsignee(data.consignee) : undefined,
    originCountry: data.originCountry,
    destinationCountry: data.destinationCountry,
    preferentialTrade:
      content.type === 'eur1'
        ? {
            type: 'PreferentialTrade',
            betweenParty: content.data.preferentialTrade.between,
            andParty: content.data.preferentialTrade.and,
          }
        : undefined,
    transport: data.transport
      ? withoutEmpty({
          type: 'TransportMovement',
          modeCode: data.transport.mode,
          transportDetails: data.transport.details,
        })
      : undefined,
    goodsItems: goodsItemsOf(content),
    invoices: data.invoices?.map((invoice) => ({
      type: 'Invoice',
      invoiceNumber: invoice.number,
      invoiceDate: invoice.date,
    })),
    declaration:
      content.type === 'eur1'
        ? {
            type: 'ExporterDeclaration',
            declarationPlace: content.data.declaration.place,
            declarationDate: content.data.declaration.date,
          }
        : undefined,
    remarks: data.remarks,
  });
};

export type CertificateCredential = ReturnType<typeof buildCredential>;

/**
 * The credential of an issued certificate: needs its PDF's SHA-256 and its status-list index, so it is built
 * when the certificate is committed (docs/architecture.md §3, step 4) and stored with it.
 */
export const buildCredential = (
  certificate: Certificate & { sha256: string; statusListIndex: number },
  issuer: CredentialIssuer,
) => {
  const base = issuer.publicBaseUrl.replace(/\/$/, '');
  const did = didWebOf(base);
  const names = CREDENTIAL_TYPES[certificate.type];
  return {
    '@context': [VC_V2_CONTEXT, contextUrl(base)],
    id: `${base}/v/${certificate.code}/vc`,
    type: ['VerifiableCredential', names.credential],
    name: `${certificate.type === 'co' ? 'Certificate of origin' : 'Movement certificate EUR.1'} ${certificate.serial}`,
    issuer: { id: did, name: certificate.content.issuer.name },
    validFrom: certificate.issuedAt,
    credentialSchema: { id: schemaUrl(base, certificate.type), type: 'JsonSchema' },
    credentialStatus: statusEntryOf(base, certificate.statusListIndex),
    credentialSubject: subjectOf(certificate, did),
    relatedResource: [
      {
        id: `${base}/api/certificates/${certificate.serial}/pdf`,
        mediaType: 'application/pdf',
        digestSRI: sriOfHex(certificate.sha256),
      },
    ],
  };
};

export { CONTEXT_PATH };
