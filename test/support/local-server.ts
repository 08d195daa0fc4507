// `npm start` as a user runs it, from a test: the local server as its own process on a free port, with its data
// under `dataDir`. One process (node with tsx's loader, not the tsx wrapper), so a test's SIGTERM reaches it.
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../functions/local/storage-processes.ts';
import { waitFor } from './processes.ts';

export interface LocalServer {
  base: string;
  port: number;
  /** Everything the server printed since it started. */
  output(): string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export const startLocalServer = async (options: {
  dataDir: string;
  password: string;
  port?: number;
}): Promise<LocalServer> => {
  const port = options.port ?? (await freePort());
  const base = `http://localhost:${port}`;
  let output = '';
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'functions/local/server.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: options.dataDir, DEMO_PASSWORD: options.password },
    stdio: 'pipe',
  });
  const append = (chunk: Buffer) => {
    output += chunk.toString();
  };
  server.stdout?.on('data', append);
  server.stderr?.on('data', append);
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) return resolve(server.exitCode);
      server.once('exit', (code) => resolve(code));
      server.kill('SIGTERM');
    });
  try {
    // Ready is what a user sees: the banner printed and /healthz answering.
    await waitFor(async () => {
      if (server.exitCode !== null) throw new Error(`server exited early:\n${output}`);
      if (!output.includes('Press Ctrl-C to stop.')) return false;
      return fetch(`${base}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
    }, 240_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, port, output: () => output, stop };
};
