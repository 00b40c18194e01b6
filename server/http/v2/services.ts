// What the /v2 router is built from and what it builds once: the dependencies (the engine port plus
// the embedded engine's job commands, the store, identity, audit, forms), its settings, and the use
// cases its handlers call — the tasklist's and the catalogue's rules, instance visibility, Basic auth.
import type { ActivatedJob, EnginePort, Variables } from '../../engine/port.js';
import type { Store } from '../../store/port.js';
import { activeMembersOf, type Identity } from '../../core/identity/index.js';
import type { AuditTrail } from '../../core/audit/index.js';
import { createFormRegistry, type FormSource } from '../../core/forms/index.js';
import { createCatalogue, type Catalogue } from '../../core/catalogue/index.js';
import { createTasklist, type Tasklist } from '../../core/tasks/index.js';
import { createInstanceAccess, type InstanceAccess } from '../../core/instances/index.js';
import { loadForms } from '../../../forms/index.js';
import { createBasicAuth, type BasicAuth } from './auth.js';

/** A job as activation hands it out (the embedded engine's record). */
export type ActivatedJobRecord = Pick<
  ActivatedJob,
  'type' | 'processDefinitionId' | 'processDefinitionVersion' | 'elementId' | 'customHeaders' | 'retries' | 'deadline' | 'variables' | 'jobKey' | 'processInstanceKey' | 'processDefinitionKey' | 'elementInstanceKey'
> & { worker?: string };

/**
 * What /v2 needs of an engine beyond the port: answering a job by its key, as a worker in another
 * process does. The embedded engine has these; a Camunda cluster serves /v2 itself.
 */
export interface JobCommands {
  activateJobs(input: { type: string; maxJobsToActivate: number; timeout: number; worker?: string; fetchVariable?: string[] }): Promise<ActivatedJobRecord[]>;
  completeJob(input: { jobKey: string; variables?: Variables }): Promise<void>;
  failJob(input: { jobKey: string; retries?: number; errorMessage?: string; retryBackOff?: number; variables?: Variables }): Promise<void>;
  throwJobError(input: { jobKey: string; errorCode: string; errorMessage?: string | null; variables?: Variables | null }): Promise<void>;
}

export type CamundaApiEngine = EnginePort & JobCommands;

/** Whether `engine` can serve /v2 (the embedded engine can; the Camunda adapter is a client of one). */
export function servesCamundaApi(engine: EnginePort): engine is CamundaApiEngine {
  const candidate = engine as Partial<JobCommands>;
  return ['activateJobs', 'completeJob', 'failJob', 'throwJobError'].every((name) => typeof candidate[name as keyof JobCommands] === 'function');
}

export interface CamundaApiSettings {
  /** How long a job activation waits for a job when the request says 0 (Zeebe's gateway default). */
  longPollDefaultMs: number;
  /** The longest a job activation or an awaited instance may hold a request. */
  requestTimeoutMaxMs: number;
  /** How long `awaitCompletion` waits when the request says 0. */
  awaitDefaultMs: number;
  /** The largest request body (a deployment's files included), in bytes. */
  maxRequestBytes: number;
}

export const DEFAULT_CAMUNDA_API_SETTINGS: CamundaApiSettings = {
  longPollDefaultMs: 10_000,
  requestTimeoutMaxMs: 60_000,
  awaitDefaultMs: 20_000,
  // Zeebe's default maximum message size.
  maxRequestBytes: 4 * 1024 * 1024,
};

export interface CamundaApiDeps {
  engine: CamundaApiEngine;
  store: Store;
  identity: Identity;
  audit: AuditTrail;
  /** The current forms (forms/ and the designed ones); built over the store and forms/ when absent. */
  forms?: FormSource;
  /** The clock of the tasklist and audit (the engine's manual clock in tests). */
  now?: () => Date;
  log?: (message: string) => void;
  settings?: Partial<CamundaApiSettings>;
}

/** Where each job handed out through /v2 belongs, so its answer is audited on its instance. */
export interface JobLedger {
  remember(job: Pick<ActivatedJobRecord, 'jobKey' | 'processInstanceKey' | 'elementId' | 'type'>): void;
  find(jobKey: string): { processInstanceKey: string; elementId: string; type: string } | undefined;
  forget(jobKey: string): void;
}

const LEDGER_MAX = 100_000;

function createJobLedger(): JobLedger {
  const jobs = new Map<string, { processInstanceKey: string; elementId: string; type: string }>();
  return {
    remember({ jobKey, processInstanceKey, elementId, type }) {
      jobs.delete(jobKey);
      jobs.set(jobKey, { processInstanceKey, elementId, type });
      if (jobs.size > LEDGER_MAX) jobs.delete(jobs.keys().next().value!);
    },
    find: (jobKey) => jobs.get(jobKey),
    forget: (jobKey) => void jobs.delete(jobKey),
  };
}

export interface CamundaApiServices {
  engine: CamundaApiEngine;
  identity: Identity;
  audit: AuditTrail;
  forms: FormSource;
  tasklist: Tasklist;
  catalogue: Catalogue;
  access: InstanceAccess;
  auth: BasicAuth;
  jobs: JobLedger;
  settings: CamundaApiSettings;
  now: () => Date;
  log: (message: string) => void;
}

export function createCamundaApiServices(deps: CamundaApiDeps): CamundaApiServices {
  const now = deps.now ?? (() => new Date());
  const forms = deps.forms ?? createFormRegistry({ store: deps.store, fileForms: loadForms(), now });
  return {
    engine: deps.engine,
    identity: deps.identity,
    audit: deps.audit,
    forms,
    tasklist: createTasklist({
      engine: deps.engine,
      store: deps.store,
      audit: deps.audit,
      forms,
      findUser: (username) => deps.identity.findByUsername(username),
      activeMembers: activeMembersOf(deps.identity),
      now,
    }),
    catalogue: createCatalogue({ engine: deps.engine, audit: deps.audit, forms }),
    access: createInstanceAccess({ engine: deps.engine, audit: deps.audit }),
    auth: createBasicAuth({ identity: deps.identity, audit: deps.audit, now: () => now().getTime() }),
    jobs: createJobLedger(),
    settings: { ...DEFAULT_CAMUNDA_API_SETTINGS, ...deps.settings },
    now,
    log: deps.log ?? ((message) => console.error(message)),
  };
}
