// What the /v2 router is built from and what it builds once: the use cases Oficio built (the
// tasklist's and the catalogue's rules, instance visibility, the audit trail) over an engine that
// answers jobs by key, its settings, and what is the router's own — the policy of its mode
// (policy.ts: Basic authentication and Oficio's rules, or a stand-in's) and the ledger of jobs it
// handed out.
import type { ActivatedJobRecord, CommandOptions, EnginePort, JobCommands, Variables } from '../../engine/port.js';
import type { UseCases } from '../deps.js';
import { DEFAULT_REQUEST_LIMITS } from '../limits.js';
import { policyOf, type CamundaApiMode, type CamundaApiPolicy } from './policy.js';

/**
 * A job as activation hands it out. A task listener's — only a stand-in's engine hands those out
 * (the Camunda adapter's tests play Zeebe's listeners over the embedded engine) — says so and
 * carries its user task, as Camunda's do.
 */
export type CamundaApiJob = ActivatedJobRecord & {
  kind?: 'BPMN_ELEMENT' | 'TASK_LISTENER';
  listenerEventType?: 'UNSPECIFIED' | 'CREATING' | 'ASSIGNING' | 'UPDATING' | 'COMPLETING' | 'CANCELING';
  userTask?: Record<string, unknown>;
};

/** A task listener's answer to its job: approve, or deny with a reason (Camunda's job result of type userTask). */
export interface TaskListenerResult {
  type: 'userTask';
  denied?: boolean | null;
  deniedReason?: string | null;
}

/** Answering jobs by key, as /v2 calls it: a completion may carry a task listener's answer. */
export interface CamundaApiJobCommands extends JobCommands {
  activateJobs(input: Parameters<JobCommands['activateJobs']>[0]): Promise<CamundaApiJob[]>;
  completeJob(input: { jobKey: string; variables?: Variables; result?: TaskListenerResult }, options?: CommandOptions): Promise<void>;
}

/** An engine that can serve /v2: it answers jobs by key (the embedded engine; a cluster serves /v2 itself). */
export type CamundaApiEngine = EnginePort & { readonly jobs: CamundaApiJobCommands };

/** Whether `engine` can serve /v2. */
export function servesCamundaApi(engine: EnginePort): engine is CamundaApiEngine {
  return engine.jobs !== undefined;
}

export interface CamundaApiSettings {
  /** How long a job activation waits for a job when the request says 0 (Zeebe's gateway default). */
  longPollDefaultMs: number;
  /** The longest a job activation or an awaited instance may hold a request. */
  requestTimeoutMaxMs: number;
  /** How long `awaitCompletion` waits when the request says 0. */
  awaitDefaultMs: number;
  /** The largest request body (a deployment's files included), in bytes (OFICIO_V2_MAX_REQUEST_BYTES). */
  maxRequestBytes: number;
  /** How deeply a JSON body may nest objects and lists, the body itself the first level (OFICIO_MAX_JSON_DEPTH). */
  maxJsonDepth: number;
}

export const DEFAULT_CAMUNDA_API_SETTINGS: CamundaApiSettings = {
  longPollDefaultMs: 10_000,
  requestTimeoutMaxMs: 60_000,
  awaitDefaultMs: 20_000,
  maxRequestBytes: DEFAULT_REQUEST_LIMITS.v2MaxRequestBytes,
  maxJsonDepth: DEFAULT_REQUEST_LIMITS.maxJsonDepth,
};

/** The use cases /v2 calls, as createOficio built them, over an engine that answers jobs by key. */
export interface CamundaApiDeps extends Pick<UseCases, 'identity' | 'audit' | 'forms' | 'tasklist' | 'catalogue' | 'instanceAccess' | 'now' | 'log'> {
  engine: CamundaApiEngine;
  settings?: Partial<CamundaApiSettings>;
  /** Whom it serves: Oficio's users (default), or the Camunda adapter's tests as a stand-in cluster (policy.ts). */
  mode?: CamundaApiMode;
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

export interface CamundaApiServices extends Omit<CamundaApiDeps, 'settings' | 'mode' | 'audit'>, CamundaApiPolicy {
  jobs: JobLedger;
  settings: CamundaApiSettings;
}

/** The router's own state over the use cases it was given, with the policy of its mode. */
export function createCamundaApiServices(deps: CamundaApiDeps): CamundaApiServices {
  const { settings, mode = 'oficio', ...given } = deps;
  return {
    ...given,
    ...policyOf(mode, deps),
    jobs: createJobLedger(),
    settings: { ...DEFAULT_CAMUNDA_API_SETTINGS, ...settings },
  };
}
