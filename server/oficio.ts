// The composition module: createOficio(config) builds the store, the engine, every use case and the
// worker registry once, from the configuration. npm start (server/main.ts), the command line, every
// test harness and the benches build Oficio through it and nothing else; the HTTP app
// (server/http/app.ts) and the workers receive what it built. Overrides exist for what a test or a
// bench must choose itself: a store already open, a manual clock, cheaper password hashing, a mail
// server of its own.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadForms, type FormDefinition } from '../forms/index.js';
import { WORKERS, createWorkerServices, describeWorkers, type WorkerDeps, type WorkerSummary } from '../workers/index.js';
import type { WorkerDefinition } from '../workers/kit/index.js';
import { createSmtpMailer } from '../workers/adapters/mail.js';
import type { Config } from './config.js';
import { ATTACHMENT_SWEEP_EVERY_MS, createAttachments, type Attachments } from './core/attachments/index.js';
import { createAuditTrail, type AuditTrail } from './core/audit/index.js';
import { createCases, type Cases } from './core/cases/index.js';
import { createCasework, type Casework } from './core/cases/casework.js';
import { createCaseSearch, type CaseSearch } from './core/cases/search.js';
import { createCatalogue, type Catalogue } from './core/catalogue/index.js';
import { createFormRegistry, type FormRegistry } from './core/forms/index.js';
import { activeMembersOf, createIdentity, type Identity, type ScryptCost } from './core/identity/index.js';
import { createInstanceAccess, type InstanceAccess } from './core/instances/index.js';
import { createModels, type Models } from './core/models/index.js';
import { completionCheckOf, createTasklist, type Tasklist } from './core/tasks/index.js';
import type { Clock } from './engine/embedded/clock.js';
import { createEmbeddedEngine, createSystemClock, type RaisedIncident } from './engine/embedded/index.js';
import { createLive, pollTaskChanges, type Live } from './core/live/index.js';
import { createTaskFeed, type TaskFeedSource } from './core/live/feed.js';
import { createMailDelivery, type MailDelivery } from './core/mail/delivery.js';
import type { CompletionCheck } from './engine/camunda/index.js';
import type { EnginePort, ExtendedDeploymentResult, JobWorker } from './engine/port.js';
import { createModelChecker } from './lint/index.js';
import { createLogger, type Logger } from './log.js';
import { openStore } from './store/open.js';
import type { Store } from './store/port.js';
import { recordCollectionsOf, startWorkers } from './workers/runner.js';

/** The manual's models, deployed by npm start. */
export const PROCESSES_DIR = fileURLToPath(new URL('../processes/', import.meta.url));

export interface OficioOverrides {
  /** A store already open (a test's in-memory one); otherwise the one the configuration names. close() closes it either way. */
  store?: Store;
  /** The engine's clock (a test's manual clock): SLAs, sessions, the audit trail and rate limits follow it too. */
  clock?: Clock;
  /** The forms of forms/ as loaded (a test's own set); read from forms/ otherwise. */
  fileForms?: ReadonlyMap<string, FormDefinition>;
  /** The cost of new password hashes (tests take a cheap one; the stored format records it). */
  passwordCost?: ScryptCost;
  /** What the workers run with beyond the configuration: a test's mail server, real adapters, settings. */
  workers?: Partial<Omit<WorkerDeps, 'collections' | 'now'>>;
  /** The operator's log (default: the one the configuration describes, on standard error; tests take a silent or capturing one). */
  log?: Logger;
  /**
   * On Camunda, whether this process answers Oficio's task listeners — records user tasks and checks
   * completions (default true: the server does; a process that only runs workers need not).
   */
  taskListeners?: boolean;
  /** On Camunda, how the completing task listener checks a submission (default: against the task's form, as the tasklist does). */
  checkCompletion?: CompletionCheck;
  /**
   * Whether a timer sweeps expired and abandoned uploads every ATTACHMENT_SWEEP_EVERY_MS (default
   * true; the tests' Oficio turns it off and calls attachments.sweep() when a test asks for it).
   */
  attachmentSweep?: boolean;
  /**
   * Whether the embedded engine gives every instance it creates a folio and a case (default true).
   * The engine's own scenario suites and the Camunda double turn it off: they run the engine as a
   * Camunda cluster does, which adds no variable to an instance. Starts then carry no folio.
   */
  numberInstances?: boolean;
  /**
   * Whether the outbox delivers its mail (default true: over the SMTP server of the configuration,
   * or of `workers.mail`; the tests' Oficio turns it off unless a test delivers mail).
   */
  mailDelivery?: boolean;
}

/** The workers of workers/: what they are (builds nothing) and running them on the engine. */
export interface WorkerRegistry {
  readonly definitions: readonly WorkerDefinition[];
  /** Each worker's type, description and the variables it reads and writes, for pickers. */
  describe(): WorkerSummary[];
  /** The job types the workers serve. */
  types(): ReadonlySet<string>;
  /** Starts every worker as a job worker of the engine (once; close() stops them). */
  start(): void;
  readonly running: boolean;
}

