// A worker: the job type it serves, zod schemas for what it reads and writes, and its handler. The
// definition is static — listing workers or reading their variables builds nothing; what a handler
// needs at run time (adapters, records, settings, the clock) arrives as its third argument.
import { z } from 'zod';
import type { Outcome } from './outcome.js';
import type { WorkerServices } from '../services.js';
import type { Bilingual } from '../../contracts/i18n.js';

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
  description: Bilingual;
  /** The variables it reads: an object schema's top-level keys are the ones fetched from the process. */
  input: I;
  /** The variables it writes back. */
  output: O;
  /** How long a job may run before the engine hands it out again (default 60 s). */
  timeoutMs?: number;
  maxParallelJobs?: number;
  handle(input: z.infer<I>, job: JobContext, services: WorkerServices): Promise<Outcome>;
}

/** Keeps the schemas' types attached to the handler. */
export function defineWorker<I extends z.ZodType, O extends z.ZodType>(definition: WorkerDefinition<I, O>): WorkerDefinition<I, O> {
  return definition;
}

/** The process variables a schema names (an object schema's top-level keys); undefined for any other schema. */
export function variableNames(schema: z.ZodType): string[] | undefined {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}
