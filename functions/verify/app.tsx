// The verify function: the public verification page and API, and the published keys. Small on purpose:
// no accounts, no portal, no PDF rendering. The routes read the verifier from the context, so that the api
// function can also mount them, unserved, to document them in /openapi.json (verifySiblingRoutes).
import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { GetConnInfo } from 'hono/conninfo';
import { secureHeaders } from 'hono/secure-headers';
import { describeRoute, resolver } from 'hono-openapi';
import * as z from 'zod';
import type { VerifyDeps } from '../config/verify-deps.ts';
import { TRADECERT_CONTEXT } from '../core/credentials/context.ts';
import { didDocumentPath } from '../core/credentials/did-web.ts';
import { credentialSchemaOf, SCHEMA_PATH_PREFIX, schemaTypeOfPath } from '../core/credentials/schemas.ts';
import { STATUS_LIST_PATH } from '../core/credentials/status-list-credential.ts';
import { AppError } from '../core/errors.ts';
import { acrossHostedChambers } from '../core/network/hosted-verifier.ts';
import { claimedIssuer } from '../core/network/verify-through-network.ts';
import { isCompactJws } from '../core/sealing/token-types.ts';
import type { Verification } from '../core/verification/verify-certificate.ts';
import type { Verifier } from '../core/verifier.ts';
import { accessLog } from '../http/access-log.ts';
import { keepChamberPath, pathWithoutChamber, resolveChamber } from '../http/chamber-routing.ts';
import { clientAddressOf } from '../http/client-address.ts';
import { NOT_CACHED, VERIFICATION_CACHE_CONTROL } from '../http/edge-caching.ts';
import { serveFavicon } from '../http/favicon.ts';
import { addHealthRoute } from '../http/health.ts';
import { notFound, onError } from '../http/problem.ts';
import { body, empty, json, problems, responses } from '../http/problem-responses.ts';
import type { SiblingRoutes } from '../http/sibling-routes.ts';
import { strictUtf8Json } from '../http/strict-json.ts';
import { validate } from '../http/validate.ts';
import { chooseLanguage } from './messages.ts';
import { OUTCOMES, verificationJson } from './outcomes.ts';
import { rateLimit } from './rate-limit.ts';
import { DidDocumentSchema, HashBody, JwksSchema, JwsBody, VerificationSchema } from './representations.ts';
import { parseTypedCode } from './typed-code.ts';
import type { ChamberContact } from './views/chamber-contact.tsx';
import { CodeFormPage } from './views/code-form-page.tsx';
import { PAGE_SCRIPT_HASH } from './views/page-script.ts';
import { VerificationPage } from './views/verification-page.tsx';

export interface VerifyEnv {
  Variables: { verifier: Verifier; chamber: ChamberContact };
}

const PDF_LIMIT = 10 * 1024 * 1024;
/** A credential with 500 goods lines is some 300 kB; a megabyte leaves room and bounds the work. */
const PDF_LIMIT_TEXT = 1024 * 1024;
const CREDENTIAL_MEDIA_TYPE = 'application/vc+jwt';
/** The media types a credential may come as: the current one, the earlier draft's, and plain text. */
const CREDENTIAL_BODY_TYPES = /^(application\/(vc\+jwt|vc-ld\+jwt|jwt)|text\/plain)\b/i;
/** Contexts and schemas are versioned: a published version never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const CodeParam = z.object({ code: z.string().min(1).max(64) });
const CredentialBody = z.strictObject({ credential: z.string().min(1).max(PDF_LIMIT_TEXT) });
const SchemaParam = z.object({ name: z.string().max(100) });
const PageQuery = z.object({ lang: z.string().max(10).optional() });
/** The page of a code not found here may carry the scanned seal, to be checked through the trust list. */
const CodePageQuery = PageQuery.extend({ jws: z.string().max(4096).optional() });
const FormQuery = PageQuery.extend({ code: z.string().max(500).optional() });

/** What every public route may answer before its handler: rate limit, unknown chamber, storage, a defect. */
const PUBLIC_PROBLEMS = [404, 429, 500, 503];
/** A route that reads a body: unreadable, too large. */
const BODY_PROBLEMS = [400, 413];

