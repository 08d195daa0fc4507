// The local server as a user runs it (`npm start` = tsx functions/local/server.ts), in a process group of its
// own so that a crash can be simulated by SIGKILL to the whole group: tsx, the server's node, DynamoDB Local's
// java and s3rver all die at once, as on a power cut or an OOM kill.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVER_PASSWORD = 'reliability-password';

export interface ServerProcess {
  url: string;
  output(): string;
  /** SIGKILL to the whole process group, then waits until nothing runs on the data directory any more. */
  crash(): Promise<{ orphans: string[] }>;
  /** SIGTERM, as Ctrl-C would; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Processes whose command line mentions `dir`: the stack's node, DynamoDB Local and s3rver. */
export const processesUsing = (dir: string): string[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const waitUntilGone = async (dir: string, ms: number): Promise<string[]> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = processesUsing(dir);
    if (left.length === 0 || Date.now() > deadline) return left;
    await pause(100);
  }
};

export const startServer = async (options: {
  dataDir: string;
  port: number;
  env?: Record<string, string>;
}): Promise<ServerProcess> => {
  let output = '';
  const child: ChildProcess = spawn(join('node_modules', '.bin', 'tsx'), ['functions/local/server.ts'], {
    env: {
      ...process.env,
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      DEMO_PASSWORD: SERVER_PASSWORD,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${output}`);
    await pause(200);
  }
  const group = child.pid as number;
  return {
    url,
    output: () => output,
    crash: async () => {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
      const orphans = await waitUntilGone(options.dataDir, 10_000);
      // Anything left on the data directory is ours (started by this server) and would lock DynamoDB Local's file.
      for (const pid of orphans) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      await waitUntilGone(options.dataDir, 10_000);
      return { orphans };
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
};
