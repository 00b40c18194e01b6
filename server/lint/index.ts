// Checks BPMN documents off the server's event loop: reads what a model names (server/bpmn/read.ts:
// its processes, forms and job types) and lints it with bpmnlint — the recommended rules plus
// Camunda 8.8 compatibility (bpmnlint-plugin-camunda-compat) — in one worker thread (./worker.js,
// which says why), from one parse. Used by the model routes (through server/core/models), and by
// `oficio lint`.
//
// One document at a time, each within its checker's time limit: a document still being checked
// when its time is up is answered with a finding saying so, and the worker is ended (ending a
// runaway parse or rule) and started anew for the next. Documents wait their turn, up to a limit
// past which a check is refused as busy. The worker keeps the process alive only while a document
// is waiting or being checked, and is started again after a crash.
import { Worker } from 'node:worker_threads';
import type { BpmnReading } from '../bpmn/read.js';
import { DomainError } from '../errors.js';

/** One lint finding. `rule` is the bpmnlint rule name, or one of the XML_* rules below. */
export interface Finding {
  rule: string;
  /** The element the finding is about; empty when it concerns the whole document. */
  elementId: string;
  /** The rule's own text (bpmnlint and the plug-in report in English). */
  message: string;
  category: 'error' | 'warn' | 'info';
  /** For malformed-xml: the parser's own words, without the file name. */
  detail?: string;
}

export interface LintResult {
  errors: Finding[];
  warnings: Finding[];
}

/** The document could not be read as XML (or not as BPMN). */
export const MALFORMED_XML_RULE = 'malformed-xml';
/** The parser read the document but ignored part of it (unknown element or attribute). */
export const XML_IMPORT_RULE = 'xml-import';

/** The configuration applied: bpmnlint's recommended rules plus Camunda 8.8 compatibility. */
export const LINT_CONFIG = {
  extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-8'],
} as const;

/** The document took longer than the time limit to check: the check was stopped. */
export const CHECK_TIME_LIMIT_RULE = 'check-time-limit';

/** How long one document may take to check unless told otherwise (OFICIO_MODEL_CHECK_SECONDS's default). */
export const DEFAULT_CHECK_TIME_LIMIT_MS = 15_000;
/**
 * How many documents may wait for the worker while it checks another; past that a check is refused
 * as busy (503) rather than queued behind hours of others' runaway documents. The modeler asks
 * every few hundred milliseconds while someone draws: a few dozen is many people drawing at once.
 */
export const MAX_WAITING_CHECKS = 32;

/** What the checker answers of one document: its lint findings and what it names. */
export interface ModelCheck extends LintResult {
  /** The processes, forms and job types it names, as far as it could be read; undefined when it took too long to check. */
  reading: BpmnReading | undefined;
}

export interface ModelCheckerOptions {
  /** How long one document may take to check, in milliseconds. */
  timeLimitMs: number;
  /** Documents that may wait their turn (MAX_WAITING_CHECKS unless given). */
  maxWaiting?: number;
}

export interface ModelChecker {
  /**
   * Lints `xml` and reads what it names. Never rejects for a bad document: malformed XML is an
   * error finding naming `name` (else the document's first process, `<id>.bpmn`), and so is a
   * document that took longer than the time limit.
   */
  check(xml: string, name?: string): Promise<ModelCheck>;
  /** Reads what `xml` names, without linting it; undefined when it took longer than the time limit. */
  read(xml: string): Promise<BpmnReading | undefined>;
}

interface WorkerAnswer {
  id: number;
  ok: boolean;
  error?: string;
  reading?: BpmnReading;
  malformed?: string;
  importWarnings?: Array<{ elementId: string; message: string }>;
  reports?: Record<string, Array<{ id: string; message: string; category: string }>>;
}

interface Job {
  id: number;
  xml: string;
  lint: boolean;
  timeLimitMs: number;
  resolve: (answer: WorkerAnswer | 'timeout') => void;
  reject: (error: Error) => void;
  timer?: ReturnType<typeof setTimeout>;
}

// One worker per process, whoever asks (the server's checker, `oficio lint`, several Oficios in a
// test run): the machine has few cores, and one document at a time keeps each time limit its own.
let worker: Worker | undefined;
let ready = false;
let current: Job | undefined;
const waiting: Job[] = [];
let nextId = 1;

/** The worker holds the process open only while it has work. */
function keepAlive() {
  if (current || waiting.length) worker?.ref();
  else worker?.unref();
}