const outcome = (mediaTypes: readonly string[] = ['application/json']) => {
  const of = (status: number, description: string) =>
    mediaTypes.map((mediaType) => ({
      [status]:
        mediaType === 'application/json'
          ? json(description, VerificationSchema)
          : body(description, mediaType),
    }));
  return responses(
    ...of(200, 'VALID, REVOKED or SUPERSEDED, with the certificate facts'),
    ...of(404, 'NOT_FOUND'),
    ...of(422, 'TAMPERED, UNKNOWN_KEY or UNKNOWN_ISSUER'),
  );
};

const outcomesDoc = responses(outcome(), problems(...PUBLIC_PROBLEMS, 400));
const outcomesOfBodyDoc = responses(outcome(), problems(...PUBLIC_PROBLEMS, ...BODY_PROBLEMS));
/** Public files: the route answers them, or an unknown chamber (404), storage down, a defect. */
const publicFile = (own: Parameters<typeof responses>[0]) => responses(own, problems(404, 500, 503));

const wantsJson = (c: Context) => c.req.header('Accept')?.includes('application/json') ?? false;

// GET answers are keyed by their URL, so a shared cache may keep them briefly; POST answers are not
const answer = (c: Context, verification: Verification, cacheControl = NOT_CACHED) => {
  c.header('Cache-Control', cacheControl);
  return c.json(verificationJson(verification), OUTCOMES[verification.status].httpStatus);
};