/** Oficio, built: what the HTTP app, the command line and the tests work with. */
export interface Oficio {
  readonly config: Config;
  readonly store: Store;
  readonly engine: EnginePort;
  /** The time everything tells: the engine's clock. */
  readonly now: () => Date;
  /** The operator's log: requests, incidents, worker failures, what went wrong inside. */
  readonly log: Logger;
  readonly identity: Identity;
  readonly audit: AuditTrail;
  readonly forms: FormRegistry;
  readonly catalogue: Catalogue;
  readonly tasklist: Tasklist;
  readonly instanceAccess: InstanceAccess;
  readonly attachments: Attachments;
  /** The case index: folios, who asked what, the references people quote (server/core/cases). */
  readonly cases: Cases;
  /** Finding cases and open tasks by folio, ticket, requester, kiosk or words (GET /api/search). */
  readonly caseSearch: CaseSearch;
  /** A case as staff and its requester read it, and the notes staff write on it (GET /api/instances/:key/case). */
  readonly casework: Casework;
  readonly models: Models;
  readonly workers: WorkerRegistry;
  /** Every e-mail the platform sends, queued in the sender's transaction and delivered apart (server/core/mail). */
  readonly outbox: MailDelivery;
  /** The live tasklist: task events per user, the e-mail opt-in, SLA warnings to groups' leads (server/core/live). */
  readonly live: Live;
  /** Deploys every .bpmn of a folder (the manual's, processes/, by default) in one deployment; none when it has none. */
  deployFolder(dir?: string): Promise<ExtendedDeploymentResult | undefined>;
  /** Stops the workers and closes the engine and the store. */
  close(): Promise<void>;
}

export async function createOficio(config: Config, overrides: OficioOverrides = {}): Promise<Oficio> {
  const log = overrides.log ?? createLogger(config.log);
  const clock = overrides.clock;
  const now = clock ? () => new Date(clock.now()) : () => new Date();
  const store = overrides.store ?? (await openStore(config));
  try {
    const audit = createAuditTrail({ store, now });
    const forms = createFormRegistry({ store, fileForms: overrides.fileForms ?? loadForms(), now });
    // Before the engine: on Camunda, Oficio's completing task listener checks submissions against them.
    await forms.load();
    // Before the engine: the embedded engine numbers every instance it creates through it.
    const cases = createCases({ store, now });
    // Before the engine: the embedded engine tells every user task change into it (the live tasklist).
    const feed = createTaskFeed(log);
    const numbering = overrides.numberInstances === false ? undefined : cases;
    const engine = await createEngine(config, store, {
      forms,
      cases: numbering,
      feed,
      clock,
      log,
      taskListeners: overrides.taskListeners !== false,
      checkCompletion: overrides.checkCompletion,
    });
    const identity = createIdentity({ store, now, ...config.identity, ...(overrides.passwordCost ? { passwordCost: overrides.passwordCost } : {}) });
    const workers = createWorkerRegistry(engine, { collections: recordCollectionsOf(store), mail: mailOf(config), now, ...overrides.workers }, log);
    const attachments = createAttachments({ store, audit, now });
    // The outbox delivers through the workers' SMTP server (a test's, or the configuration's): core imports no adapter.
    const mailer = overrides.workers?.adapters?.mailer ?? createSmtpMailer(overrides.workers?.mail ?? mailOf(config));
    const outbox = createMailDelivery({
      store,
      now,
      send: (mail) => mailer.send(mail),
      log,
      settings: { maxAttempts: config.live.mailMaxAttempts, firstRetryMs: config.live.mailRetrySeconds * 1000 },
    });
    const live = createLive({
      store,
      engine,
      audit,
      outbox,
      feed,
      // The tasklist's own rows; called only once Oficio is built.
      present: (task) => oficio.tasklist.item(task),
      folioOf: async (key) => {
        const found = key ? await cases.ofInstance(key) : undefined;
        return found && !found.voided ? found.folio : null;
      },
      getUser: (id) => identity.getUser(id),
      findUser: (username) => identity.findByUsername(username),
      clock: clock ?? createSystemClock(),
      now,
      log,
      settings: { ...config.live },
    });
    // On Camunda the live tasklist reads the user tasks now and then (the embedded engine tells each change itself).
    const poller =
      config.engine === 'camunda' && overrides.taskListeners !== false ? pollTaskChanges(engine, feed.publish, { intervalMs: config.live.camundaPollSeconds * 1000, log }) : undefined;
    const instanceAccess = createInstanceAccess({ engine, audit });
    // Unbound uploads past their 24 hours and uploads a stopped server left midway; unref'd, so it never keeps a process alive.
    const sweep =
      overrides.attachmentSweep === false
        ? undefined
        : setInterval(() => {
            attachments.sweep().catch((error: unknown) => log.error({ err: error }, 'attachment sweep failed'));
          }, ATTACHMENT_SWEEP_EVERY_MS).unref();
    const oficio: Oficio = {
      config,
      store,
      engine,
      now,
      log,
      identity,
      audit,
      forms,
      catalogue: createCatalogue({ engine, audit, forms, ...(numbering ? { cases: numbering } : {}), attachments, now }),
      tasklist: createTasklist({
        engine,
        store,
        audit,
        forms,
        findUser: (username) => identity.findByUsername(username),
        activeMembers: activeMembersOf(identity),
        now,
        cases,
      }),
      instanceAccess,
      attachments,
      cases,
      caseSearch: createCaseSearch({ cases, engine, access: instanceAccess, now }),
      casework: createCasework({
        engine,
        audit,
        attachments,
        forms,
        store,
        access: instanceAccess,
        outbox,
        now,
        mailLocale: config.locale,
        findUser: (id) => identity.getUser(id),
        findUserByName: (username) => identity.findByUsername(username),
      }),
      models: createModels({ store, engine, ...modelCheckerOf(config), formIds: () => forms.ids(), workerTypes: () => workers.types(), now }),
      workers,
      outbox,
      live,
      async deployFolder(dir = PROCESSES_DIR) {
        const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.bpmn')).sort();
        return files.length ? engine.deployResourcesFromFiles(files.map((f) => join(dir, f))) : undefined;
      },
      async close() {
        clearInterval(sweep);
        poller?.stop();
        await live.stop();
        await outbox.stop();
        workers.stop();
        await engine.close();
        await store.close();
      },
    };
    if (overrides.mailDelivery !== false) outbox.start();
    live.start();
    return oficio;
  } catch (error) {
    if (!overrides.store) await store.close();
    throw error;
  }
}

