// A worker: the job type it serves, zod schemas for what it reads and writes, and its handler.
import type { z } from 'zod';
import type { Outcome } from './outcome.js';

export interface JobContext {
  jobKey: string;
  processInstanceKey: string;
  elementId: string;
  /** zeebe:taskHeaders of the task. */
  headers: Record<string, string>;
  /** Retries left, counting this attempt. */
  retries: number;
  /** The time the engine gives the job (the engine's clock in tests). */
  now: Date;
  /**
   * Publishes a BPMN message on the engine that handed out the job (send tasks, message throw
   * events). Present when the job runs under startWorkers; absent when a handler is called alone.
   */
  publishMessage?: (message: PublishedMessage) => Promise<{ messageKey?: string }>;
}

export interface PublishedMessage {
  name: string;
  correlationKey: string;
  variables?: Record<string, unknown>;
  /** Milliseconds the engine buffers the message for subscriptions that open later (0: only those waiting now). */
  timeToLiveMs?: number;
  /** Deduplicates: the engine ignores a second message with the same id while the first is buffered. */
  messageId?: string;
}

export interface WorkerDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** The zeebe:taskDefinition type, also the worker's folder name. */
  type: string;
  /** What the worker does, for the designer's service-task picker. */
  description: { es: string; en: string };
  input: I;
  output: O;
  /** How long a job may run before the engine hands it out again (default 60 s). */
  timeoutMs?: number;
  maxParallelJobs?: number;
  handle(input: z.infer<I>, job: JobContext): Promise<Outcome>;
}

/** Keeps the schemas' types attached to the handler. */
export function defineWorker<I extends z.ZodType, O extends z.ZodType>(definition: WorkerDefinition<I, O>): WorkerDefinition<I, O> {
  return definition;
}
