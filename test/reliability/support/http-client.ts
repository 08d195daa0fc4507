// A small HTTP client for suites that talk to a real server process over loopback. Built on node:http so that
// each simulated verifier can send from its own loopback address (127.0.0.N): the public endpoints are limited
// per client address, and a crowd of customs officers does not come from one address.
import { Agent, request as httpRequest } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text(): string;
  // biome-ignore lint/suspicious/noExplicitAny: response JSON is asserted by the caller
  json(): any;
}

export interface HttpCall {
  method?: string;
  token?: string | undefined;
  json?: unknown;
  body?: Buffer | string;
  headers?: Record<string, string>;
  /** Loopback address to send from; each gets its own keep-alive agent. */
  from?: string;
  timeoutMs?: number;
}

/** Connection-level failure: no HTTP answer at all (the server was killed, refused, reset). */
export class NoAnswer extends Error {
  override readonly name = 'NoAnswer';
}

export const createHttpClient = (baseUrl: string) => {
  const agents = new Map<string, Agent>();
  const agentFor = (from: string | undefined) => {
    const key = from ?? 'default';
    let agent = agents.get(key);
    if (!agent) {
      agent = new Agent({ keepAlive: true, maxSockets: 16, ...(from ? { localAddress: from } : {}) });
      agents.set(key, agent);
    }
    return agent;
  };
  const base = new URL(baseUrl);

  const send = (path: string, call: HttpCall = {}): Promise<HttpAnswer> =>
    new Promise((resolve, reject) => {
      const body =
        call.json !== undefined
          ? Buffer.from(JSON.stringify(call.json))
          : call.body === undefined
            ? undefined
            : Buffer.from(call.body);
      const request = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          path,
          method: call.method ?? (body === undefined ? 'GET' : 'POST'),
          agent: agentFor(call.from),
          headers: {
            ...(call.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...(call.token ? { Authorization: `Bearer ${call.token}` } : {}),
            ...(body ? { 'Content-Length': String(body.length) } : {}),
            ...call.headers,
          },
          timeout: call.timeoutMs ?? 30_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => reject(new NoAnswer(String(error))));
          response.on('end', () => {
            const bytes = Buffer.concat(chunks);
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: bytes,
              text: () => bytes.toString('utf8'),
              json: () => JSON.parse(bytes.toString('utf8')),
            });
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', (error) => reject(new NoAnswer(String(error))));
      request.end(body);
    });

  const close = () => {
    for (const agent of agents.values()) agent.destroy();
    agents.clear();
  };

  return { send, close, baseUrl };
};

export type HttpClient = ReturnType<typeof createHttpClient>;

/** A multipart/form-data body with one file field (and optionally a kind), as a browser would send it. */
export const multipartBody = (
  bytes: Uint8Array,
  fileName: string,
  kind?: string,
): { body: Buffer; contentType: string } => {
  const boundary = `----tradecert${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    Buffer.from(bytes),
    Buffer.from('\r\n'),
  ];
  if (kind)
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
};
