// A stand-in Camunda 8.8 cluster for the Camunda adapter's tests: Oficio's own /v2 API in its
// stand-in mode (no authentication and none of Oficio's rules, as a cluster without authentication
// serves it; server/http/v2/policy.ts) over the embedded engine, with Zeebe's user task listeners
// played by task-listeners.ts — on 127.0.0.1, recording every request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { openCollections } from '../../../server/engine/embedded/collections.js';
import type { EmbeddedEngine, ManualClock } from '../../../server/engine/embedded/index.js';
import { createCamundaV2Router } from '../../../server/http/v2/index.js';
import { createTestOficio } from '../../support/oficio.js';
import { START } from '../harness.js';
import { TaskListenerShim, type TaskListenerShimOptions } from './task-listeners.js';

export interface RecordedRequest {
  method: string;
  /** The path below /v2 with keys in place ('/jobs/2251799813685251/completion'). */
  path: string;
  /** The same with its keys as placeholders ('/jobs/:key/completion'). */
  route: string;
  query: Record<string, string>;
  /** The JSON body as sent (a deployment: its resources' names and texts). */
  body: unknown;
  status: number;
}

type Respond = (request: RecordedRequest) => { status: number; body?: unknown } | undefined;

export interface CamundaDouble {
  /** The address to give the SDK as ZEEBE_REST_ADDRESS (it appends /v2). */
  readonly url: string;
  readonly engine: EmbeddedEngine;
  readonly clock: ManualClock;
  readonly requests: RecordedRequest[];
  /** The requests to a route ('POST /jobs/:key/completion'). */
  requestsTo(route: string): RecordedRequest[];
  /** Hands out the listener jobs of what changed and waits until they are answered. */
  settle(): Promise<void>;
  /** Answers a route ('GET /process-instances/:key') with `respond` instead; undefined lets the request through. */
  intercept(route: string, respond: Respond): void;
  /** Jobs of these types that wait for a worker (due, not handed out, listener jobs included). */
  waitingJobs(types: string[]): Promise<number>;
  close(): Promise<void>;
}

export interface CamundaDoubleOptions extends TaskListenerShimOptions {
  /** The clock's start (default the scenario suites' START). */
  start?: string;
}

export async function startCamundaDouble(options: CamundaDoubleOptions = {}): Promise<CamundaDouble> {
  // A cluster adds no variable of Oficio's to an instance: the stand-in numbers none.
  const oficio = await createTestOficio({ start: options.start ?? START, numberInstances: false });
  const cluster = new TaskListenerShim(oficio.engine, oficio.clock, options);
  const app = express();
  app.use('/v2', createCamundaV2Router({ ...oficio, engine: cluster, mode: 'stand-in' }));
  const requests: RecordedRequest[] = [];
  const interceptors = new Map<string, Respond>();
  const server = createServer((req, res) => {
    const { record, received } = recorded(req, res);
    requests.push(record);
    const respond = interceptors.get(`${record.method} ${record.route}`);
    if (!respond) return void app(req, res);
    // The interceptor sees the body (left unread: a request it lets through reaches the router whole).
    void received.then(() => {
      const answer = respond(record);
      if (!answer) app(req, res);
      else if (answer.body === undefined) res.writeHead(answer.status).end();
      else res.writeHead(answer.status, { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jobs = openCollections(oficio.store).jobs;

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    engine: oficio.engine,
    clock: oficio.clock,
    requests,
    requestsTo: (route) => requests.filter((r) => `${r.method} ${r.route}` === route),
    settle: () => cluster.settle(),
    intercept: (route, respond) => void interceptors.set(route, respond),
    async waitingJobs(types) {
      if (!types.length) return 0;
      const engineWaiting = await jobs.count({ type: { $in: types }, state: { $in: ['ACTIVATABLE', 'ACTIVATED'] }, due: { $lte: oficio.clock.now() } });
      return cluster.waitingListenerJobs(types) + engineWaiting;
    },
    async close() {
      await cluster.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await oficio.close();
    },
  };
}

/**
 * A request's record, pushed as it arrives: its body once received — seen as the server pushes
 * it, without reading it, since the router reads it itself — and its status once answered.
 */
function recorded(req: IncomingMessage, res: ServerResponse): { record: RecordedRequest; received: Promise<void> } {
  const url = new URL(req.url ?? '/', 'http://double');
  const path = url.pathname.replace(/^\/v2/, '');
  const record: RecordedRequest = {
    method: req.method ?? 'GET',
    path,
    route: path.replace(/\/\d{6,}(?=\/|$)/g, '/:key'),
    query: Object.fromEntries(url.searchParams),
    body: undefined,
    status: 0,
  };
  const chunks: Buffer[] = [];
  const push = req.push.bind(req);
  const received = new Promise<void>((resolve) => {
    req.push = (chunk: unknown, encoding?: BufferEncoding) => {
      if (chunk === null) {
        record.body = bodyOf(Buffer.concat(chunks), req.headers['content-type'] ?? '');
        resolve();
      } else chunks.push(Buffer.from(chunk as Buffer));
      return push(chunk, encoding);
    };
  });
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    record.status = status;
    return writeHead.call(this, status, ...(rest as []));
  } as typeof res.writeHead;
  return { record, received };
}

function bodyOf(raw: Buffer, contentType: string): unknown {
  if (contentType.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);
  if (!raw.length) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}

/** The parts of a multipart/form-data body: files under `resources`, plain fields by name. */
function parseMultipart(raw: Buffer, contentType: string) {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = `--${boundary?.[1] ?? boundary?.[2]}`;
  const text = raw.toString('utf8');
  const resources: Array<{ name: string; content: string }> = [];
  const fields: Record<string, string> = {};
  for (const part of text.split(marker).slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    const headers = part.slice(0, split);
    const content = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    if (filename !== undefined) resources.push({ name: filename, content });
    else fields[name] = content;
  }
  return { resources, ...fields };
}
