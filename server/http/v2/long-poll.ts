// Job activation with long polling, as the SDK's job workers expect: a request that finds no job
// waits — up to its requestTimeout, bounded — and answers as soon as jobs of its type are created.
// The wait rides on an in-process job worker of the engine port, which the engine wakes the moment
// a job of its type commits; the jobs it takes are answered `ignore` (left activated) and handed to
// the HTTP caller instead. Jobs taken after the caller went away are released at once.
import type { Request, Response } from 'express';
import type { Server } from 'node:http';
import type { Job } from '../../engine/port.js';
import type { ActivatedJobRecord } from '../../engine/port.js';
import type { CamundaApiServices } from './services.js';

export interface Activation {
  type: string;
  maxJobsToActivate: number;
  /** Milliseconds the jobs stay with this caller. */
  timeout: number;
  worker: string;
  fetchVariable?: string[];
}

/** How often a waiting activation checks that the server is still listening (it ends at shutdown). */
const SHUTDOWN_CHECK_MS = 250;

/**
 * Up to `maxJobsToActivate` jobs: those ready now, else the first to come within `waitMs` (none
 * when it is 0 or less, or the server stops listening, or the caller goes away).
 */
export async function activateJobs(api: CamundaApiServices, input: Activation, waitMs: number, req: Request, res: Response): Promise<ActivatedJobRecord[]> {
  const ready = await api.engine.jobs.activateJobs(input);
  if (ready.length || waitMs <= 0) return ready;
  return new Promise((resolve) => {
    const taken: Job[] = [];
    let closing = false;
    let delivered = false;
    const gone = () => res.destroyed || req.socket.destroyed;
    const server = (req.socket as { server?: Server }).server;
    const release = (job: Job) =>
      void api.engine
        .updateJob({ jobKey: job.jobKey, changeset: { timeout: 0 } })
        .catch((error: unknown) => api.log.warn({ jobKey: job.jobKey, err: error }, '/v2 could not release a job its caller left'));
    const worker = api.engine.createJobWorker({
      jobType: input.type,
      workerName: input.worker,
      maxParallelJobs: input.maxJobsToActivate,
      jobTimeoutMs: input.timeout,
      ...(input.fetchVariable?.length ? { fetchVariables: input.fetchVariable } : {}),
      // The engine wakes the worker when a job commits; this slow poll only covers what no wake-up reached.
      pollIntervalMs: 5000,
      jobHandler: (job) => {
        if (delivered || gone() || taken.length >= input.maxJobsToActivate) release(job);
        else {
          taken.push(job);
          // The rest of the batch is handed to the worker in the same turn: answer after it.
          setImmediate(finish);
        }
        return job.ignore();
      },
    });
    const timer = setTimeout(finish, waitMs);
    const watch = setInterval(() => {
      if (gone() || (server && !server.listening)) void finish();
    }, SHUTDOWN_CHECK_MS);
    res.once('close', () => void finish());

    async function finish() {
      if (closing) return;
      closing = true;
      clearTimeout(timer);
      clearInterval(watch);
      // Waits for an activation already under way, so no job it takes is left unanswered.
      await worker.stopGracefully({ waitUpToMs: 2000, checkIntervalMs: 2 });
      delivered = true;
      // At shutdown the connection must not linger as an idle keep-alive the server then waits for.
      if (server && !server.listening && !res.headersSent) res.setHeader('Connection', 'close');
      if (gone()) {
        for (const job of taken) release(job);
        resolve([]);
      } else resolve(taken);
    }
  });
}
