// The port's job workers as the SDK's job workers: the handler receives the port's Job, whose
// actions reach Camunda through the SDK's own job methods (job.complete takes the variables
// object itself; a failure's back-off is `retryBackOff`), their errors translated.
import type { Job, JobActionReceipt, JobWorker, JobWorkerConfig } from '../port.js';
import type { SdkClient } from './client.js';
import { translateError } from './errors.js';

type SdkWorker = ReturnType<SdkClient['createJobWorker']>;
type SdkJob = Parameters<Parameters<SdkClient['createJobWorker']>[0]['jobHandler']>[0];

export class CamundaJobWorker implements JobWorker {
  private worker?: SdkWorker;

  constructor(
    private readonly client: SdkClient,
    private readonly config: JobWorkerConfig,
    private readonly address: string,
  ) {
    if (config.autoStart !== false) this.start();
  }

  get name() {
    return this.worker?.name ?? this.config.workerName ?? `oficio-worker-${this.config.jobType}`;
  }

  get activeJobs() {
    return this.worker?.activeJobs ?? 0;
  }

  get stopped() {
    return this.worker?.stopped ?? true;
  }

  /** The SDK's workers do not restart once stopped: a stopped one is replaced by a new one. */
  start() {
    if (this.worker && !this.worker.stopped) return;
    const { jobType, maxParallelJobs, jobTimeoutMs, fetchVariables, pollIntervalMs, workerName } = this.config;
    this.worker = this.client.createJobWorker({
      jobType,
      maxParallelJobs,
      jobTimeoutMs,
      ...(fetchVariables?.length ? { fetchVariables } : {}),
      ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
      ...(workerName ? { workerName } : {}),
      autoStart: true,
      jobHandler: (job) => this.config.jobHandler(toPortJob(job, this.address)) as never,
    });
  }

  stop() {
    this.worker?.stop();
  }

  async stopGracefully(opts?: { waitUpToMs?: number; checkIntervalMs?: number }) {
    return this.worker ? this.worker.stopGracefully(opts) : { remainingJobs: 0, timedOut: false };
  }

  /**
   * Stops asking for jobs at once (the SDK's graceful stop would first sit out a long poll, up
   * to its full timeout) and lets the handlers under way finish, up to `waitUpToMs`.
   */
  async shutdown(waitUpToMs = 2000) {
    this.worker?.stop();
    const until = Date.now() + waitUpToMs;
    while (this.activeJobs > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The port's Job over the SDK's: the same fields, keys as strings, numbers as numbers. */
export function toPortJob(job: SdkJob, address: string): Job {
  const jobKey = String(job.jobKey);
  const act = async (action: string, run: () => Promise<unknown>): Promise<JobActionReceipt> => {
    try {
      await run();
    } catch (error) {
      throw translateError(error, { action: `${action} job '${jobKey}'`, key: jobKey }, address);
    }
    return 'JOB_ACTION_RECEIPT' as JobActionReceipt;
  };
  return {
    type: job.type,
    processDefinitionId: String(job.processDefinitionId),
    processDefinitionVersion: Number(job.processDefinitionVersion),
    elementId: String(job.elementId),
    customHeaders: { ...(job.customHeaders ?? {}) },
    worker: job.worker,
    retries: Number(job.retries),
    deadline: Number(job.deadline),
    variables: (job.variables ?? {}) as Job['variables'],
    tenantId: String(job.tenantId),
    jobKey,
    processInstanceKey: String(job.processInstanceKey),
    processDefinitionKey: String(job.processDefinitionKey),
    elementInstanceKey: String(job.elementInstanceKey),
    kind: 'BPMN_ELEMENT',
    listenerEventType: 'UNSPECIFIED',
    complete: (variables) => act('complete', () => job.complete(variables ?? {})),
    // As on the embedded engine, a failure without retries counts one retry down (Camunda's own
    // default would be none left).
    fail: (body) =>
      act('fail', () =>
        job.fail({
          retries: body?.retries ?? Math.max(0, Number(job.retries) - 1),
          ...(body?.errorMessage !== undefined ? { errorMessage: body.errorMessage } : {}),
          ...(body?.retryBackOff !== undefined ? { retryBackOff: body.retryBackOff } : {}),
          ...(body?.variables !== undefined ? { variables: body.variables } : {}),
        }),
      ),
    error: (error) =>
      act('throw an error for', () =>
        job.error({
          errorCode: error.errorCode,
          ...(error.errorMessage !== undefined && error.errorMessage !== null ? { errorMessage: error.errorMessage } : {}),
          ...(error.variables ? { variables: error.variables } : {}),
        }),
      ),
    cancelWorkflow: () => act('cancel the instance of', () => job.cancelWorkflow()),
    ignore: () => act('ignore', () => job.ignore()),
    modifyJobTimeout: async ({ newTimeoutMs }) => {
      await act('change the timeout of', () => job.modifyJobTimeout({ newTimeoutMs }));
    },
    modifyRetries: async ({ retries }) => {
      await act('change the retries of', () => job.modifyRetries({ retries }));
    },
  };
}
