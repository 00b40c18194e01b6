// Runs the engine scenario suites against the Camunda adapter through the real SDK: against the
// REST double (always), with the SDK's strict request and response schemas on, and against a
// real cluster when ZEEBE_REST_ADDRESS is set.
import { loadForms } from '../../../forms/index.js';
import { readConfig } from '../../../server/config.js';
import { TASK_LISTENER_TYPE, type CamundaEngine, type CompletionCheck } from '../../../server/engine/camunda/index.js';
import type { ManualClock } from '../../../server/engine/embedded/index.js';
import type { JobWorker, JobWorkerConfig } from '../../../server/engine/port.js';
import { silentLogger } from '../../../server/log.js';
import { createOficio } from '../../../server/oficio.js';
import { createSqliteStore } from '../../../server/store/sqlite/index.js';
import type { Store } from '../../../server/store/port.js';
import type { EngineHarness, EngineTraits, TestEngine } from '../harness.js';
import { startCamundaDouble, type CamundaDouble, type CamundaDoubleOptions } from './double.js';
import { TEST_PASSWORD_COST, testConfig } from '../../support/oficio.js';
import { describeWhen } from '../../support/skip.js';

/** Read once per test file, as createTestOficio does. */
const FILE_FORMS = loadForms();

/** Behind the double runs the embedded engine: its clock and its refusals are there to test. */
export const DOUBLE_TRAITS: EngineTraits = { manualClock: true, embeddedRefusals: true, embeddedOnly: false };
/** A real cluster keeps its own time and its own rules. */
export const CLUSTER_TRAITS: EngineTraits = { manualClock: false, embeddedRefusals: false, embeddedOnly: false };

/** The SDK's schemas police both sides: a request or an answer off the 8.8 API fails the call. */
export const STRICT = { CAMUNDA_SDK_VALIDATION: 'req:strict,res:strict' };

export interface CamundaHarness extends EngineHarness {
  engine: TestEngine & CamundaEngine;
  /** Oficio's store, where the task listeners record user tasks. */
  store: Store;
  /** Absent on a real cluster. */
  double?: CamundaDouble;
}

export interface CamundaHarnessOptions {
  /** How Oficio's completing listener checks a submission (default: against the task's form). */
  checkCompletion?: CompletionCheck;
  /** How the double plays the cluster. */
  double?: CamundaDoubleOptions;
  /** The cluster's SDK settings (default: the environment's, through config.ts). */
  settings?: Record<string, string>;
}

/**
 * A cluster's searches lag its commands (they read a secondary store): on a real cluster every
 * read waits this long after the last command, so that the suites' read-after-write holds.
 */
export const CLUSTER_SETTLE_MS = 2000;

/** The adapter (with Oficio's user task records) against a fresh REST double. */
export async function createDoubleHarness(options: CamundaHarnessOptions = {}): Promise<CamundaHarness> {
  const double = await startCamundaDouble(options.double);
  const settings = { ZEEBE_REST_ADDRESS: double.url, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SDK_LOG_LEVEL: 'silent', ...STRICT };
  return assemble(settings, options, double);
}

/**
 * The adapter against the cluster the environment names (ZEEBE_REST_ADDRESS and its credentials).
 * Meant for a fresh cluster (Camunda 8 Run started for the run): the suites deploy the same
 * process ids in every test. The instances a test started are cancelled when it ends.
 */
export async function createClusterHarness(options: CamundaHarnessOptions = {}): Promise<CamundaHarness> {
  const settings = { ...(options.settings ?? readConfig(process.env).camunda.settings), ...STRICT };
  return assemble(settings, options, undefined, CLUSTER_SETTLE_MS);
}

/** Whether a real cluster is configured for the tests. */
export const clusterAddress = (): string | undefined => readConfig(process.env).camunda.settings.ZEEBE_REST_ADDRESS;

/** `describe` when a real cluster is configured; otherwise skipped, with a banner saying so. */
export const describeOnCluster: jest.Describe = describeWhen(Boolean(clusterAddress()), 'CAMUNDA CLUSTER TESTS SKIPPED', [
  'Set ZEEBE_REST_ADDRESS (and CAMUNDA_AUTH_STRATEGY with its credentials) to run the',
  'engine suites against a real Camunda 8.8 cluster. They ran against the REST double.',
]);

