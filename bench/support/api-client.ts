// The few API calls the benchmarks make, over HTTP against the bench server, for one chamber (its requests on
// its path form /c/<id>, or on the bare paths of the first chamber): log in, prepare submitted applications (not
// timed), approve one (timed by the caller).
import { sampleCertificateOfOrigin } from '../../test/fixtures/certificate-of-origin.ts';
import { multipartFile, sampleInvoicePdf } from '../../test/fixtures/documents.ts';

export interface IssuedCertificate {
  /** The issuing chamber, and the path prefix its requests take (`/c/<id>`, or '' for the bare paths). */
  chamberId: string;
  base: string;
  applicationId: string;
  serial: string;
  code: string;
  sha256: string;
}

const expectStatus = async (response: Response, status: number, what: string) => {
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status} ${await response.text()}`);
  }
};

export const createApiClient = (url: string, chamber: { id: string; base: string }) => {
  const baseUrl = `${url}${chamber.base}`;
  const call = (path: string, init: { token?: string; json?: unknown; method?: string } = {}) =>
    fetch(`${baseUrl}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });

  const login = async (email: string, password: string): Promise<string> => {
    const response = await call('/api/auth/login', { json: { email, password } });
    await expectStatus(response, 200, `login of ${email}`);
    return ((await response.json()) as { token: string }).token;
  };

  let invoice: Promise<Uint8Array> | undefined;

  /** A SUBMITTED application of the exporter holding `token`, with `goodsLines` lines and an invoice. */
  const submittedApplication = async (token: string, goodsLines = 2): Promise<string> => {
    const created = await call('/api/applications', {
      token,
      json: { type: 'co', data: sampleCertificateOfOrigin(goodsLines) },
    });
    await expectStatus(created, 201, 'create');
    const { id } = (await created.json()) as { id: string };
    invoice ??= sampleInvoicePdf();
    const uploaded = await fetch(`${baseUrl}/api/applications/${id}/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: multipartFile(await invoice, 'invoice.pdf', 'invoice'),
    });
    await expectStatus(uploaded, 201, 'upload');
    const submitted = await call(`/api/applications/${id}/submit`, { token, json: { version: 1 } });
    await expectStatus(submitted, 200, 'submit');
    return id;
  };

  /** Approves a SUBMITTED application (version 2); resolves when the certificate is ISSUED. */
  const approve = async (token: string, applicationId: string): Promise<IssuedCertificate> => {
    const response = await call(`/api/applications/${applicationId}/approve`, {
      token,
      json: { version: 2 },
    });
    await expectStatus(response, 201, 'approve');
    const { certificate } = (await response.json()) as {
      certificate: { serial: string; code: string; sha256: string };
    };
    return {
      chamberId: chamber.id,
      base: chamber.base,
      applicationId,
      serial: certificate.serial,
      code: certificate.code,
      sha256: certificate.sha256,
    };
  };

  return { chamber, call, login, submittedApplication, approve };
};

export type ApiClient = ReturnType<typeof createApiClient>;
