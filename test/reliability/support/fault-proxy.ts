// A reverse proxy on 127.0.0.1 between the application and a storage service (DynamoDB Local or s3rver), that
// can fail requests the way the real services fail: DynamoDB throttling, S3 503 SlowDown, a connection cut
// after the request was sent, or nothing listening at all. A rule sees each request and decides; it may also
// wait (to stop the service while a request is in flight).
import { createServer, request as forward, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';

export type Decision =
  /** forward and answer */
  | 'pass'
  /** DynamoDB's 400 ThrottlingException (the SDK retries it, then gives up) */
  | 'throttle'
  /** S3's 503 SlowDown */
  | 'unavailable'
  /** cut the connection without forwarding (the service never saw the request) */
  | 'drop'
  /** forward, let the service act, then cut the connection instead of answering (the answer is lost) */
  | 'lose-answer';

export interface ProxiedRequest {
  method: string;
  path: string;
  /** DynamoDB's operation (X-Amz-Target without the prefix), e.g. TransactWriteItems */
  operation: string | undefined;
  body: Buffer;
}

export type Rule = (request: ProxiedRequest) => Decision | Promise<Decision>;

const THROTTLED = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
  message: 'Rate of requests exceeds the allowed throughput.',
});
const SLOW_DOWN =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

export const startFaultProxy = async (initialTarget: string) => {
  let target = new URL(initialTarget);
  let rule: Rule = () => 'pass';
  const sockets = new Set<Socket>();
  const counts: Record<Decision, number> = {
    pass: 0,
    throttle: 0,
    unavailable: 0,
    drop: 0,
    'lose-answer': 0,
  };
  let server: Server;
  let port = 0;

  const handle = async (incoming: IncomingMessage, respond: import('node:http').ServerResponse) => {
    const body = await readBody(incoming);
    const targetHeader = incoming.headers['x-amz-target'];
    const decision = await rule({
      method: incoming.method ?? 'GET',
      path: incoming.url ?? '/',
      operation: typeof targetHeader === 'string' ? targetHeader.split('.').pop() : undefined,
      body,
    });
    counts[decision] += 1;
    if (decision === 'drop') return incoming.socket.destroy();
    if (decision === 'throttle') {
      respond.writeHead(400, {
        'Content-Type': 'application/x-amz-json-1.0',
        'x-amzn-RequestId': 'fault-proxy',
      });
      return respond.end(THROTTLED);
    }
    if (decision === 'unavailable') {
      respond.writeHead(503, { 'Content-Type': 'application/xml', 'x-amz-request-id': 'fault-proxy' });
      return respond.end(SLOW_DOWN);
    }
    const upstream = forward(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: `${target.hostname}:${target.port}` },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          if (decision === 'lose-answer') return incoming.socket.destroy();
          respond.writeHead(answer.statusCode ?? 502, answer.headers);
          respond.end(Buffer.concat(chunks));
        });
      },
    );
    upstream.on('error', () => incoming.socket.destroy());
    upstream.end(body);
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((incoming, respond) => {
        handle(incoming, respond).catch(() => incoming.socket.destroy());
      });
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        port = typeof address === 'object' && address ? address.port : port;
        resolve();
      });
    });

  await listen();

  return {
    endpoint: () => `http://127.0.0.1:${port}`,
    counts,
    setRule: (next: Rule) => {
      rule = next;
    },
    pass: () => {
      rule = () => 'pass';
    },
    /** Nothing listens any more: new connections are refused and open ones are cut, as when the service is down. */
    goDown: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
    /** Listens again on the same port, forwarding to `nextTarget` (a restarted service has a new port). */
    comeBack: async (nextTarget: string) => {
      target = new URL(nextTarget);
      await listen();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
};

export type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;
