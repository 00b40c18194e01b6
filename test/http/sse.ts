// Oficio served on a real listening socket (loopback) for the live tasklist's tests: event streams
// need a connection that stays open, which supertest does not give. Signed-in calls with the session
// cookie and CSRF token, and an event-stream reader that parses `id:`, `event:`, `data:`, `retry:` and
// comments as EventSource does. Bodies and event data are JSON the tests read field by field.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/http/app.js';
import { createTestOficio, type TestOficio, type TestOficioOptions } from '../support/oficio.js';
import { waitFor } from '../support/wait-for.js';
import { DEMO_PASSWORD, START, TEST_HTTP } from './harness.js';

export interface Served {
  oficio: TestOficio;
  server: Server;
  port: number;
  signIn(username: string): Promise<Session>;
  /** Ends the event streams, closes the server (which must not hang on them) and Oficio. */
  close(): Promise<void>;
}

export interface Session {
  username: string;
  cookie: string;
  csrf: string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  stream(options?: { lastEventId?: string | undefined }): Promise<EventStream>;
}

export interface SseEvent {
  id?: string;
  event?: string;
  data?: any;
  retry?: number;
  comment?: string;
}

export interface EventStream {
  status: number;
  headers: IncomingMessage['headers'];
  /** The answer's body when it is not a stream (a refusal). */
  body: any;
  /** Every event and comment read so far, in order. */
  readonly events: SseEvent[];
  /** The id of the last event read. */
  readonly lastEventId: string | undefined;
  readonly ended: boolean;
  /** The next event (after those already taken by next) that `matches`, waiting for it. */
  next(matches?: (event: SseEvent) => boolean, what?: string): Promise<SseEvent>;
  close(): void;
}

export async function serve(options: Partial<TestOficioOptions> = {}): Promise<Served> {
  const oficio = await createTestOficio({ start: START, demoPassword: DEMO_PASSWORD, ...options });
  const app = createApp({ ...oficio, http: TEST_HTTP });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const streams: EventStream[] = [];
  const served: Served = {
    oficio,
    server,
    port,
    async signIn(username) {
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (login.status !== 200) throw new Error(`cannot sign in as ${username}: ${login.status}`);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
      return {
        username,
        cookie,
        csrf,
        async call(method, path, body) {
          const res = await fetch(`http://127.0.0.1:${port}${path}`, {
            method,
            headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          });
          const text = await res.text();
          return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
        },
        async stream(streamOptions = {}) {
          const stream = await openStream(port, cookie, streamOptions.lastEventId);
          streams.push(stream);
          return stream;
        },
      };
    },
    async close() {
      for (const stream of streams) stream.close();
      oficio.live.events.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await oficio.close();
    },
  };
  return served;
}

/** GET /api/events as EventSource sends it (with Last-Event-ID when resuming). */
export function openStream(port: number, cookie: string | undefined, lastEventId?: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/api/events',
      headers: { accept: 'text/event-stream', ...(cookie ? { cookie } : {}), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const events: SseEvent[] = [];
      let taken = 0;
      let buffer = '';
      let ended = false;
      let body = '';
      const streaming = (res.headers['content-type'] ?? '').startsWith('text/event-stream');
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (!streaming) {
          body += chunk;
          return;
        }
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) event.comment = line.slice(1).trim();
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6));
            else if (line.startsWith('retry: ')) event.retry = Number(line.slice(7));
          }
          events.push(event);
        }
      });
      const stream: EventStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        get body() {
          return body ? JSON.parse(body) : undefined;
        },
        events,
        get lastEventId() {
          return [...events].reverse().find((e) => e.id)?.id;
        },
        get ended() {
          return ended;
        },
        async next(matches = (e) => e.event !== undefined, what = 'an event') {
          return waitFor(
            () => {
              for (let i = taken; i < events.length; i++) {
                if (matches(events[i]!)) {
                  taken = i + 1;
                  return events[i];
                }
              }
              if (ended) throw new Error('the stream ended');
              return undefined;
            },
            5000,
            what,
            { explain: () => `read so far: ${JSON.stringify(events.slice(taken).map((e) => e.event ?? e.comment ?? e.retry))}` },
          );
        },
        close() {
          res.destroy();
          req.destroy();
        },
      };
      const done = () => {
        ended = true;
      };
      res.on('end', done);
      res.on('close', done);
      if (streaming) resolve(stream);
      else res.on('end', () => resolve(stream));
    });
    req.end();
  });
}
