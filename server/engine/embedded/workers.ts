// In-process job workers: woken the moment a job of their type commits, they activate up to their
// free slots and run the handler; the handler answers through the job's own action methods.
import { EngineError, type Job, type JobActionReceipt, type JobWorker, type JobWorkerConfig, type Variables } from '../port.js';
import type { JobDoc } from './collections.js';

export type ActivatedJobRecord = JobDoc & { jobKey: string; variables: Variables; deadline: number };

/** The engine operations a worker needs. */
export interface JobHost {
  activateJobs(input: { type: string; maxJobsToActivate: number; timeout: number; worker?: string; fetchVariable?: string[] }): Promise<ActivatedJobRecord[]>;
  completeJob(input: { jobKey: string; variables?: Variables }): Promise<void>;
  failJob(input: { jobKey: string; retries?: number; errorMessage?: string; retryBackOff?: number; variables?: Variables }): Promise<void>;
  throwJobError(input: { jobKey: string; errorCode: string; errorMessage?: string | null; variables?: Variables | null }): Promise<void>;
  cancelProcessInstance(input: { processInstanceKey: string }): Promise<void>;
  updateJob(input: { jobKey: string; changeset: { retries?: number | null; timeout?: number | null } }): Promise<void>;
}

const RECEIPT = 'JOB_ACTION_RECEIPT' as JobActionReceipt;
let workerCount = 0;

export class EmbeddedJobWorker implements JobWorker {
  readonly name: string;
  readonly jobType: string;
  private active = 0;
  private activating = false;
  private again = false;
  private _stopped = true;
  private fallback?: NodeJS.Timeout;

  constructor(
    private readonly host: JobHost,
    private readonly config: JobWorkerConfig,
    private readonly onStop: (worker: EmbeddedJobWorker) => void,
    /** Says what went wrong in the worker itself (not in a job: those are the job's failures). */
    private readonly report: (message: string) => void,
  ) {
    this.name = config.workerName ?? `oficio-worker-${config.jobType}-${++workerCount}`;
    this.jobType = config.jobType;
  }

  get activeJobs() {
    return this.active;
  }

  get stopped() {
    return this._stopped;
  }

  /** Handlers running or an activation under way. */
  get busy() {
    return this.active > 0 || this.activating;
  }

  /** An activation is under way. */
  get polling() {
    return this.activating;
  }

  start() {
    if (!this._stopped) return;
    this._stopped = false;
    // Jobs are pushed to the worker as they commit; the slow poll only covers what no push reached.
    this.fallback = setInterval(() => this.poke(), Math.max(50, this.config.pollIntervalMs ?? 1000));
    this.fallback.unref?.();
    this.poke();
  }

  stop() {
    this._stopped = true;
    if (this.fallback) clearInterval(this.fallback);
    this.onStop(this);
  }

  async stopGracefully(opts: { waitUpToMs?: number; checkIntervalMs?: number } = {}) {
    this.stop();
    const until = Date.now() + (opts.waitUpToMs ?? 5000);
    while ((this.active > 0 || this.activating) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, opts.checkIntervalMs ?? 10));
    }
    return { remainingJobs: this.active, timedOut: this.active > 0 };
  }

  poke() {
    if (this._stopped) return;
    if (this.activating) {
      this.again = true;
      return;
    }
    if (this.active >= this.config.maxParallelJobs) return;
    this.activating = true;
    setImmediate(() => void this.poll());
  }

  private async poll() {
    try {
      do {
        this.again = false;
        const free = this.config.maxParallelJobs - this.active;
        if (free <= 0 || this._stopped) break;
        const jobs = await this.host.activateJobs({
          type: this.jobType,
          maxJobsToActivate: free,
          timeout: this.config.jobTimeoutMs,
          worker: this.name,
          ...(this.config.fetchVariables !== undefined ? { fetchVariable: this.config.fetchVariables } : {}),
        });
        for (const record of jobs) {
          this.active++;
          void this.run(record);
        }
        if (jobs.length === free) this.again = true;
      } while (this.again && !this._stopped);
    } catch (error) {
      if (!this._stopped) this.report(`job worker '${this.name}' could not activate jobs: ${(error as Error).message}`);
    } finally {
      this.activating = false;
    }
  }

  private async run(record: ActivatedJobRecord) {
    const job = this.toJob(record);
    try {
      await this.config.jobHandler(job);
    } catch (error) {
      // A handler that throws fails the job with one retry less, as the SDK's worker does.
      if (!acknowledged.has(job)) {
        await job.fail({ errorMessage: (error as Error)?.message ?? String(error), retries: record.retries - 1 }).catch(() => undefined);
      }
    } finally {
      this.active--;
      this.poke();
    }
  }

  private toJob(record: ActivatedJobRecord): Job {
    const host = this.host;
    const jobKey = record.jobKey;
    const answer = async (job: Job, action: () => Promise<void>) => {
      if (acknowledged.has(job)) throw new EngineError('INVALID_STATE', `Job '${jobKey}' was already answered`, { key: jobKey });
      acknowledged.add(job);
      await action();
      return RECEIPT;
    };
    const job: Job = {
      type: record.type,
      processDefinitionId: record.processDefinitionId,
      processDefinitionVersion: record.processDefinitionVersion,
      elementId: record.elementId,
      customHeaders: { ...record.customHeaders },
      worker: this.name,
      retries: record.retries,
      deadline: record.deadline,
      variables: record.variables,
      tenantId: '<default>',
      jobKey,
      processInstanceKey: record.processInstanceKey,
      processDefinitionKey: record.processDefinitionKey,
      elementInstanceKey: record.elementInstanceKey,
      kind: 'BPMN_ELEMENT',
      listenerEventType: 'UNSPECIFIED',
      complete: (variables) => answer(job, () => host.completeJob({ jobKey, variables: variables ?? {} })),
      fail: (body) =>
        answer(job, () =>
          host.failJob({
            jobKey,
            retries: body?.retries ?? record.retries - 1,
            ...(body?.errorMessage !== undefined ? { errorMessage: body.errorMessage } : {}),
            ...(body?.retryBackOff !== undefined ? { retryBackOff: body.retryBackOff } : {}),
            ...(body?.variables !== undefined ? { variables: body.variables } : {}),
          }),
        ),
      error: (error) =>
        answer(job, () =>
          host.throwJobError({
            jobKey,
            errorCode: error.errorCode,
            ...(error.errorMessage !== undefined ? { errorMessage: error.errorMessage } : {}),
            ...(error.variables !== undefined ? { variables: error.variables } : {}),
          }),
        ),
      cancelWorkflow: () => answer(job, () => host.cancelProcessInstance({ processInstanceKey: record.processInstanceKey })),
      // Ignoring answers nothing: the job stays with this worker until its deadline passes.
      ignore: async () => RECEIPT,
      modifyJobTimeout: ({ newTimeoutMs }) => host.updateJob({ jobKey, changeset: { timeout: newTimeoutMs } }),
      modifyRetries: ({ retries }) => host.updateJob({ jobKey, changeset: { retries } }),
    };
    return job;
  }
}

const acknowledged = new WeakSet<Job>();
