// The HTTP app in-process (supertest) on an in-memory store, the embedded engine with a manual
// clock, every worker of workers/ (e-mail to a real SMTP server on loopback), the identity and
// audit cores — and signed-in agents for any demo user.
import request from 'supertest';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import { createEmbeddedEngine, createManualClock, type EmbeddedEngine, type ManualClock } from '../../server/engine/embedded/index.js';
import { createIdentity, type Identity } from '../../server/core/identity/index.js';
import { createAuditTrail, type AuditTrail } from '../../server/core/audit/index.js';
import { createApp } from '../../server/http/app.js';
import type { Store } from '../../server/store/port.js';
import type { JobWorker } from '../../server/engine/port.js';
import { recordCollectionsOf, startWorkers } from '../../server/workers/runner.js';
import { createWorkers } from '../../workers/index.js';
import { startSmtp, type Mail } from '../processes/harness.js';

export const DEMO_PASSWORD = 'Oficio#2026demo';
export const START = '2026-03-02T15:00:00.000Z';

export interface HttpHarness {
  app: ReturnType<typeof createApp>;
  store: Store;
  engine: EmbeddedEngine;
  clock: ManualClock;
  identity: Identity;
  audit: AuditTrail;
  /** Every e-mail the workers sent, as the loopback SMTP server received it. */
  mails: Mail[];
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
  const store = createSqliteStore({ path: ':memory:' });
  const clock = createManualClock(START);
  const engine = createEmbeddedEngine({ store, clock });
  const now = () => new Date(clock.now());
  // A low scrypt cost keeps sign-ins fast in tests; the format records it, so nothing else changes.
  const identity = createIdentity({ store, now, passwordCost: { ln: 10, r: 8, p: 1 } });
  const audit = createAuditTrail({ store, now });
  await identity.seedDemoUsers({ password: DEMO_PASSWORD });
  const mails: Mail[] = [];
  const smtp = await startSmtp(mails);
  const workers: JobWorker[] = startWorkers(
    engine,
    createWorkers({ collections: recordCollectionsOf(store), mail: { smtp: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true }, from: 'Oficio <oficio@aguascalientes.gob.mx>' }, now }),
    { now },
  );
  const app = createApp({ engine, store, identity, audit, http: { secureCookies: false, trustProxy: 0 }, log: () => undefined, now });
  return {
    app,
    store,
    engine,
    clock,
    identity,
    audit,
    mails,
    async signIn(username) {
      const agent = request.agent(app);
      const res = await agent.post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`cannot sign in as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      const csrfToken = res.body.csrfToken as string;
      return {
        csrfToken,
        get: (path) => agent.get(path),
        post: (path, body) => agent.post(path).set('x-csrf-token', csrfToken).send(body ?? {}),
        put: (path, body) => agent.put(path).set('x-csrf-token', csrfToken).send(body ?? {}),
        delete: (path) => agent.delete(path).set('x-csrf-token', csrfToken),
      };
    },
    async close() {
      for (const worker of workers) worker.stop();
      await engine.close();
      await store.close();
      await smtp.close();
    },
  };
}
