// The code of docs/integration.md, kept here so that it runs: the doc includes each `#region` verbatim
// (test/unit/integration-doc.test.ts checks that it does) and test/e2e/erp-integration.test.ts runs the steps
// against the real local stack, with the webhook check of verify_webhook.py beside this one.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  bodyOf,
  createTradecertClient,
  type paths,
  type TradecertClient,
  TradecertProblem,
  uploadAttachment,
} from '../../functions/client/tradecert-client.ts';

// #region connect
/** One client per deployment; the API key (tck_…) is the organisation's, made on the portal's Integrations page. */
export const connect = (baseUrl: string, apiKey: string): TradecertClient =>
  createTradecertClient({ baseUrl, credential: apiKey });
// #endregion connect

// #region retries
/**
 * Runs a call again after a network failure, a 5xx, 429 RATE_LIMITED or 409 IDEMPOTENCY_IN_PROGRESS, waiting what
 * Retry-After says (else 1 s, 2 s, 4 s …). Every retried POST carries the same Idempotency-Key, so a retry after
 * a lost answer gets the first answer again instead of doing the work twice.
 */
export const withRetries = async <T>(call: () => Promise<T>, attempts = 5): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retriable =
        error instanceof TypeError || // fetch failed: no answer at all
        (error instanceof TradecertProblem &&
          (error.status >= 500 || error.code === 'RATE_LIMITED' || error.code === 'IDEMPOTENCY_IN_PROGRESS'));
      if (!retriable || attempt >= attempts) throw error;
      const waitSeconds =
        (error instanceof TradecertProblem && error.retryAfterSeconds) || 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
    }
  }
};
// #endregion retries

// #region create
type NewApplication = paths['/api/applications']['post']['requestBody']['content']['application/json'];

/**
 * A draft for one ERP order: `{type: "co", data}` with `data` as docs/examples/certificate-of-origin.json shows it.
 * Store `id` and `version` with the order.
 */
export const createApplication = async (
  tradecert: TradecertClient,
  orderNumber: string,
  application: NewApplication,
) => {
  const created = await withRetries(async () =>
    bodyOf(
      await tradecert.POST('/api/applications', {
        body: application,
        headers: { 'Idempotency-Key': `order-${orderNumber}-create` },
      }),
    ),
  );
  return { id: created.id as string, version: created.version as number, status: created.status as string };
};
// #endregion create

// #region attach
/** The commercial invoice (PDF, PNG or JPEG, at most 10 MB); submitting needs one. */
export const attachInvoice = (
  tradecert: TradecertClient,
  applicationId: string,
  orderNumber: string,
  pdf: Blob,
) =>
  withRetries(() =>
    uploadAttachment(tradecert, {
      applicationId,
      kind: 'invoice',
      file: pdf,
      fileName: `invoice-${orderNumber}.pdf`,
      idempotencyKey: `order-${orderNumber}-invoice`,
    }),
  );
// #endregion attach

// #region submit
/**
 * Submits the draft for the chamber's review, which signs the exporter's declaration in the name of the authorised
 * signatory the key is bound to (403 SIGNATORY_REQUIRED for a key bound to none). 400 VALIDATION_FAILED lists every
 * problem at once (`errors`, each with its `path` such as `data.goods.0.hsCode`); 409 VERSION_CONFLICT means
 * someone changed it: read it again.
 */
export const submitApplication = async (
  tradecert: TradecertClient,
  application: { id: string; version: number },
  orderNumber: string,
) => {
  const submitted = await withRetries(async () =>
    bodyOf(
      await tradecert.POST('/api/applications/{id}/submit', {
        params: { path: { id: application.id } },
        body: { version: application.version },
        headers: { 'Idempotency-Key': `order-${orderNumber}-submit-${application.version}` },
      }),
    ),
  );
  return {
    id: application.id,
    version: submitted.version as number,
    status: submitted.status as string,
    declaration: submitted.declaration,
  };
};
// #endregion submit

// #region webhook
/**
 * True when `Tradecert-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}.{raw body}")}` is right and at
 * most five minutes old. Check the raw bytes as received, before any JSON parsing.
 */
export const isGenuineWebhook = (
  secret: string,
  signatureHeader: string,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean => {
  const parts = signatureHeader.split(',').map((part) => part.trim().split('='));
  const timestamp = parts.find(([key]) => key === 't')?.[1] ?? '';
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  return signatures.some((hex) => {
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
};
// #endregion webhook

// #region download
/** The sealed PDF of an issued certificate, checked against the SHA-256 the service recorded when it issued it. */
export const downloadCertificate = async (tradecert: TradecertClient, serial: string) => {
  const record = bodyOf(await tradecert.GET('/api/certificates/{serial}', { params: { path: { serial } } }));
  const download = await tradecert.GET('/api/certificates/{serial}/pdf', {
    params: { path: { serial } },
    parseAs: 'arrayBuffer',
  });
  const pdf = new Uint8Array(bodyOf(download) as ArrayBuffer);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  if (sha256 !== record.sha256) throw new Error(`certificate ${serial}: the download is not the issued file`);
  return { pdf, sha256 };
};
// #endregion download

// #region verify
/** What a customs officer's check says of the file: VALID, REVOKED, SUPERSEDED, or NOT_FOUND for any other bytes. */
export const verifyCertificatePdf = async (tradecert: TradecertClient, pdf: Uint8Array) => {
  const checked = await tradecert.POST('/api/verify/pdf', {
    body: pdf as never, // the file's bytes as they are
    bodySerializer: (bytes: unknown) => bytes as BodyInit,
    headers: { 'Content-Type': 'application/pdf' },
  });
  // 404 and 422 are answers too (NOT_FOUND, TAMPERED): the outcome is the body's status whatever the HTTP status
  const outcome: unknown = checked.data ?? checked.error;
  return (outcome as { status: string }).status;
};
// #endregion verify
