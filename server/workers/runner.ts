// Runs Oficio's workers (workers/) as job workers on any engine port: validates what a job brings
// against the worker's input schema and what it answers against its output schema, hands the
// handler the run's services, and turns its outcome into complete / BPMN error / fail with back-off.
import type { z } from 'zod';
import type { EnginePort, Job, JobWorker } from '../engine/port.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/port.js';
import {
  BpmnError,
  NonRetryableError,
  bpmnError,
  failure,
  incident,
  variableNames,
  type Outcome,
  type PublishedMessage,
  type RecordCollections,
  type WorkerDefinition,
} from '../../workers/kit/index.js';
import type { WorkerServices } from '../../workers/services.js';

export interface RunnerOptions {
  /** The engine's notion of now, handed to handlers as job.now (default: the services' clock, else the system's). */
  now?: () => Date;
  /** Where every job failure is reported, retryable or not (unexpected handler errors with their stack). */
  log?: Logger;
  /** How handlers publish messages; startWorkers wires it to the engine the jobs come from. */
  publishMessage?: (message: PublishedMessage) => Promise<{ messageKey?: string }>;
}

/** The workers' built-in adapters keep their records in collections of Oficio's own store. */
export function recordCollectionsOf(store: Store): RecordCollections {
  return (name, indexes) => store.collection(name, { indexes: (indexes ?? []).map((fields) => ({ fields })) });
}

/** Back-off before the next attempt: 5 s, then 10 s, 20 s … up to 5 minutes. */
export function retryBackOffMs(retriesLeft: number): number {
  return Math.min(300_000, 5_000 * 2 ** Math.max(0, 2 - retriesLeft));
}

/** What the handlers of this run use, built once by createWorkerServices(deps). */
export interface ServicesOption {
  services: WorkerServices;
}

/** Starts one job worker per definition; every handler gets the same services. */
export function startWorkers(engine: EnginePort, workers: readonly WorkerDefinition[], options: RunnerOptions & ServicesOption): JobWorker[] {
  const publishMessage =
    options.publishMessage ??
    (async (m: PublishedMessage) => {
      const result = await engine.publishMessage({
        name: m.name,
        correlationKey: m.correlationKey,
        timeToLive: m.timeToLiveMs ?? 0,
        ...(m.messageId !== undefined ? { messageId: m.messageId } : {}),
        ...(m.variables !== undefined ? { variables: m.variables } : {}),
      });
      return result.messageKey !== undefined ? { messageKey: String(result.messageKey) } : {};
    });
  const runOptions = { ...options, publishMessage };
  return workers.map((definition) => {
    // Only the variables the input schema names are fetched (all of them for non-object schemas).
    const fetchVariables = variableNames(definition.input);
    return engine.createJobWorker({
      jobType: definition.type,
      maxParallelJobs: definition.maxParallelJobs ?? 16,
      jobTimeoutMs: definition.timeoutMs ?? 60_000,
      ...(fetchVariables !== undefined ? { fetchVariables } : {}),
      workerName: `oficio-${definition.type}`,
      jobHandler: (job) => runJob(definition, job, runOptions),
    });
  });
}

export async function runJob(definition: WorkerDefinition, job: Job, options: RunnerOptions & ServicesOption) {
  /** Fails the job, telling the operator: with no retries left the engine raises an incident. */
  const fail = (errorMessage: string, retries: number, unexpected?: unknown) => {
    options.log?.warn(
      {
        jobType: definition.type,
        jobKey: job.jobKey,
        processInstanceKey: job.processInstanceKey,
        elementId: job.elementId,
        retriesLeft: retries,
        errorMessage,
        ...(retries === 0 ? { incident: true } : {}),
        ...(unexpected !== undefined ? { err: unexpected } : {}),
      },
      'job failed',
    );
    return job.fail({ errorMessage, retries, retryBackOff: retries > 0 ? retryBackOffMs(retries) : 0 });
  };
  const input = definition.input.safeParse(job.variables);
  if (!input.success) return fail(`${definition.type}: the job's variables are not valid — ${describeIssues(input.error)}`, 0);
  let outcome: Outcome;
  let unexpected: unknown;
  try {
    outcome = await definition.handle(
      input.data,
      {
        jobKey: job.jobKey,
        processInstanceKey: job.processInstanceKey,
        elementId: job.elementId,
        headers: Object.fromEntries(Object.entries(job.customHeaders).map(([k, v]) => [k, String(v)])),
        retries: job.retries,
        now: (options.now ?? options.services?.now)?.() ?? new Date(),
        ...(options.publishMessage ? { publishMessage: options.publishMessage } : {}),
      },
      options.services,
    );
  } catch (error) {
    if (error instanceof BpmnError) outcome = bpmnError(error.code, error.message, error.variables);
    else if (error instanceof NonRetryableError) outcome = incident(`${definition.type}: ${error.message}`);
    else {
      unexpected = error;
      outcome = failure(`${definition.type}: ${(error as Error)?.message ?? String(error)}`);
    }
  }
  switch (outcome.kind) {
    case 'complete': {
      const output = definition.output.safeParse(outcome.variables);
      if (!output.success) return fail(`${definition.type}: the worker answered variables that break its output schema — ${describeIssues(output.error)}`, 0);
      return job.complete(output.data as Record<string, unknown>);
    }
    case 'bpmnError':
      return job.error({ errorCode: outcome.errorCode, errorMessage: outcome.errorMessage, variables: outcome.variables });
    case 'failure':
      return fail(outcome.errorMessage, outcome.retryable ? Math.max(0, job.retries - 1) : 0, unexpected);
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