/** Reading and linting models off the event loop, within the configured size and time limits. */
function modelCheckerOf(config: Config) {
  const checker = createModelChecker({ timeLimitMs: config.modelCheckSeconds * 1000 });
  return { lint: checker.check, read: checker.read, maxModelBytes: config.modelMaxBytes };
}

/** The embedded engine over the store, or the Camunda adapter (ENGINE=camunda) recording user tasks in it. */
async function createEngine(
  config: Config,
  store: Store,
  {
    forms,
    cases,
    clock,
    log,
    taskListeners,
    feed,
    checkCompletion,
  }: { forms: FormRegistry; cases: Cases | undefined; feed: TaskFeedSource; clock: Clock | undefined; log: Logger; taskListeners: boolean; checkCompletion: CompletionCheck | undefined },
): Promise<EnginePort> {
  if (config.engine !== 'camunda') {
    return createEmbeddedEngine({
      store,
      ...(clock ? { clock } : {}),
      onIncident: (incident) => logIncident(log, incident),
      log,
      ...(cases ? { onInstanceCreated: cases.onInstanceCreated, rootVariables: cases.rootVariables } : {}),
      onUserTask: (change) => feed.publish(change),
    });
  }
  // Loaded on demand: the SDK is heavy, and the embedded engine never needs it.
  const { createCamundaEngine } = await import('./engine/camunda/index.js');
  return createCamundaEngine({
    settings: config.camunda.settings,
    log,
    ...(taskListeners ? { userTasks: { store, checkCompletion: checkCompletion ?? completionCheckOf(forms, config.locale) } } : {}),
  });
}

/** Every incident the embedded engine raises, once. (On Camunda the runner's failure line says when a worker's job raises one.) */
function logIncident(log: Logger, incident: RaisedIncident) {
  const { errorMessage, ...fields } = incident;
  // A message quoting a huge value stays a line an operator can read.
  log.warn({ ...fields, errorMessage: errorMessage.length > 2000 ? `${errorMessage.slice(0, 2000)}…` : errorMessage }, 'incident raised');
}

function mailOf(config: Config): WorkerDeps['mail'] {
  const { host, port, secure, auth, from } = config.mail;
  return { smtp: { host, port, secure, ...(auth ? { auth } : {}) }, from };
}

function createWorkerRegistry(engine: EnginePort, deps: WorkerDeps, log: Logger): WorkerRegistry & { stop(): void } {
  let running: JobWorker[] | undefined;
  const types = new Set(WORKERS.map((worker) => worker.type));
  return {
    definitions: WORKERS,
    describe: () => describeWorkers(WORKERS),
    types: () => types,
    start() {
      running ??= startWorkers(engine, WORKERS, { services: createWorkerServices(deps), ...(deps.now ? { now: deps.now } : {}), log });
    },
    get running() {
      return running !== undefined;
    },
    stop() {
      for (const worker of running ?? []) worker.stop();
      running = undefined;
    },
  };
}
