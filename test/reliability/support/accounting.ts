// The books after a load or crash run, read back through the API as staff: what every application ended as,
// whether each certificate's serial is unique and its series gap-free, whether every stored PDF matches the
// SHA-256 recorded for it, and whether every audit chain verifies.
import { createHash } from 'node:crypto';
import { type AuditEvent, verifyAuditChain } from '../../../functions/core/applications/audit-event.ts';
import type { HttpClient } from './http-client.ts';

export interface Books {
  applications: number;
  byStatus: Record<string, number>;
  /** Applications holding a certificate that was issued (ISSUED, REVOKED or SUPERSEDED). */
  issued: Set<string>;
  issuing: string[];
  /** serial numbers per series (`MK-CO-2026`), sorted */
  series: Record<string, number[]>;
  duplicateSerials: string[];
  gaps: string[];
  pdfMismatches: string[];
  brokenChains: string[];
  certificateMismatches: string[];
  serverErrors: string[];
}

const WITH_CERTIFICATE = new Set(['ISSUED', 'REVOKED', 'SUPERSEDED']);

const inLanes = async <T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
};

export const readBooks = async (http: HttpClient, staffToken: string, applicationIds: readonly string[]) => {
  const books: Books = {
    applications: applicationIds.length,
    byStatus: {},
    issued: new Set(),
    issuing: [],
    series: {},
    duplicateSerials: [],
    gaps: [],
    pdfMismatches: [],
    brokenChains: [],
    certificateMismatches: [],
    serverErrors: [],
  };
  const serialOwner = new Map<string, string>();
  const get = async (path: string) => {
    const answer = await http.send(path, { token: staffToken });
    if (answer.status >= 500) books.serverErrors.push(`${answer.status} GET ${path}`);
    return answer;
  };
  await inLanes(applicationIds, 6, async (id) => {
    const application = (await get(`/api/applications/${id}`)).json();
    books.byStatus[application.status] = (books.byStatus[application.status] ?? 0) + 1;
    if (application.status === 'ISSUING') books.issuing.push(id);
    const events = (await get(`/api/applications/${id}/events`)).json() as { items: AuditEvent[] };
    if (!verifyAuditChain(events.items) || events.items.at(-1)?.to !== application.status)
      books.brokenChains.push(id);
    if (!WITH_CERTIFICATE.has(application.status)) return;
    books.issued.add(id);
    const serial = application.certificate?.serial as string;
    const earlier = serialOwner.get(serial);
    if (earlier && earlier !== id) books.duplicateSerials.push(serial);
    serialOwner.set(serial, id);
    const certificate = (await get(`/api/certificates/${encodeURIComponent(serial)}`)).json();
    if (certificate.applicationId !== id || certificate.code !== application.certificate?.code)
      books.certificateMismatches.push(serial);
    const pdf = await get(`/api/certificates/${encodeURIComponent(serial)}/pdf`);
    const digest = createHash('sha256').update(pdf.body).digest('hex');
    if (pdf.status !== 200 || digest !== certificate.sha256) books.pdfMismatches.push(serial);
  });
  for (const serial of serialOwner.keys()) {
    const match = /^(.*)-(\d{6})$/.exec(serial);
    if (!match) continue;
    const [, series = '', number = ''] = match;
    books.series[series] = [...(books.series[series] ?? []), Number(number)];
  }
  for (const [series, numbers] of Object.entries(books.series)) {
    numbers.sort((a, b) => a - b);
    numbers.forEach((number, index) => {
      if (number !== index + 1) books.gaps.push(`${series}: position ${index + 1} holds ${number}`);
    });
  }
  return books;
};
