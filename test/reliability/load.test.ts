// 60 s of mixed traffic against the local server as users run it: three exporters creating, editing and
// submitting, two staff reviewing (often approving the same application at the same moment), fifty verifiers
// from their own loopback addresses and one that ignores the rate limit. Afterwards the books must balance:
// one ISSUED certificate per successful approval, gap-free unique serials, every PDF matching its SHA-256,
// every audit chain intact, and no 5xx at any time.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/storage-processes.ts';
import { readBooks } from './support/accounting.ts';
import { createHttpClient, type HttpClient } from './support/http-client.ts';
import { SERVER_PASSWORD, type ServerProcess, startServer } from './support/server-process.ts';
import { counted, exporterLoop, newTally, staffLoop, verifierLoop } from './support/traffic.ts';

const DURATION_MS = Number(process.env.RELIABILITY_LOAD_MS ?? 60_000);
const VERIFIERS = 50;
/** Under the public limit of 120 a minute per address. */
const VERIFIER_RATE = 1.8;

let dataDir: string;
let server: ServerProcess;
let http: HttpClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tradecert-load-'));
  server = await startServer({ dataDir, port: await freePort() });
  http = createHttpClient(server.url);
});

afterAll(async () => {
  http?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const login = async (email: string, password = SERVER_PASSWORD) => {
  const answer = await http.send('/api/auth/login', { json: { email, password } });
  if (answer.status !== 200) throw new Error(`login of ${email}: ${answer.status} ${answer.text()}`);
  return answer.json().token as string;
};

/**
 * Two more exporter organisations with one exporter each, made by the admin through the API; each exporter is an
 * authorised signatory, as submitting needs (docs/legal.md §8).
 */
const moreExporters = async (admin: string): Promise<string[]> => {
  const emails: string[] = [];
  for (const [index, name] of ['Балкан Фудс ДООЕЛ', 'Пелагонија Агро ДООЕЛ'].entries()) {
    const org = await http.send('/api/orgs', {
      token: admin,
      json: { name, address: { street: 'Индустриска 3', city: 'Битола', country: 'MK' } },
    });
    const email = `exporter${index + 2}@load.test`;
    const user = await http.send('/api/users', {
      token: admin,
      json: { email, name, role: 'exporter', orgId: org.json().id },
    });
    if (user.status !== 201) throw new Error(`user: ${user.status} ${user.text()}`);
    const granted = await http.send(`/api/users/${user.json().id}/signatory`, {
      token: admin,
      json: { fullName: name, function: 'Управител' },
    });
    if (granted.status !== 200) throw new Error(`signatory: ${granted.status} ${granted.text()}`);
    // an account an admin made chooses its own password at first login (docs/security.md, "Passwords")
    const initialPassword = user.json().initialPassword as string;
    const changed = await http.send('/api/me/password', {
      token: await login(email, initialPassword),
      json: { currentPassword: initialPassword, newPassword: SERVER_PASSWORD },
    });
    if (changed.status !== 200) throw new Error(`password: ${changed.status} ${changed.text()}`);
    emails.push(email);
  }
  return emails;
};

describe('sixty seconds of mixed traffic', () => {
  it('balances the books: one certificate per approval, gap-free serials, sound PDFs and chains, no 5xx', async () => {
    const admin = await login('admin@demo.test');
    const exporters = await Promise.all(
      ['exporter@demo.test', ...(await moreExporters(admin))].map((email) => login(email)),
    );
    const staff = await Promise.all(['staff@demo.test', 'staff2@demo.test'].map((email) => login(email)));
    const tally = newTally();
    const send = counted(http, tally);

    const started = Date.now();
    const deadline = started + DURATION_MS;
    const abuser = { sent: 0, limited: 0 };
    await Promise.all([
      ...exporters.map((token) => exporterLoop(send, tally, token, deadline)),
      ...staff.map((token) => staffLoop(send, tally, token, deadline)),
      ...Array.from({ length: VERIFIERS }, (_, index) =>
        verifierLoop(send, tally, `127.0.0.${10 + index}`, deadline, VERIFIER_RATE),
      ),
      // one client that ignores the limit: 10 requests a second from a single address
      (async () => {
        while (Date.now() < deadline) {
          const answer = await send('/api/verify/0000000000000000', { from: '127.0.0.250' });
          abuser.sent += 1;
          if (answer.status === 429) abuser.limited += 1;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })(),
    ]);
    const trafficSeconds = (Date.now() - started) / 1000;

    const staffToken = staff[0] as string;
    const books = await readBooks(http, staffToken, tally.created);
    const approved = new Set(tally.approvals.keys());
    const summary = {
      seconds: Math.round(trafficSeconds),
      requests: tally.requests,
      requestsPerSecond: Math.round(tally.requests / trafficSeconds),
      statuses: tally.statuses,
      applicationsCreated: tally.created.length,
      submissions: tally.submitted,
      successfulApprovals: approved.size,
      approvalConflicts409: tally.approvalConflicts,
      otherApprovalAnswers: tally.otherApprovalAnswers,
      reviews: tally.reviews,
      revocations: tally.revocations.size,
      verifications: tally.verifications,
      rateLimited429: tally.rateLimited,
      abuser,
      byStatus: books.byStatus,
      certificatesIssued: books.issued.size,
      series: Object.fromEntries(
        Object.entries(books.series).map(([series, numbers]) => [series, numbers.length]),
      ),
      serverErrors: [...tally.serverErrors, ...books.serverErrors],
      noAnswers: tally.noAnswers,
      lostOrDuplicated: books.duplicateSerials.length + books.gaps.length,
    };
    console.info(`load: ${JSON.stringify(summary)}`);
    await mkdir('test-artifacts/reliability', { recursive: true });
    await writeFile('test-artifacts/reliability/load.json', `${JSON.stringify(summary, null, 2)}\n`);

    expect(summary.serverErrors).toEqual([]);
    expect(tally.noAnswers).toEqual([]);
    expect(tally.otherApprovalAnswers).toEqual([]);
    expect(approved.size).toBeGreaterThan(50);
    expect(tally.approvalConflicts).toBeGreaterThan(0);
    expect([...books.issued].sort()).toEqual([...approved].sort());
    expect(books.issuing).toEqual([]);
    expect(books.duplicateSerials).toEqual([]);
    expect(books.gaps).toEqual([]);
    expect(books.pdfMismatches).toEqual([]);
    expect(books.certificateMismatches).toEqual([]);
    expect(books.brokenChains).toEqual([]);
    expect(tally.verificationMismatches).toEqual([]);
    expect(tally.verifications).toBeGreaterThan(1000);
    expect(abuser.limited).toBeGreaterThan(0);
    expect(tally.rateLimitedWithoutRetryAfter).toBe(0);
  }, 300_000);
});
