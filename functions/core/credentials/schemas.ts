// The JSON Schemas (2020-12) the credentials name in credentialSchema (type JsonSchema), one per credential type,
// served at {origin}/ns/tradecert/schemas/{name}-v1.json. They describe the whole credential, as VC 2.0 asks.
import type { CertificateType } from '../applications/application.ts';

const SCHEMA_NAMES: Record<CertificateType, string> = {
  co: 'certificate-of-origin',
  eur1: 'movement-certificate-eur1',
};
export const SCHEMA_PATH_PREFIX = '/ns/tradecert/schemas/';
export const schemaPath = (type: CertificateType): string =>
  `${SCHEMA_PATH_PREFIX}${SCHEMA_NAMES[type]}-v1.json`;
export const schemaUrl = (publicBaseUrl: string, type: CertificateType): string =>
  `${new URL(publicBaseUrl).origin}${schemaPath(type)}`;
export const schemaTypeOfPath = (path: string): CertificateType | undefined =>
  (Object.keys(SCHEMA_NAMES) as CertificateType[]).find((type) => schemaPath(type) === path);

const string = { type: 'string', minLength: 1 } as const;
const country = { type: 'string', pattern: '^[A-Z]{2,5}$' } as const;
const date = { type: 'string', format: 'date' } as const;
const typed = (name: string, properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', ...required],
  properties: { type: { const: name }, ...properties },
});
const measure = typed(
  'Measure',
  { measureValue: { type: 'number', exclusiveMinimum: 0 }, unitCode: string },
  ['measureValue', 'unitCode'],
);
const packages = typed('Package', { packageCount: { type: 'integer', minimum: 1 }, packageKind: string }, [
  'packageCount',
  'packageKind',
]);
const consignee = typed(
  'TradeParty',
  {
    name: string,
    postalAddress: typed('PostalAddress', { addressText: string, countryCode: country }, [
      'addressText',
      'countryCode',
    ]),
  },
  ['name', 'postalAddress'],
);
const exporter = typed(
  'TradeParty',
  {
    name: string,
    taxId: string,
    postalAddress: typed(
      'PostalAddress',
      { streetAddress: string, cityName: string, postcode: string, countryCode: country },
      ['streetAddress', 'cityName', 'countryCode'],
    ),
  },
  ['name', 'postalAddress'],
);
const transport = typed('TransportMovement', { modeCode: string, transportDetails: string }, ['modeCode']);
const invoices = {
  type: 'array',
  items: typed('Invoice', { invoiceNumber: string, invoiceDate: date }, ['invoiceNumber', 'invoiceDate']),
};
const chamber = typed(
  'Chamber',
  {
    id: { type: 'string', pattern: '^did:web:' },
    name: string,
    nameLocal: string,
    countryCode: country,
    cityName: string,
  },
  ['id', 'name', 'countryCode'],
);
const goodsItem = (type: CertificateType) =>
  typed(
    'ConsignmentItem',
    {
      sequenceNumber: { type: 'integer', minimum: 1 },
      shippingMarks: string,
      goodsDescription: string,
      packages,
      grossMassKg: { type: 'number', exclusiveMinimum: 0 },
      ...(type === 'co'
        ? { hsCode: { type: 'string', pattern: '^\\d{4}(?:\\.?\\d{2}){0,3}$' }, quantity: measure }
        : { otherMeasure: measure }),
    },
    ['sequenceNumber', 'goodsDescription', 'packages', ...(type === 'co' ? ['hsCode', 'quantity'] : [])],
  );

const subject = (type: CertificateType) =>
  typed(
    type === 'co' ? 'CertificateOfOrigin' : 'MovementCertificateEUR1',
    {
      serialNumber: string,
      verificationCode: { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{16}$' },
      issueDate: date,
      issuingChamber: chamber,
      replaces: string,
      exporter,
      consignee,
      originCountry: country,
      destinationCountry: country,
      transport,
      goodsItems: { type: 'array', minItems: 1, items: goodsItem(type) },
      invoices,
      remarks: string,
      ...(type === 'eur1'
        ? {
            preferentialTrade: typed('PreferentialTrade', { betweenParty: country, andParty: country }, [
              'betweenParty',
              'andParty',
            ]),
            declaration: typed('ExporterDeclaration', { declarationPlace: string, declarationDate: date }, [
              'declarationPlace',
              'declarationDate',
            ]),
          }
        : {}),
    },
    [
      'serialNumber',
      'verificationCode',
      'issueDate',
      'issuingChamber',
      'exporter',
      'originCountry',
      'destinationCountry',
      'goodsItems',
      ...(type === 'co' ? ['consignee', 'transport', 'invoices'] : ['preferentialTrade', 'declaration']),
    ],
  );

export const credentialSchemaOf = (publicBaseUrl: string, type: CertificateType) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: schemaUrl(publicBaseUrl, type),
  title: type === 'co' ? 'Certificate of origin credential' : 'Movement certificate EUR.1 credential',
  type: 'object',
  required: [
    '@context',
    'type',
    'issuer',
    'validFrom',
    'credentialSchema',
    'credentialStatus',
    'credentialSubject',
    'relatedResource',
  ],
  properties: {
    '@context': {
      type: 'array',
      items: { type: 'string', format: 'uri' },
      minItems: 2,
      contains: { const: 'https://www.w3.org/ns/credentials/v2' },
    },
    id: { type: 'string', format: 'uri' },
    type: {
      type: 'array',
      items: { type: 'string' },
      allOf: [
        { contains: { const: 'VerifiableCredential' } },
        {
          contains: {
            const: type === 'co' ? 'CertificateOfOriginCredential' : 'MovementCertificateEUR1Credential',
          },
        },
      ],
    },
    name: string,
    issuer: {
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'string', pattern: '^did:web:' }, name: string },
    },
    validFrom: { type: 'string', format: 'date-time' },
    credentialSchema: {
      type: 'object',
      required: ['id', 'type'],
      properties: { id: { const: schemaUrl(publicBaseUrl, type) }, type: { const: 'JsonSchema' } },
    },
    credentialStatus: {
      type: 'object',
      required: ['type', 'statusPurpose', 'statusListIndex', 'statusListCredential'],
      properties: {
        type: { const: 'BitstringStatusListEntry' },
        statusPurpose: { const: 'revocation' },
        statusListIndex: { type: 'string', pattern: '^(0|[1-9][0-9]*)$' },
        statusListCredential: { type: 'string', format: 'uri' },
      },
    },
    credentialSubject: subject(type),
    relatedResource: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'mediaType', 'digestSRI'],
        properties: {
          id: { type: 'string', format: 'uri' },
          mediaType: { const: 'application/pdf' },
          digestSRI: { type: 'string', pattern: '^sha256-[A-Za-z0-9+/]{43}=$' },
        },
      },
    },
  },
});