const READS = /^(get|search)/;

/** Oficio on ENGINE=camunda (createOficio, as npm start builds it) with the cluster's settings. */
async function assemble(settings: Record<string, string>, options: CamundaHarnessOptions, double?: CamundaDouble, settleMs = 0): Promise<CamundaHarness> {
  const oficio = await createOficio(testConfig({ ENGINE: 'camunda', ...settings }), {
    store: createSqliteStore({ path: ':memory:' }),
    fileForms: FILE_FORMS,
    passwordCost: TEST_PASSWORD_COST,
    log: silentLogger(),
    attachmentSweep: false,
    ...(options.checkCompletion ? { checkCompletion: options.checkCompletion } : {}),
  });
  const adapter = oficio.engine as CamundaEngine;
  const workers: JobWorker[] = [];
  const types = new Set<string>([TASK_LISTENER_TYPE]);
  const started: string[] = [];
  let lastWrite = 0;
  const wrote = () => (lastWrite = Date.now());
  const settled = async () => {
    const wait = lastWrite + settleMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };

  const idle = async () => {
    // Quiet: no handler running and no job of a running worker's type waiting, three looks in a
    // row (an activation already answered takes a moment to reach its worker).
    for (let round = 0, quiet = 0; round < 10_000 && quiet < 3; round++) {
      const running = workers.filter((w) => !w.stopped);
      const busy = running.some((w) => w.activeJobs > 0) || (double ? (await double.waitingJobs([...types])) > 0 : false);
      quiet = busy ? 0 : quiet + 1;
      await new Promise((resolve) => setTimeout(resolve, double ? 3 : 250));
    }
  };
  const createJobWorker = (config: JobWorkerConfig) => {
    // A job's answer is a command too: the reads after it wait as after any other.
    const watched: JobWorkerConfig = settleMs
      ? {
          ...config,
          jobHandler: (job) =>
            config.jobHandler({
              ...job,
              complete: (v) => job.complete(v).finally(wrote),
              fail: (b) => job.fail(b).finally(wrote),
              error: (e) => job.error(e).finally(wrote),
              cancelWorkflow: () => job.cancelWorkflow().finally(wrote),
            }),
        }
      : config;
    const worker = adapter.createJobWorker(watched);
    workers.push(worker);
    types.add(config.jobType);
    return worker;
  };
  const engine = new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === 'idle') return idle;
      if (prop === 'createJobWorker') return createJobWorker;
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (!settleMs || typeof prop !== 'string' || prop === 'close') return value.bind(target);
      return async (...args: unknown[]) => {
        if (READS.test(prop)) await settled();
        try {
          const result = await value.apply(target, args);
          if (prop === 'createProcessInstance') started.push((result as { processInstanceKey: string }).processInstanceKey);
          return result;
        } finally {
          if (!READS.test(prop)) wrote();
        }
      };
    },
  }) as TestEngine & CamundaEngine;

  return {
    engine,
    store: oficio.store,
    ...(double ? { double } : {}),
    clock: double ? settlingClock(double) : noClock(),
    async close() {
      // A shared cluster: what a test left running must not hand its jobs to the next one.
      for (const processInstanceKey of started) await adapter.cancelProcessInstance({ processInstanceKey }).catch(() => undefined);
      await oficio.close();
      await double?.close();
    },
  };
}

/** The double's clock; advancing it also lets the task listeners answer what the time changed. */
function settlingClock(double: CamundaDouble): ManualClock {
  const clock = double.clock;
  return {
    now: () => clock.now(),
    wakeAt: (purpose, atMs, wake) => clock.wakeAt(purpose, atMs, wake),
    cancelAll: () => clock.cancelAll(),
    async advance(by) {
      await clock.advance(by);
      await double.settle();
    },
    async advanceTo(iso) {
      await clock.advanceTo(iso);
      await double.settle();
    },
  };
}

/** A real cluster's time cannot be moved: the suites skip what needs it. */
function noClock(): ManualClock {
  const refuse = async () => {
    throw new Error('a real Camunda cluster keeps its own time: this test needs the manual clock');
  };
  return { now: () => Date.now(), wakeAt: () => undefined, cancelAll: () => undefined, advance: refuse, advanceTo: refuse };
}