function start(): Worker {
  const started = new Worker(new URL('./worker.js', import.meta.url), { workerData: { config: LINT_CONFIG } });
  worker = started;
  ready = false;
  started.on('message', (message: WorkerAnswer | { ready: true }) => {
    if (started !== worker) return;
    if ('ready' in message) {
      ready = true;
      return next();
    }
    const job = current;
    if (!job || job.id !== message.id) return;
    clearTimeout(job.timer);
    current = undefined;
    job.resolve(message);
    next();
  });
  const lost = (error: Error) => {
    if (started !== worker) return;
    worker = undefined;
    const job = current;
    current = undefined;
    if (job) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    // A worker that could not even start would fail the same way again: those waiting are told.
    if (!ready) for (const waiter of waiting.splice(0)) waiter.reject(error);
    next();
  };
  started.on('error', lost);
  started.on('exit', (code) => lost(new Error(`the BPMN check worker stopped (exit code ${code})`)));
  return started;
}

/** Hands the next waiting document to the worker (started when there is none), with its time limit. */
function next() {
  if (!current && waiting.length) {
    const w = worker ?? start();
    if (ready) {
      const job = waiting.shift()!;
      current = job;
      job.timer = setTimeout(() => {
        if (current !== job) return;
        // Out of time: the worker may be deep in a parse or a rule, and only ending it stops that.
        current = undefined;
        worker = undefined;
        void w.terminate();
        job.resolve('timeout');
        next();
      }, job.timeLimitMs);
      w.postMessage({ id: job.id, xml: job.xml, lint: job.lint });
    }
  }
  keepAlive();
}

function ask(xml: string, lint: boolean, timeLimitMs: number, maxWaiting: number): Promise<WorkerAnswer | 'timeout'> {
  if (waiting.length >= maxWaiting) return Promise.reject(new DomainError('unavailable', 'models.checkerBusy', {}, { message: 'too many BPMN documents are waiting to be checked' }));
  return new Promise((resolve, reject) => {
    waiting.push({ id: nextId++, xml, lint, timeLimitMs, resolve, reject });
    next();
  });
}

/** A checker with its own time limit, over the process's one worker. */
export function createModelChecker({ timeLimitMs, maxWaiting = MAX_WAITING_CHECKS }: ModelCheckerOptions): ModelChecker {
  const seconds = timeLimitMs / 1000;
  return {
    async check(xml, name) {
      const answer = await ask(xml, true, timeLimitMs, maxWaiting);
      if (answer === 'timeout') {
        const what = name ?? 'the model';
        return {
          errors: [{ rule: CHECK_TIME_LIMIT_RULE, elementId: '', message: `checking ${what} took longer than ${seconds} s and was stopped`, category: 'error' }],
          warnings: [],
          reading: undefined,
        };
      }
      if (!answer.ok || !answer.reading) throw new Error(`checking ${name ?? 'a model'} failed: ${answer.error}`);
      return { ...findingsOf(answer, name ?? `${answer.reading.processIds[0] ?? 'modelo'}.bpmn`), reading: answer.reading };
    },

    async read(xml) {
      const answer = await ask(xml, false, timeLimitMs, maxWaiting);
      if (answer === 'timeout') return undefined;
      if (!answer.ok || !answer.reading) throw new Error(`reading a model failed: ${answer.error}`);
      return answer.reading;
    },
  };
}

/** Ends the worker; documents being checked or waiting are refused. The next check starts another. Not needed to let a process exit. */
export async function closeLinter(): Promise<void> {
  const w = worker;
  worker = undefined;
  const stopped = new Error('the BPMN check worker was closed');
  const job = current;
  current = undefined;
  if (job) {
    clearTimeout(job.timer);
    job.reject(stopped);
  }
  for (const waiter of waiting.splice(0)) waiter.reject(stopped);
  if (w) await w.terminate();
}

function malformed(resourceName: string, detail: string): Finding {
  return { rule: MALFORMED_XML_RULE, elementId: '', message: `malformed XML in ${resourceName}: ${detail}`, category: 'error', detail };
}

function findingsOf(answer: WorkerAnswer, resourceName: string): LintResult {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  if (answer.malformed !== undefined) {
    errors.push(malformed(resourceName, answer.malformed));
    return { errors, warnings };
  }
  for (const w of answer.importWarnings ?? []) {
    warnings.push({ rule: XML_IMPORT_RULE, elementId: w.elementId, message: w.message, category: 'warn' });
  }
  for (const [rule, list] of Object.entries(answer.reports ?? {})) {
    for (const report of list) {
      // 'rule-error' (a rule that could not run) counts as an error.
      const category = report.category === 'warn' ? 'warn' : report.category === 'info' ? 'info' : 'error';
      (category === 'error' ? errors : warnings).push({ rule, elementId: report.id, message: report.message, category });
    }
  }
  return { errors, warnings };
}

// The checker of `oficio lint` and of callers without a configuration: the default time limit.
const defaultChecker = createModelChecker({ timeLimitMs: DEFAULT_CHECK_TIME_LIMIT_MS });

/** Lints one BPMN document with the default time limit. Never rejects for a bad document: malformed XML is an error finding. */
export async function lintBpmn(xml: string, resourceName?: string): Promise<LintResult> {
  const { errors, warnings } = await defaultChecker.check(xml, resourceName);
  return { errors, warnings };
}
