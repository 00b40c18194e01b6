// The HTTP app in-process (supertest) as npm start builds it — createOficio, then createApp — on an
// in-memory store, the embedded engine with a manual clock, every worker of workers/ (e-mail to a real
// SMTP server on loopback) — and signed-in agents for any demo user. Every JSON answer is checked
// against its route's contract.
import request from 'supertest';
import type { EmbeddedEngine, ManualClock } from '../../server/engine/embedded/index.js';
import type { Identity } from '../../server/core/identity/index.js';
import type { AuditTrail } from '../../server/core/audit/index.js';
import { createApp } from '../../server/http/app.js';
import type { AppDeps, HttpSettings } from '../../server/http/deps.js';
import type { Store } from '../../server/store/port.js';
import { startSmtp, type Mail } from '../processes/harness.js';
import { createTestOficio, type TestOficio } from '../support/oficio.js';

export const DEMO_PASSWORD = 'Oficio#2026demo';
export const START = '2026-03-02T15:00:00.000Z';

/** The HTTP settings of the tests' apps: plain HTTP, no proxy, the default upload limit, answers checked against the contract. */
export const TEST_HTTP: HttpSettings = { secureCookies: false, trustProxy: 0, attachmentMaxBytes: 10 * 1024 * 1024, checkResponses: true };

export interface HttpHarness {
  app: ReturnType<typeof createApp>;
  /** Oficio as createOficio built it: what the app was given. */
  oficio: TestOficio;
  store: Store;
  engine: EmbeddedEngine;
  clock: ManualClock;
  identity: Identity;
  audit: AuditTrail;
  /** Every e-mail the workers sent, as the loopback SMTP server received it. */
  mails: Mail[];
  /** Another app over the same Oficio, with other HTTP settings or the browser app served. */
  appWith(options: { http?: Partial<HttpSettings>; designer?: AppDeps['designer'] }): ReturnType<typeof createApp>;
  /** A supertest agent signed in as `username`, sending its CSRF token on every call. */
  signIn(username: string): Promise<Agent>;
  close(): Promise<void>;
}

export interface Agent {
  csrfToken: string;
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
}

export async function createHttpHarness(): Promise<HttpHarness> {
  const mails: Mail[] = [];
  const smtp = await startSmtp(mails);
  const oficio = await createTestOficio({
    start: START,
    demoPassword: DEMO_PASSWORD,
    workers: { mail: { smtp: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true }, from: 'Oficio <oficio@aguascalientes.gob.mx>' } },
  });
  oficio.workers.start();
  const appWith: HttpHarness['appWith'] = ({ http, designer }) => createApp({ ...oficio, http: { ...TEST_HTTP, ...http }, ...(designer ? { designer } : {}) });
  const app = appWith({});
  const { store, engine, clock, identity, audit } = oficio;
  return {
    app,
    oficio,
    store,
    engine,
    clock,
    identity,
    audit,
    mails,
    appWith,
    async signIn(username) {
      const agent = request.agent(app);
      const res = await agent.post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`cannot sign in as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      const csrfToken = res.body.csrfToken as string;
      return {
        csrfToken,
        get: (path) => agent.get(path),
        post: (path, body) =>
          agent
            .post(path)
            .set('x-csrf-token', csrfToken)
            .send(body ?? {}),
        put: (path, body) =>
          agent
            .put(path)
            .set('x-csrf-token', csrfToken)
            .send(body ?? {}),
        delete: (path) => agent.delete(path).set('x-csrf-token', csrfToken),
      };
    },
    async close() {
      await oficio.close();
      await smtp.close();
    },
  };
}