export const verifyRoutes = new Hono<VerifyEnv>()
  .get(
    '/api/verify/:code',
    describeRoute({
      operationId: 'verifyCode',
      tags: ['verification'],
      summary: 'Status and facts of a certificate by its verification code',
      description:
        'Public, no authentication; rate-limited per client address (429 RATE_LIMITED). The code is read as ' +
        'printed: lower case, spaces, hyphens and the look-alikes O, I, L are accepted. 200 for VALID, ' +
        'REVOKED or SUPERSEDED with the facts printed on the certificate, 404 for an unknown code; a shared ' +
        'cache may keep the answer for 25 seconds.',
      responses: outcomesDoc,
    }),
    validate('param', CodeParam),
    async (c) =>
      answer(c, await c.var.verifier.verifyCode(c.req.valid('param').code), VERIFICATION_CACHE_CONTROL),
  )
  .post(
    '/api/verify/jws',
    describeRoute({
      operationId: 'verifySeal',
      tags: ['verification'],
      summary: 'Check a QR seal (compact JWS) and the current status',
      description:
        'Public and rate-limited. Checks the JWS from the QR code: its signature by a published key of this ' +
        'chamber (or, where a trust list is in use, of another member of the network), its claims against ' +
        'the record, and the current status. 200 VALID, REVOKED or SUPERSEDED; 422 TAMPERED, UNKNOWN_KEY or ' +
        'UNKNOWN_ISSUER when it cannot be trusted; 404 when no certificate matches.',
      responses: outcomesOfBodyDoc,
    }),
    validate('json', JwsBody),
    async (c) => answer(c, await c.var.verifier.verifySeal(c.req.valid('json').jws)),
  )
  .post(
    '/api/verify/hash',
    describeRoute({
      operationId: 'verifyPdfHash',
      tags: ['verification'],
      summary: 'Is the PDF with this SHA-256 an issued certificate? (the file itself stays with the user)',
      description:
        'Public and rate-limited. Send the SHA-256 (64 hex characters) of the PDF computed locally; only a ' +
        "PDF byte for byte as issued matches. 200 with the certificate's status and facts, 404 NOT_FOUND " +
        'when no issued certificate has that hash (an altered or re-saved PDF).',
      responses: outcomesOfBodyDoc,
    }),
    validate('json', HashBody),
    async (c) => answer(c, await c.var.verifier.verifyPdfHash(c.req.valid('json').sha256)),
  )
  .post(
    '/api/verify/pdf',
    describeRoute({
      operationId: 'verifyPdf',
      tags: ['verification'],
      summary:
        'Is this PDF (the request body, application/pdf, ≤ 10 MB) byte for byte an issued certificate?',
      description:
        'Public and rate-limited. The body is the PDF itself; its SHA-256 is compared with the issued ' +
        'certificates, and a PDF of another member of the network is checked by its seal through the trust ' +
        'list. 200 with status and facts, 404 when it is not an issued certificate as issued; 400 for an ' +
        'empty body, 413 over 10 MB.',
      requestBody: {
        required: true,
        content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } },
      },
      responses: outcomesOfBodyDoc,
    }),
    bodyLimit({
      maxSize: PDF_LIMIT,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', `PDFs for verification are limited to ${PDF_LIMIT} bytes.`);
      },
    }),
    async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length === 0) {
        throw new AppError('VALIDATION_FAILED', 'Send the PDF as the request body.', {
          errors: [{ path: '(body)', message: 'is empty', code: 'empty' }],
        });
      }
      // a PDF of another network member is found by no hash here: its seal is checked through the trust list
      return answer(
        c,
        await c.var.verifier.verifyPdf(bytes, createHash('sha256').update(bytes).digest('hex')),
      );
    },
  )
  .get(
    '/v/:code',
    describeRoute({
      operationId: 'verificationPage',
      tags: ['verification'],
      summary: 'The verification page a QR code opens (JSON with Accept: application/json)',
      description:
        'Public and rate-limited; what a customs officer sees after scanning the QR code. HTML in the ' +
        'language of `lang` or Accept-Language, or the same JSON as GET /api/verify/{code} with Accept: ' +
        'application/json; `?jws=` carries the scanned seal so that a certificate of another network member ' +
        'can be checked through the trust list.',
      responses: responses(outcome(['text/html', 'application/json']), problems(...PUBLIC_PROBLEMS, 400)),
    }),
    validate('param', CodeParam),
    validate('query', CodePageQuery),
    async (c) => {
      const { code } = c.req.valid('param');
      const { jws } = c.req.valid('query');
      const found = await c.var.verifier.verifyCode(code);
      // a QR of another network member, opened here: `?jws=` carries its seal (docs/network.md §6)
      // only for a seal of a chamber not hosted here: a hosted one's seal does not stand in for a wrong code
      const verification =
        found.status === 'NOT_FOUND' &&
        jws &&
        isCompactJws(jws) &&
        !c.var.verifier.hosts(claimedIssuer(jws)?.iss ?? '')
          ? await c.var.verifier.verifySeal(jws)
          : found;
      c.header('Vary', 'Accept, Accept-Language');
      if (wantsJson(c)) return answer(c, verification, VERIFICATION_CACHE_CONTROL);
      c.header('Cache-Control', VERIFICATION_CACHE_CONTROL);
      const language = chooseLanguage(c.req.valid('query').lang, c.req.header('Accept-Language'));
      const keys = await c.var.verifier.publicKeys();
      return c.html(
        <VerificationPage
          verification={verification}
          code={code}
          language={language}
          keys={keys}
          publicBaseUrl={c.var.verifier.issuer.publicBaseUrl}
          chamber={c.var.chamber}
          timeZone={c.var.verifier.issuer.timeZone}
          lookUpSeal={verification.status === 'NOT_FOUND' && !jws && c.var.verifier.usesTrustList}
        />,
        OUTCOMES[verification.status].httpStatus,
      );
    },
  )
  .get(
    '/v',
    describeRoute({
      operationId: 'codeForm',
      tags: ['verification'],
      summary:
        'The form where the printed verification code is typed by hand; ?code= redirects (303) to /v/{code}',
      description:
        'Public. Without `code`, the form; with a code that reads as a verification code (case, spaces and ' +
        'hyphens do not matter), 303 to its page. A code that does not read as one answers the form again ' +
        'with 400, or 400 VALIDATION_FAILED as problem+json with Accept: application/json.',
      responses: responses(
        {
          200: body('the form', 'text/html'),
          303: empty('to /v/{code}, the code in its canonical form', { Location: '/v/{code}' }),
          400: body('the form again, saying that what was typed is not a verification code', 'text/html'),
        },
        problems(...PUBLIC_PROBLEMS, 400),
      ),
    }),
    validate('query', FormQuery),
    async (c) => {
      const { code: typed, lang } = c.req.valid('query');
      const language = chooseLanguage(lang, c.req.header('Accept-Language'));
      c.header('Vary', 'Accept, Accept-Language');
      c.header('Cache-Control', 'no-store');
      if (typed === undefined) return c.html(<CodeFormPage language={language} chamber={c.var.chamber} />);
      const code = parseTypedCode(typed);
      if (code) return c.redirect(`/v/${code}${lang ? `?lang=${language}` : ''}`, 303);
      if (wantsJson(c)) {
        throw new AppError('VALIDATION_FAILED', 'That is not a verification code.', {
          errors: [
            {
              path: 'code',
              message: 'must be 16 letters and digits of the code printed by the QR',
              code: 'invalid_format',
            },
          ],
        });
      }
      return c.html(<CodeFormPage language={language} chamber={c.var.chamber} typed={typed} invalid />, 400);
    },
  )
  .get(
    '/v/:code/vc',
    describeRoute({
      operationId: 'getCredentialByCode',
      tags: ['credentials'],
      summary:
        'The certificate as a W3C Verifiable Credential (application/vc+jwt), for whoever holds its verification code',
      description:
        'Public: the verification code is the capability, as printed in the QR code. The same compact JWS ' +
        'as GET /api/certificates/{serial}/vc; `?download` adds a Content-Disposition for saving it. 404 ' +
        'NOT_FOUND for an unknown code or a certificate issued before credentials.',
      responses: responses(
        { 200: body('compact JWS, typ vc+jwt', 'application/vc+jwt') },
        problems(...PUBLIC_PROBLEMS, 400),
      ),
    }),
    validate('param', CodeParam),
    async (c) => {
      const credential = await c.var.verifier.credentialByCode(c.req.valid('param').code);
      if (!credential) throw new AppError('NOT_FOUND', 'No credential for this verification code.');
      const download = c.req.query('download') !== undefined;
      return c.body(credential, 200, {
        'Content-Type': CREDENTIAL_MEDIA_TYPE,
        'Cache-Control': 'no-store',
        ...(download ? { 'Content-Disposition': 'attachment; filename="certificate.vc.jwt"' } : {}),
      });
    },
  )
  .post(
    '/api/verify/vc',
    describeRoute({
      operationId: 'verifyCredential',
      tags: ['verification'],
      summary:
        'Check a certificate credential (body application/vc+jwt, or JSON {credential}): typ, signature, issuer DID ↔ key, validity and status',
      description:
        'Public and rate-limited. After the signature and DID checks it must be exactly the credential ' +
        'stored with the certificate, whose current status it reports, as the status list does. 200 VALID, ' +
        'REVOKED or SUPERSEDED; 422 TAMPERED, UNKNOWN_KEY or UNKNOWN_ISSUER; 400 for a body that is not a ' +
        'compact JWS; 415 for another media type.',
      requestBody: {
        required: true,
        content: {
          'application/vc+jwt': { schema: { type: 'string' } },
          'application/json': { schema: resolver(CredentialBody) },
        },
      },
      responses: responses(outcome(), problems(...PUBLIC_PROBLEMS, ...BODY_PROBLEMS, 415)),
    }),
    async (c) => {
      const contentType = c.req.header('content-type') ?? '';
      let jwt: string;
      if (CREDENTIAL_BODY_TYPES.test(contentType)) {
        jwt = (await c.req.text()).trim();
        if (jwt.length === 0 || jwt.length > PDF_LIMIT_TEXT) {
          throw new AppError('VALIDATION_FAILED', 'Send the credential (compact JWS) as the request body.', {
            errors: [
              jwt.length === 0
                ? { path: '(body)', message: 'is empty', code: 'empty' }
                : { path: '(body)', message: 'is too long', code: 'too_long' },
            ],
          });
        }
        // anything but three base64url parts is not a credential at all (400), rather than a forged one (422)
        if (!isCompactJws(jwt)) {
          throw new AppError('VALIDATION_FAILED', 'Send the credential (compact JWS) as the request body.', {
            errors: [{ path: '(body)', message: 'is not a compact JWS', code: 'invalid_format' }],
          });
        }
      } else if (/^application\/json\b/i.test(contentType)) {
        const parsed = CredentialBody.safeParse(await c.req.json().catch(() => undefined));
        if (!parsed.success) {
          throw new AppError('VALIDATION_FAILED', 'Send {"credential": "<compact JWS>"}.', {
            errors: [
              {
                path: 'credential',
                message: 'is required: the credential as a compact JWS',
                code: 'required',
              },
            ],
          });
        }
        jwt = parsed.data.credential;
      } else {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the credential as application/vc+jwt, or as JSON {"credential": …}.',
        );
      }
      const verification = await c.var.verifier.verifyCredential(jwt);
      return answer(c, verification);
    },
  )
  .get(
    '/.well-known/did.json',
    describeRoute({
      operationId: 'getDidDocument',
      tags: ['credentials'],
      summary:
        'The chamber’s did:web DID document: current and retired keys as JsonWebKey verification methods',
      description:
        "Public, cacheable for 5 minutes, open to any origin (CORS); resolves the chamber's did:web DID. " +
        'Every key that ever signed stays listed, so that credentials issued before a key rotation still ' +
        'verify.',
      responses: publicFile({ 200: json('DID document', DidDocumentSchema, 'application/did+json') }),
    }),
    async (c) => didDocumentResponse(c),
  )
  .get(
    '/did.json',
    describeRoute({
      operationId: 'getPathDidDocument',
      tags: ['credentials'],
      summary: 'The DID document where the chamber is on a path of a shared host (did:web:{host}:c:{id})',
      description:
        "Public, cacheable for 5 minutes. Answers only where the chamber's public base URL is a path of a " +
        'shared host (did:web:{host}:c:{id}); elsewhere 404, and /.well-known/did.json is the document.',
      responses: publicFile({
        200: json('DID document', DidDocumentSchema, 'application/did+json'),
        ...problems(404),
      }),
    }),
    async (c) => {
      if (didDocumentPath(c.var.verifier.issuer.publicBaseUrl) !== '/did.json') return notFound(c);
      return didDocumentResponse(c);
    },
  )
  .get(
    '/ns/tradecert/v1',
    describeRoute({
      operationId: 'getJsonLdContext',
      tags: ['credentials'],
      summary: 'The tradecert JSON-LD context, version 1 (every term defined, no @vocab)',
      description:
        'Public, open to any origin, and cached for a year: a published version never changes, a new one ' +
        'gets a new path. Every tradecert credential names it in its @context.',
      responses: publicFile({
        200: json('The context', z.record(z.string(), z.unknown()), 'application/ld+json'),
      }),
    }),
    (c) =>
      c.body(JSON.stringify(TRADECERT_CONTEXT, null, 2), 200, {
        'Content-Type': 'application/ld+json',
        'Cache-Control': IMMUTABLE,
        'Access-Control-Allow-Origin': '*',
      }),
  )
  .get(
    `${SCHEMA_PATH_PREFIX}:name`,
    describeRoute({
      operationId: 'getCredentialSchema',
      tags: ['credentials'],
      summary:
        'JSON Schema of a credential type (certificate-of-origin-v1.json, movement-certificate-eur1-v1.json)',
      description:
        "Public, immutable and open to any origin. The JSON Schema a credential's credentialSchema points " +
        'to, for validating `credentialSubject`; 404 for any other name.',
      responses: publicFile({
        200: json('The JSON Schema', z.record(z.string(), z.unknown()), 'application/schema+json'),
        ...problems(400),
      }),
    }),
    validate('param', SchemaParam),
    (c) => {
      const type = schemaTypeOfPath(`${SCHEMA_PATH_PREFIX}${c.req.valid('param').name}`);
      if (!type) return notFound(c);
      return c.body(
        JSON.stringify(credentialSchemaOf(c.var.verifier.issuer.publicBaseUrl, type), null, 2),
        200,
        {
          'Content-Type': 'application/schema+json',
          'Cache-Control': IMMUTABLE,
          'Access-Control-Allow-Origin': '*',
        },
      );
    },
  )
  .get(
    STATUS_LIST_PATH,
    describeRoute({
      operationId: 'getStatusListCredential',
      tags: ['credentials'],
      summary:
        'The chamber’s W3C Bitstring Status List credential (revocation; application/vc+jwt), cacheable for a minute',
      description:
        "Public, rate-limited and open to any origin. The credential that each certificate credential's " +
        'credentialStatus points to: the bit of a revoked certificate is set. A revocation publishes it ' +
        'again at once, so a verifier caching it for the minute allowed sees the change within a minute; ' +
        '503 until it has first been published.',
      responses: responses(
        { 200: body('compact JWS, typ vc+jwt', 'application/vc+jwt') },
        problems(...PUBLIC_PROBLEMS),
      ),
    }),
    async (c) => {
      const list = await c.var.verifier.statusList();
      if (!list?.credential)
        throw new AppError('STORAGE_UNAVAILABLE', 'The status list has not been published yet.');
      // a minute: a revocation re-publishes at once, so caches see it within a minute
      return c.body(list.credential, 200, {
        'Content-Type': CREDENTIAL_MEDIA_TYPE,
        'Cache-Control': 'public, max-age=60',
        'Access-Control-Allow-Origin': '*',
      });
    },
  )
  .get(
    '/.well-known/jwks.json',
    describeRoute({
      operationId: 'getJwks',
      tags: ['verification'],
      summary: 'Public keys of the issuer (active and retired)',
      description:
        'Public, cacheable for 5 minutes. The keys that sign the QR seals: the active one and every retired ' +
        'one, so that certificates sealed before a key rotation still verify, also offline.',
      responses: publicFile({ 200: json('JWKS', JwksSchema) }),
    }),
    async (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(await c.var.verifier.publicKeys());
    },
  )
  .get(
    '/.well-known/trust-list',
    describeRoute({
      operationId: 'getTrustList',
      tags: ['verification'],
      summary:
        'The region’s trust list this deployment uses (compact JWS, typ tradecert-trust-list+jwt, application/jose), as the operator signed it',
      description:
        'Public and open to any origin. The members of the network (their issuers and public keys), signed ' +
        'by the operator: verify it with the operator key before use. Cacheable for an hour at most and ' +
        'never past its `nextUpdate`; 404 where no trust list is in use, 503 before one has verified here.',
      responses: publicFile({
        200: body('JWS with claims {iss, iat, nextUpdate, version, members}', 'application/jose'),
      }),
    }),
    async (c) => {
      const list = await c.var.verifier.trustList();
      if (list === undefined && !c.var.verifier.usesTrustList) return notFound(c);
      if (!list) throw new AppError('STORAGE_UNAVAILABLE', 'No trust list has verified here yet.');
      // application/jose as /status/revocations: a compact JWS whose typ says what it is. Cacheable for an hour at
      // most and never past its nextUpdate; whoever takes it from here verifies it with the operator key anyway
      const maxAge = Math.max(
        0,
        Math.min(3600, Math.floor((list.payload.nextUpdate * 1000 - Date.now()) / 1000)),
      );
      return c.body(list.jws, 200, {
        'Content-Type': 'application/jose',
        'Cache-Control': `public, max-age=${maxAge}`,
        'Access-Control-Allow-Origin': '*',
      });
    },
  )
  .get(
    '/status/revocations',
    describeRoute({
      operationId: 'getRevocationList',
      tags: ['verification'],
      summary:
        'Signed list (compact JWS, application/jose) of revoked and superseded serials, for offline verifiers',
      description:
        'Public and rate-limited. Every revoked and superseded serial, signed by the chamber, so that an ' +
        'offline verifier can check status without asking per certificate; cacheable until its ' +
        '`nextUpdate`, an hour at most. 503 until it has first been published.',
      responses: responses(
        { 200: body('JWS with claims {iss, iat, nextUpdate, entries}', 'application/jose') },
        problems(...PUBLIC_PROBLEMS),
      ),
    }),
    async (c) => {
      const list = await c.var.verifier.statusList();
      if (!list) throw new AppError('STORAGE_UNAVAILABLE', 'The revocation list has not been published yet.');
      const maxAge = Math.max(
        0,
        Math.min(3600, Math.floor((Date.parse(list.nextUpdate) - Date.now()) / 1000)),
      );
      return c.body(list.jws, 200, {
        'Content-Type': 'application/jose',
        'Cache-Control': `public, max-age=${maxAge}`,
      });
    },
  );

