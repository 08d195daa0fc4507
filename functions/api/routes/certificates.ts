// Issued certificates for their owner organisation and for staff: list, metadata and the sealed PDF.
import { Hono } from 'hono';
import * as z from 'zod';
import { REVOCATION_REASONS } from '../../core/certificates/certificate.ts';
import { body, headerDocs, json, problems } from '../../http/problem-responses.ts';
import { validate } from '../../http/validate.ts';
import { apiRoute } from '../api-route.ts';
import type { ApiEnv } from '../context.ts';
import { actorOf } from '../middleware/authenticate.ts';
import {
  ApplicationSchema,
  applicationView,
  CertificateSchema,
  certificateView,
  pageOf,
} from '../views/representations.ts';

const SerialParam = z.object({
  serial: z.string().regex(/^[A-Z0-9-]{5,40}$/, 'is not a certificate serial'),
});
const ListQuery = z.strictObject({ cursor: z.string().max(2000).optional() });
const RevokeBody = z
  .strictObject({
    reason: z.enum(REVOCATION_REASONS),
    comment: z.string().trim().max(2000).optional(),
  })
  .meta({
    examples: [{ reason: 'incorrect-data', comment: 'The consignee asked for a corrected address.' }],
  });
const tags: ['certificates'] = ['certificates'];

export const certificateRoutes = new Hono<ApiEnv>()
  .get(
    '/',
    apiRoute('get', {
      operationId: 'listCertificates',
      tags,
      summary: "The organisation's issued certificates, newest first (exporters; staff find one by serial)",
      description:
        "Exporters only: their organisation's certificates, each with its `status`, verification `code` and " +
        "`verifyUrl`. Paged: pass the answer's `cursor` back for the next page; no `cursor` on the last. " +
        'Staff and administrators get 403 and read a certificate by its serial instead.',
      responses: {
        200: json('A page of certificates', pageOf(CertificateSchema, 'CertificateList')),
        ...problems(400),
      },
    }),
    validate('query', ListQuery),
    async (c) => {
      const page = await c.var.core.listCertificates({
        actor: actorOf(c),
        cursor: c.req.valid('query').cursor,
      });
      const base = c.var.core.issuer.publicBaseUrl;
      return c.json({
        items: page.items.map((certificate) => certificateView(certificate, base)),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      });
    },
  )
  .get(
    '/:serial',
    apiRoute('get', {
      operationId: 'getCertificate',
      tags,
      summary: 'One certificate by serial (its organisation, staff)',
      description:
        "The owner organisation, staff and administrators; another organisation's certificate is 404 " +
        'NOT_FOUND, as is one still being issued. The answer has its `status` (ISSUED, REVOKED or ' +
        "SUPERSEDED), the verification `code` and `verifyUrl`, the PDF's `sha256`, and any revocation or " +
        'replacement.',
      responses: { 200: json('The certificate', CertificateSchema), ...problems(400) },
    }),
    validate('param', SerialParam),
    async (c) => {
      const certificate = await c.var.core.getCertificate({
        actor: actorOf(c),
        serial: c.req.valid('param').serial,
      });
      return c.json(certificateView(certificate, c.var.core.issuer.publicBaseUrl));
    },
  )
  .post(
    '/:serial/revoke',
    apiRoute('post', {
      operationId: 'revokeCertificate',
      tags,
      summary: 'Revoke a certificate with a reason (staff); it stays REVOKED whatever follows',
      description:
        'Chamber staff only (403 for other roles). The certificate becomes REVOKED at once: public ' +
        'verification says so, and the signed revocation and status lists are published again. 409 ' +
        'INVALID_TRANSITION unless it is ISSUED; a `reason` of fraud or goods-not-originating also forbids ' +
        'any replacement later.',
      responses: { 200: json('The revoked certificate', CertificateSchema), ...problems(400, 409) },
    }),
    validate('param', SerialParam),
    validate('json', RevokeBody),
    async (c) => {
      const certificate = await c.var.core.revokeCertificate({
        actor: actorOf(c),
        serial: c.req.valid('param').serial,
        ...c.req.valid('json'),
      });
      return c.json(certificateView(certificate, c.var.core.issuer.publicBaseUrl));
    },
  )
  .post(
    '/:serial/replace',
    apiRoute('post', {
      operationId: 'replaceCertificate',
      tags,
      summary:
        'Open a replacement: a new DRAFT pre-filled from the certificate, with copies of its documents',
      description:
        '409 REPLACEMENT_FORBIDDEN (revoked for fraud or goods-not-originating), REPLACEMENT_IN_PROGRESS (one is ' +
        'open), ALREADY_REPLACED.',
      responses: {
        201: {
          ...json('The replacement draft', ApplicationSchema),
          headers: headerDocs({ Location: 'The new application' }),
        },
        ...problems(400, 409),
      },
    }),
    validate('param', SerialParam),
    async (c) => {
      const application = await c.var.core.replaceCertificate({
        actor: actorOf(c),
        serial: c.req.valid('param').serial,
      });
      c.header('Location', `/api/applications/${application.id}`);
      return c.json(applicationView(application), 201);
    },
  )
  .get(
    '/:serial/vc',
    apiRoute('get', {
      operationId: 'getCertificateCredential',
      tags: ['credentials'],
      summary:
        'The certificate as a W3C Verifiable Credential (application/vc+jwt, VC 2.0 secured with JOSE)',
      description:
        'For the owner organisation and staff. A compact JWS with typ vc+jwt and cty vc, signed with the ' +
        'chamber’s key; kid is a verification method of the chamber’s did:web DID document. docs/credentials.md ' +
        'shows one decoded. 404 for a certificate issued before credentials.',
      responses: { 200: body('The credential, a compact JWS', 'application/vc+jwt'), ...problems(400) },
    }),
    validate('param', SerialParam),
    async (c) => {
      const { certificate, credential } = await c.var.core.getCertificateCredential({
        actor: actorOf(c),
        serial: c.req.valid('param').serial,
      });
      return c.body(credential, 200, {
        'Content-Type': 'application/vc+jwt',
        'Content-Disposition': `attachment; filename="${certificate.serial}.vc.jwt"`,
        'Cache-Control': 'private, no-store',
      });
    },
  )
  .get(
    '/:serial/pdf',
    apiRoute('get', {
      operationId: 'getCertificatePdf',
      tags,
      summary: 'The sealed PDF (PAdES), byte for byte as stored; Repr-Digest carries its SHA-256',
      description:
        'The owner organisation, staff and administrators (404 NOT_FOUND for anyone else). Keep the bytes ' +
        "as downloaded: altering them breaks the PAdES seal, and their SHA-256, also the certificate's " +
        '`sha256`, is what POST /api/verify/hash checks. Not cached (Cache-Control: private, no-store).',
      responses: {
        200: {
          ...body('The sealed PDF', 'application/pdf'),
          headers: headerDocs({ 'Repr-Digest': 'sha-256=:<base64>: of the bytes' }),
        },
        ...problems(400, 409),
      },
    }),
    validate('param', SerialParam),
    async (c) => {
      const { certificate, pdf } = await c.var.core.getCertificatePdf({
        actor: actorOf(c),
        serial: c.req.valid('param').serial,
      });
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${certificate.serial}.pdf"`,
        'Cache-Control': 'private, no-store',
        ...(certificate.sha256
          ? { 'Repr-Digest': `sha-256=:${Buffer.from(certificate.sha256, 'hex').toString('base64')}:` }
          : {}),
      });
    },
  );
