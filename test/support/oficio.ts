// Oficio as the tests build it: through createOficio, as npm start does, over an in-memory store (or
// one a test opens), on a manual clock, with cheap password hashing and the demo users seeded. The
// harnesses of the HTTP API, /v2, the manual's processes and the engine suites are built on it.
import { loadForms } from '../../forms/index.js';
import { readConfig, type Config } from '../../server/config.js';
import { createManualClock, type EmbeddedEngine, type ManualClock } from '../../server/engine/embedded/index.js';
import { silentLogger } from '../../server/log.js';
import { createOficio, type Oficio, type OficioOverrides } from '../../server/oficio.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import type { Store } from '../../server/store/port.js';

/** Read once per test file: every Oficio of the file shares the forms of forms/. */
const FILE_FORMS = loadForms();

/** A low scrypt cost keeps sign-ins fast in tests; the stored format records it, so nothing else changes. */
export const TEST_PASSWORD_COST = { ln: 10, r: 8, p: 1 } as const;

export interface TestOficio extends Oficio {
  /** The embedded engine (the tests' default), with what it offers beyond the port. */
  readonly engine: EmbeddedEngine;
  readonly clock: ManualClock;
}

export interface TestOficioOptions extends Omit<OficioOverrides, 'clock'> {
  /** The manual clock's start (ISO date-time). */
  start: string;
  /** Environment variables for the configuration (OFICIO_LANG …); the store is in memory unless `store` is given. */
  env?: NodeJS.ProcessEnv;
  /** The demo users' password: they are seeded when given. */
  demoPassword?: string;
}

/** The configuration a test runs with: the environment it names and nothing of the machine's. */
export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return readConfig({ OFICIO_LANG: 'es', ...env });
}

/** Oficio on the embedded engine with a manual clock, over `store` (in memory by default). */
export async function createTestOficio({ start, env, demoPassword, store, ...overrides }: TestOficioOptions): Promise<TestOficio> {
  const clock = createManualClock(start);
  const oficio = await createOficio(testConfig(env), {
    store: store ?? createSqliteStore({ path: ':memory:' }),
    clock,
    fileForms: FILE_FORMS,
    passwordCost: TEST_PASSWORD_COST,
    // Quiet; a test that asserts on the log passes its own (test/support/log.ts captureLog).
    log: silentLogger(),
    // A test sweeps uploads itself (attachments.sweep()) when it is what it tests.
    attachmentSweep: false,
    // Mail waits in the outbox unless a test delivers it (mailDelivery: true, with its SMTP server in workers.mail).
    mailDelivery: false,
    ...overrides,
  });
  if (demoPassword) await oficio.identity.seedDemoUsers({ password: demoPassword });
  return { ...oficio, engine: oficio.engine as EmbeddedEngine, clock };
}

/** Oficio on a store the test opened itself (a file it reopens, as after a restart), on the system clock. */
export async function openTestOficio(store: Store, overrides: Omit<OficioOverrides, 'store'> = {}): Promise<Oficio & { engine: EmbeddedEngine }> {
  const oficio = await createOficio(testConfig(), {
    store,
    fileForms: FILE_FORMS,
    passwordCost: TEST_PASSWORD_COST,
    log: silentLogger(),
    attachmentSweep: false,
    mailDelivery: false,
    ...overrides,
  });
  return { ...oficio, engine: oficio.engine as EmbeddedEngine };
}
