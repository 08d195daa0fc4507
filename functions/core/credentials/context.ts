// The tradecert JSON-LD context, version 1, served at {origin}/ns/tradecert/v1 and bundled with the service.
// Every term a credential uses is defined here or in the VC 2.0 context: no @vocab, so a JSON-LD processor drops
// nothing (test/unit/credential-interop.test.ts expands credentials in safe mode). Term names follow the UN/CEFACT
// Buy-Ship-Pay vocabulary (exporter, consignee, origin and destination country, consignment items with their HS
// code, packages, quantity and gross mass, invoices); their IRIs are in tradecert's own, deployment-independent
// namespace, so that two chambers' credentials mean the same. A change of meaning is a new version (v2), never
// an edit of v1: a credential signed against v1 must keep its meaning.

export const CONTEXT_PATH = '/ns/tradecert/v1';
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The namespace of tradecert's terms. */
export const VOCABULARY = 'urn:tradecert:vocab:v1#';

/** The context's URL: at the origin, since it is the same for every chamber on a host. */
export const contextUrl = (publicBaseUrl: string): string =>
  `${new URL(publicBaseUrl).origin}${CONTEXT_PATH}`;

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const term = (name: string, type?: string) => ({ '@id': `tc:${name}`, ...(type ? { '@type': type } : {}) });
const text = (name: string) => term(name);
const date = (name: string) => term(name, `${XSD}date`);
const integer = (name: string) => term(name, `${XSD}integer`);
const decimal = (name: string) => term(name, `${XSD}decimal`);
const node = (name: string) => term(name, '@id');
const list = (name: string) => ({ '@id': `tc:${name}`, '@container': '@list' });

export const TRADECERT_CONTEXT = {
  '@context': {
    '@version': 1.1,
    '@protected': true,
    tc: VOCABULARY,
    CertificateOfOriginCredential: 'tc:CertificateOfOriginCredential',
    MovementCertificateEUR1Credential: 'tc:MovementCertificateEUR1Credential',
    CertificateOfOrigin: 'tc:CertificateOfOrigin',
    MovementCertificateEUR1: 'tc:MovementCertificateEUR1',
    Chamber: 'tc:Chamber',
    TradeParty: 'tc:TradeParty',
    PostalAddress: 'tc:PostalAddress',
    TransportMovement: 'tc:TransportMovement',
    ConsignmentItem: 'tc:ConsignmentItem',
    Package: 'tc:Package',
    Measure: 'tc:Measure',
    Invoice: 'tc:Invoice',
    PreferentialTrade: 'tc:PreferentialTrade',
    ExporterDeclaration: 'tc:ExporterDeclaration',
    serialNumber: text('serialNumber'),
    verificationCode: text('verificationCode'),
    issueDate: date('issueDate'),
    issuingChamber: node('issuingChamber'),
    replaces: text('replaces'),
    exporter: node('exporter'),
    consignee: node('consignee'),
    nameLocal: text('nameLocal'),
    taxId: text('taxId'),
    postalAddress: node('postalAddress'),
    streetAddress: text('streetAddress'),
    addressText: text('addressText'),
    cityName: text('cityName'),
    postcode: text('postcode'),
    countryCode: text('countryCode'),
    originCountry: text('originCountry'),
    destinationCountry: text('destinationCountry'),
    preferentialTrade: node('preferentialTrade'),
    betweenParty: text('betweenParty'),
    andParty: text('andParty'),
    transport: node('transport'),
    modeCode: text('modeCode'),
    transportDetails: text('transportDetails'),
    goodsItems: list('goodsItems'),
    sequenceNumber: integer('sequenceNumber'),
    shippingMarks: text('shippingMarks'),
    goodsDescription: text('goodsDescription'),
    hsCode: text('hsCode'),
    packages: node('packages'),
    packageCount: integer('packageCount'),
    packageKind: text('packageKind'),
    quantity: node('quantity'),
    otherMeasure: node('otherMeasure'),
    measureValue: decimal('measureValue'),
    unitCode: text('unitCode'),
    grossMassKg: decimal('grossMassKg'),
    invoices: list('invoices'),
    invoiceNumber: text('invoiceNumber'),
    invoiceDate: date('invoiceDate'),
    declaration: node('declaration'),
    declarationPlace: text('declarationPlace'),
    declarationDate: date('declarationDate'),
    remarks: text('remarks'),
  },
} as const;
