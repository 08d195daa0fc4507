// Crash in the middle of issuance bursts: the local server as users run it is killed with SIGKILL (the whole
// process group: tsx, node, DynamoDB Local and s3rver, as on a power cut) while eight approvals are in flight,
// the recovery is run, the server is started again on the same data, and the books must still balance:
// every approval that was answered 201 is ISSUED, nothing is left ISSUING, serials are unique and gap-free,
// every PDF matches its recorded SHA-256 and every audit chain verifies.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/storage-processes.ts';
import { readBooks } from './support/accounting.ts';
import { createHttpClient, type HttpClient, NoAnswer } from './support/http-client.ts';
import { SERVER_PASSWORD, type ServerProcess, startServer } from './support/server-process.ts';
import { counted, createDocumented, newTally, submit, type Tally } from './support/traffic.ts';

const CYCLES = 2;
const BURST = 24;
const IN_FLIGHT = 8;

let dataDir: string;
let port: number;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tradecert-crash-'));
  port = await freePort();
});

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const login = async (http: HttpClient, email: string) => {
  const answer = await http.send('/api/auth/login', { json: { email, password: SERVER_PASSWORD } });
  if (answer.status !== 200) throw new Error(`login of ${email}: ${answer.status} ${answer.text()}`);
  return answer.json().token as string;
};

/** The recovery, run while the server is down: its own storage processes on the same data directory. */
const recover = () => {
  const run = spawnSync(
    join('node_modules', '.bin', 'tsx'),
    ['test/reliability/support/recover-issuance.ts'],
    {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'error' },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (run.status !== 0) throw new Error(`recovery failed (${run.status}):\n${run.stderr}\n${run.stdout}`);
  const line = run.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as { completed: string[]; failed: string[] };
};

interface Cycle {
  approvalsSent: number;
  answered201: number;
  answered409: number;
  unanswered: number;
  killedAfterMs: number;
  orphansAfterKill: number;
  recovered: number;
  recoveryFailed: number;
}

/** Prepares a burst of submitted applications, approves them eight at a time, and kills the server mid-burst. */
const burstAndCrash = async (tally: Tally, unanswered: Set<string>): Promise<Cycle> => {
  server = await startServer({ dataDir, port });
  const http = createHttpClient(server.url);
  const send = counted(http, tally);
  const exporter = await login(http, 'exporter@demo.test');
  const staff = [await login(http, 'staff@demo.test'), await login(http, 'staff2@demo.test')];
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (ids.length < BURST) {
        const application = await createDocumented(send, tally, exporter);
        if (!application) continue;
        if ((await submit(send, tally, exporter, application)).status === 200) ids.push(application.id);
      }
    }),
  );

  const cycle: Cycle = {
    approvalsSent: 0,
    answered201: 0,
    answered409: 0,
    unanswered: 0,
    killedAfterMs: 0,
    orphansAfterKill: 0,
    recovered: 0,
    recoveryFailed: 0,
  };
  const started = Date.now();
  let next = 0;
  let killed = false;
  const lane = async (index: number) => {
    while (next < ids.length && !killed) {
      const id = ids[next++] as string;
      cycle.approvalsSent += 1;
      // every third application is approved by both staff members at the same moment
      const approvers = next % 3 === 0 ? staff : [staff[index % 2] as string];
      await Promise.all(
        approvers.map(async (token) => {
          try {
            const answer = await send(`/api/applications/${id}/approve`, { token, json: { version: 2 } });
            if (answer.status === 201) {
              cycle.answered201 += 1;
              const { certificate } = answer.json();
              tally.approvals.set(id, { applicationId: id, ...certificate, approvedAt: Date.now() });
            } else if (answer.status === 409) cycle.answered409 += 1;
            else tally.otherApprovalAnswers.push(`${answer.status} ${answer.text().slice(0, 200)}`);
          } catch (error) {
            if (!(error instanceof NoAnswer)) throw error;
            cycle.unanswered += 1;
            unanswered.add(id);
          }
        }),
      );
    }
  };
  const burst = Promise.all(Array.from({ length: IN_FLIGHT }, (_, index) => lane(index)));
  // kill once a few certificates are out and several approvals are in flight
  while (cycle.answered201 < 3 && Date.now() - started < 30_000)
    await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 400));
  cycle.killedAfterMs = Date.now() - started;
  killed = true;
  const { orphans } = await server.crash();
  cycle.orphansAfterKill = orphans.length;
  server = undefined;
  await burst;
  http.close();

  const recovery = recover();
  cycle.recovered = recovery.completed.length;
  cycle.recoveryFailed = recovery.failed.length;
  return cycle;
};

