// Lints BPMN documents with bpmnlint: the recommended rules plus Camunda 8.8 compatibility
// (bpmnlint-plugin-camunda-compat), over a model read with bpmn-moddle + zeebe-bpmn-moddle.
// Used by `oficio lint` and, later, by the server's deploy endpoint.
//
// bpmnlint runs in a worker thread (./worker.js, which says why); this module is its client.
// The worker starts on the first call, keeps the process alive only while a request is pending,
// and is restarted after a crash.
import { Worker } from 'node:worker_threads';

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

// The same reading of parser warnings as the engine's (server/engine/embedded/model.ts).
const FATAL_WARNING = 'unparsable content|unclosed|Text data outside of root node|missing';

interface WorkerAnswer {
  id: number;
  ok: boolean;
  error?: string;
  malformed?: string;
  importWarnings?: Array<{ elementId: string; message: string }>;
  reports?: Record<string, Array<{ id: string; message: string; category: string }>>;
}

interface Pending {
  resolve: (answer: WorkerAnswer) => void;
  reject: (error: Error) => void;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('./worker.js', import.meta.url), {
    workerData: { config: LINT_CONFIG, fatalWarning: FATAL_WARNING },
  });
  started.unref();
  const fail = (error: Error) => {
    if (worker === started) worker = undefined;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  started.on('message', (answer: WorkerAnswer) => {
    const p = pending.get(answer.id);
    if (!p) return;
    pending.delete(answer.id);
    if (!pending.size) started.unref();
    p.resolve(answer);
  });
  started.on('error', (error) => fail(error));
  started.on('exit', (code) => fail(new Error(`the BPMN lint worker stopped (exit code ${code})`)));
  worker = started;
  return started;
}

function ask(xml: string): Promise<WorkerAnswer> {
  const w = getWorker();
  const id = nextId++;
  return new Promise<WorkerAnswer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref(); // an answer is awaited: the process must not exit under it
    w.postMessage({ id, xml });
  });
}

/** Stops the lint worker (it is restarted by the next lintBpmn). Not needed to let a process exit. */
export async function closeLinter(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}

function malformed(resourceName: string, detail: string): Finding {
  return { rule: MALFORMED_XML_RULE, elementId: '', message: `malformed XML in ${resourceName}: ${detail}`, category: 'error', detail };
}

/** Lints one BPMN document. Never rejects for a bad document: malformed XML is an error finding. */
export async function lintBpmn(xml: string, resourceName: string): Promise<LintResult> {
  const answer = await ask(xml);
  if (!answer.ok) throw new Error(`linting ${resourceName} failed: ${answer.error}`);
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