const didDocumentResponse = async (c: Context<VerifyEnv>) =>
  c.body(JSON.stringify(await c.var.verifier.didDocument(), null, 2), 200, {
    'Content-Type': 'application/did+json',
    'Cache-Control': 'public, max-age=300',
    'Access-Control-Allow-Origin': '*',
  });

/**
 * Verify's own contract for the api beside it on the public origin: the paths it serves under /api/ and its
 * routes' OpenAPI fragment. A composition root hands it to createApiApp, so neither app imports the other.
 */
export const verifySiblingRoutes: SiblingRoutes = { pathPrefix: '/api/verify/', routes: verifyRoutes };

/** The local default; VERIFY_RATE_LIMIT sets it (functions/config/config.ts). */
export const DEFAULT_REQUESTS_PER_MINUTE = 120;

export interface VerifyAppOptions {
  connInfo?: GetConnInfo;
  /**
   * Requests per minute per client address on the public endpoints, counted in this process; 0 turns the counter
   * off, as on AWS, where the WAF counts every edge together (docs/security.md, "Rate limits").
   */
  requestsPerMinute?: number;
}

export const createVerifyApp = (
  deps: Pick<VerifyDeps, 'chambers' | 'health'>,
  options: VerifyAppOptions = {},
) => {
  const app = new Hono<VerifyEnv>({ getPath: pathWithoutChamber });
  app.onError(onError);
  app.notFound(notFound);
  app.use(accessLog());
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        scriptSrc: [PAGE_SCRIPT_HASH],
        connectSrc: ["'self'"],
        imgSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );
  const requestsPerMinute = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
  if (requestsPerMinute > 0) {
    const limited = rateLimit({
      limit: requestsPerMinute,
      windowMs: 60_000,
      clientAddress: clientAddressOf(options.connInfo),
    });
    for (const path of ['/api/verify/*', '/v/*', '/status/*']) app.use(path, limited);
  }
  app.use(
    '/api/verify/*',
    bodyLimit({
      maxSize: PDF_LIMIT,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', `Verification requests are limited to ${PDF_LIMIT} bytes.`);
      },
    }),
  );
  // the routes that read JSON; /api/verify/pdf takes the file's bytes whatever the client calls them
  for (const path of ['/api/verify/jws', '/api/verify/hash', '/api/verify/vc']) app.use(path, strictUtf8Json);
  // on the path form (/c/<id>/v/…) the form's redirect stays under the prefix
  app.use(keepChamberPath);
  app.use(async (c, next) => {
    // the request's chamber answers, and what it does not know is asked of the others hosted here; every hosted
    // chamber is known before anything is verified, so that none of their seals is taken to the trust list
    const [{ wiring }, hosted] = await Promise.all([resolveChamber(deps.chambers, c), deps.chambers.all()]);
    const others = async () => hosted.map((entry) => entry.wiring.verifier);
    c.set('verifier', acrossHostedChambers(wiring.verifier, others));
    c.set('chamber', wiring.contact);
    await next();
  });
  // /v/favicon.svg is what the page links (the /v/ path reaches this function on AWS); the root names
  // are what browsers ask for on their own
  for (const path of ['/v/favicon.svg', '/favicon.svg', '/favicon.ico']) app.get(path, serveFavicon);
  addHealthRoute(app, deps.health);
  app.route('/', verifyRoutes);
  return app;
};