describe('SIGKILL in the middle of issuance bursts', () => {
  it('keeps every answered approval, completes the interrupted ones, and never doubles or skips a serial', async () => {
    const tally = newTally();
    const unanswered = new Set<string>();
    const cycles: Cycle[] = [];
    for (let index = 0; index < CYCLES; index++) cycles.push(await burstAndCrash(tally, unanswered));

    server = await startServer({ dataDir, port });
    const http = createHttpClient(server.url);
    const staff = await login(http, 'staff@demo.test');
    const books = await readBooks(http, staff, tally.created);
    const approved = new Set(tally.approvals.keys());

    // what the interrupted approvals became: ISSUED (reserved before the kill, completed by the recovery or
    // committed before the kill) or still SUBMITTED (the kill came before the reservation) — nothing else
    const interrupted = [...unanswered].filter((id) => !approved.has(id));
    const interruptedIssued = interrupted.filter((id) => books.issued.has(id));
    const stillSubmitted = tally.created.length - books.issued.size;

    // afterwards the survivors can still be approved, and the series continues without a gap
    const leftovers = (
      await http.send('/api/applications?status=SUBMITTED&limit=100', { token: staff })
    ).json().items as { id: string; version: number }[];
    for (const application of leftovers) {
      const answer = await http.send(`/api/applications/${application.id}/approve`, {
        token: staff,
        json: { version: application.version },
      });
      expect(answer.status, answer.text()).toBe(201);
    }
    const finalBooks = await readBooks(http, staff, tally.created);
    http.close();

    const summary = {
      cycles,
      applications: tally.created.length,
      answered201: approved.size,
      interruptedApprovals: interrupted.length,
      interruptedThatEndedIssued: interruptedIssued.length,
      recoveredBySweep: cycles.reduce((sum, cycle) => sum + cycle.recovered, 0),
      stillSubmittedAfterCrashes: stillSubmitted,
      approvedAfterRestart: leftovers.length,
      finalByStatus: finalBooks.byStatus,
      series: Object.fromEntries(
        Object.entries(finalBooks.series).map(([series, numbers]) => [series, numbers.length]),
      ),
      serverErrors: [...tally.serverErrors, ...books.serverErrors, ...finalBooks.serverErrors],
      lostOrDuplicated: finalBooks.duplicateSerials.length + finalBooks.gaps.length,
    };
    console.info(`crash: ${JSON.stringify(summary)}`);
    await mkdir('test-artifacts/reliability', { recursive: true });
    await writeFile('test-artifacts/reliability/crash.json', `${JSON.stringify(summary, null, 2)}\n`);

    expect(summary.serverErrors).toEqual([]);
    expect(tally.otherApprovalAnswers).toEqual([]);
    expect(cycles.every((cycle) => cycle.unanswered > 0)).toBe(true);
    for (const id of approved) expect(books.issued.has(id), id).toBe(true);
    for (const id of books.issued) expect(approved.has(id) || unanswered.has(id), id).toBe(true);
    expect(books.issuing).toEqual([]);
    for (const book of [books, finalBooks]) {
      expect(book.duplicateSerials).toEqual([]);
      expect(book.gaps).toEqual([]);
      expect(book.pdfMismatches).toEqual([]);
      expect(book.certificateMismatches).toEqual([]);
      expect(book.brokenChains).toEqual([]);
    }
    expect(finalBooks.issued.size).toBe(tally.created.length);
  }, 400_000);
});
