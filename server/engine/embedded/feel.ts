// FEEL for the embedded engine: '=expr' attributes are FEEL (through @bpmn-io/feelin), anything
// else is a static value, as in Zeebe. `now()` and `today()` follow the engine's clock; Camunda's
// `assert()` is added since feelin lacks it (both in feel-sandbox.js, which evaluates).
//
// Every evaluation has a budget (FEEL_BUDGET), because a model's author must not be able to stop
// the server: `count(for x in 1..10000000 return x)` once held it for 11 s and 1.3 GB. An expression
// that cannot loop or grow — no for/some/every, filter, range or function definition, only
// functions whose work is linear in their arguments, few variable references — runs inline: its
// work is bounded by its text and the variables it reads. Any other runs in a worker thread with a
// heap of its own, and the engine waits for it no longer than the time budget. Either way the
// result's size and depth are checked. Over budget is a FeelError naming the expression and the
// budget, which the runtime turns into the incident of a failed expression.
//
// Evaluation is asynchronous so that the engine's thread stays free while the worker computes (an
// inline expression costs one await of a value already computed). And the store stays free too: a
// step that needs a worker-thread value it has not got is rolled back, the worker evaluates with no
// transaction open, and the step runs again at the same instant with the answer (engine.ts command,
// runtime.ts WorkerEvaluationNeeded). Only after MAX_DEFERRED_EVALUATIONS such runs of one command
// does a step wait for the worker inside its transaction.
import { parseExpression } from '@bpmn-io/feelin';
import { Worker } from 'node:worker_threads';
import { evaluateExpression, type Outcome, type ResultLimits } from './feel-sandbox.js';

/** What one FEEL evaluation may cost (README, security: these are the limits a model lives with). */
export const FEEL_BUDGET = {
  /** Time an expression that can loop or grow may run, in milliseconds. */
  timeMs: 250,
  /** Heap of the worker thread that runs such expressions, in MiB (their variables included). */
  memoryMb: 128,
  /** About how many characters the JSON text of any result may have (4 MiB, Zeebe's limit on a message). */
  resultChars: 4 * 1024 * 1024,
  /** How deeply any result may nest lists and contexts. */
  resultDepth: 64,
} as const;

/** How long the engine waits beyond the time budget for the worker's answer (messaging, a busy machine) before ending it. */
const SANDBOX_GRACE_MS = 100;
/** How long an evaluation waits for a worker that is still starting (its modules loading). Not a budget: it happens once, or after a worker was ended. */
const SANDBOX_START_MS = 10_000;
const RESULT_LIMITS: ResultLimits = { resultChars: FEEL_BUDGET.resultChars, resultDepth: FEEL_BUDGET.resultDepth };

/** An attribute as written in the model: static text, or a FEEL expression without its '='. */
export type Expr = { feel: string } | { text: string };

export class FeelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeelError';
  }
}

export function toExpr(attribute: string): Expr {
  const trimmed = attribute.trim();
  return trimmed.startsWith('=') ? { feel: trimmed.slice(1) } : { text: attribute };
}

/**
 * A syntax problem in a FEEL expression, or undefined when it parses. Reading a model thus also
 * learns where each expression will run, and starts the worker when one needs it.
 */
export function feelSyntaxError(expression: string): string | undefined {
  const { syntaxError, inline } = analyse(expression);
  remember(expression, inline);
  if (!inline && syntaxError === undefined) sandbox ??= startSandbox();
  return syntaxError;
}

export type Scope = Record<string, unknown>;

/**
 * Evaluates FEEL against the visible variables within FEEL_BUDGET; temporal values come back as ISO
 * strings. Over budget or failed, it rejects with a FeelError.
 */
export async function evaluateFeel(expression: string, variables: Scope, nowMs: number): Promise<unknown> {
  return valueOf(expression, runsInline(expression) ? evaluateExpression(expression, variables, nowMs, RESULT_LIMITS) : await evaluateInSandbox(expression, variables, nowMs));
}

/** What an evaluation in the worker thread came to. */
export type WorkerOutcome = Outcome | Failure;

/** Whether `expression` runs in the worker thread: it can loop or grow. */
export function runsInWorker(expression: string): boolean {
  return !runsInline(expression);
}

/** Evaluates in the worker thread within FEEL_BUDGET; the outcome, failed or not, becomes a value or a FeelError through valueOf. */
export function evaluateInWorker(expression: string, variables: Scope, nowMs: number): Promise<WorkerOutcome> {
  return evaluateInSandbox(expression, variables, nowMs);
}

/** The value of an outcome, or the FeelError naming the expression and what went wrong. */
export function valueOf(expression: string, outcome: WorkerOutcome): unknown {
  if (outcome.ok) return outcome.value;
  throw new FeelError(`failed to evaluate expression '${expression}': ${explain(outcome)}`);
}

export async function evaluateExpr(expr: Expr, variables: Scope, nowMs: number): Promise<unknown> {
  return 'feel' in expr ? evaluateFeel(expr.feel, variables, nowMs) : expr.text;
}

type Failure = Exclude<Outcome, { ok: true }> | { ok: false; reason: 'killed' | 'unavailable' };

function explain(failure: Failure): string {
  switch (failure.reason) {
    case 'failed':
      return failure.detail;
    case 'time':
      return `it ran longer than the FEEL budget of ${FEEL_BUDGET.timeMs} ms`;
    case 'killed':
      return `it went over the FEEL budget of ${FEEL_BUDGET.timeMs} ms and ${FEEL_BUDGET.memoryMb} MB of memory`;
    case 'resultSize':
      return `its result is larger than the FEEL budget of ${FEEL_BUDGET.resultChars.toLocaleString('en-US')} characters`;
    case 'resultDepth':
      return `its result nests deeper than the FEEL budget of ${FEEL_BUDGET.resultDepth} levels`;
    case 'unavailable':
      return `the worker thread that evaluates it did not start within ${SANDBOX_START_MS / 1000} s`;
  }
}

// ------------------------------------------------------------------------------------------
// Where an expression runs

/** Nodes that iterate, build ranges or define functions (recursion): their work is not bounded by the text. */
const LOOPING_NODES = new Set(['ForExpression', 'QuantifiedExpression', 'FilterExpression', 'FunctionDefinition', 'InExpressions', 'IterationContext']);

/**
 * Built-in functions whose work and result are linear in their arguments. Not here, so run in the
 * worker: regular expressions (matches, replace, split), quadratic ones (union, distinct values,
 * context, mode…), string join (its result is the list's length times the separator's), sort and
 * whatever a newer feelin adds.
 */
const LINEAR_FUNCTIONS = new Set([
  ...['not', 'string', 'number', 'string length', 'upper case', 'lower case', 'substring', 'substring before', 'substring after', 'contains', 'starts with', 'ends with'],
  ...['date', 'time', 'date and time', 'duration', 'years and months duration', 'now', 'today', 'assert', 'day of year', 'day of week', 'month of year', 'week of year'],
  ...['get value', 'get entries', 'context merge', 'context put', 'count', 'min', 'max', 'sum', 'mean', 'product', 'stddev', 'median', 'all', 'any'],
  ...['list contains', 'append', 'concatenate', 'sublist', 'insert before', 'remove', 'reverse', 'index of', 'flatten'],
  ...['abs', 'floor', 'ceiling', 'decimal', 'round up', 'round down', 'round half up', 'round half down', 'modulo', 'odd', 'even', 'sqrt', 'log', 'exp', 'is'],
  ...['before', 'after', 'meets', 'met by', 'overlaps', 'overlaps before', 'overlaps after', 'finishes', 'finished by', 'includes', 'during', 'starts', 'started by', 'coincides'],
]);

/** Each variable reference can bring a large value into an inline expression: a few are fine, many go to the worker. */
const INLINE_MAX_REFERENCES = 24;
/** Expressions come from deployed models; the cache forgets them all when it is this full. */
const PATH_CACHE_SIZE = 10_000;
const inlineByExpression = new Map<string, boolean>();

function runsInline(expression: string): boolean {
  let inline = inlineByExpression.get(expression);
  if (inline === undefined) remember(expression, (inline = analyse(expression).inline));
  return inline;
}

function remember(expression: string, inline: boolean) {
  if (inlineByExpression.size >= PATH_CACHE_SIZE) inlineByExpression.clear();
  inlineByExpression.set(expression, inline);
}

/**
 * Reads an expression's syntax tree: its first syntax error, and whether it may run inline. A
 * context entry that reads an earlier entry of its context (`{a: x, b: a + a, c: b + b, …}`) doubles
 * a value per entry, so that sends an expression to the worker too.
 */
function analyse(expression: string): { syntaxError?: string; inline: boolean } {
  let syntaxError: string | undefined;
  let inline = true;
  let references = 0;
  const contexts: Array<{ keys: Set<string>; entryKey?: string }> = [];
  const nameAt = (from: number, to: number) => expression.slice(from, to).replace(/\s+/g, ' ').trim();
  try {
    parseExpression(expression, {}, undefined).iterate({
      enter(node) {
        const type = node.type.name;
        if (node.type.isError) {
          syntaxError ??= `syntax error at position ${node.from}`;
          inline = false;
        } else if (LOOPING_NODES.has(type)) inline = false;
        else if (type === 'FunctionInvocation') {
          const callee = node.node.firstChild;
          if (callee?.name !== 'VariableName' || !LINEAR_FUNCTIONS.has(nameAt(callee.from, callee.to))) inline = false;
        } else if (type === 'VariableName') {
          references++;
          const name = nameAt(node.from, node.to);
          if (contexts.some((c) => c.keys.has(name))) inline = false;
        } else if (type === 'Context') contexts.push({ keys: new Set() });
        else if (type === 'Key' && contexts.length) contexts.at(-1)!.entryKey = nameAt(node.from, node.to).replace(/^"|"$/g, '');
      },
      leave(node) {
        const type = node.type.name;
        if (type === 'Context') contexts.pop();
        else if (type === 'ContextEntry' && contexts.length) {
          const context = contexts.at(-1)!;
          if (context.entryKey !== undefined) context.keys.add(context.entryKey);
        }
      },
    });
  } catch (error) {
    return { syntaxError: (error as Error).message, inline: false };
  }
  return { ...(syntaxError !== undefined ? { syntaxError } : {}), inline: inline && references <= INLINE_MAX_REFERENCES };
}

// ------------------------------------------------------------------------------------------
// The worker thread

interface Sandbox {
  worker: Worker;
  /** Settles true once the worker is ready, false when it ended before that. */
  ready: Promise<boolean>;
  isReady: boolean;
  /** The one request the worker is working on. */
  inFlight: { id: number; settle(outcome: Outcome | Failure): void } | undefined;
}

/** What the worker posts: once `{ ready: true }`, then each request's id with its outcome. */
type SandboxMessage = { ready: true } | (Outcome & { id: number });

let sandbox: Sandbox | undefined;
let lastRequestId = 0;
/** Requests run one after another: each one's time budget starts when the worker takes it, never while it waits behind another. */
let sandboxQueue: Promise<unknown> = Promise.resolve();

function startSandbox(): Sandbox {
  let markReady: (ready: boolean) => void = () => undefined;
  const worker = new Worker(new URL('./feel-sandbox.js', import.meta.url), {
    workerData: { oficioFeelSandbox: true, timeMs: FEEL_BUDGET.timeMs, limits: RESULT_LIMITS },
    resourceLimits: { maxOldGenerationSizeMb: FEEL_BUDGET.memoryMb },
  });
  const started: Sandbox = { worker, ready: new Promise((resolve) => (markReady = resolve)), isReady: false, inFlight: undefined };
  worker.on('message', (message: SandboxMessage) => {
    if ('ready' in message) {
      started.isReady = true;
      markReady(true);
    } else if (started.inFlight?.id === message.id) {
      const { id: _id, ...outcome } = message;
      started.inFlight.settle(outcome);
    }
  });
  // Out of memory, or ended: what it was working on went over budget, and the next evaluation starts another.
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    markReady(false);
    started.inFlight?.settle({ ok: false, reason: 'killed' });
    if (sandbox === started) sandbox = undefined;
  });
  // It never keeps the process alive (a waiting evaluation's timer does). After the listeners: adding one refs the worker again.
  worker.unref();
  return started;
}

/** Ends a worker that went over budget and starts its successor at once, so that the next evaluation finds it ready. */
function replace(ended: Sandbox) {
  void ended.worker.terminate().catch(() => undefined);
  if (sandbox === ended || sandbox === undefined) sandbox = startSandbox();
}

/** Evaluates in the worker, after the evaluations asked for before it; the step that needs the value awaits it, no longer than the budget. */
function evaluateInSandbox(expression: string, variables: Scope, nowMs: number): Promise<Outcome | Failure> {
  const turn = sandboxQueue.then(() => runInSandbox(expression, variables, nowMs));
  sandboxQueue = turn.catch(() => undefined);
  return turn;
}

async function runInSandbox(expression: string, variables: Scope, nowMs: number): Promise<Outcome | Failure> {
  const box = (sandbox ??= startSandbox());
  if (!box.isReady && !(await startedWithin(box, SANDBOX_START_MS))) {
    replace(box);
    return { ok: false, reason: 'unavailable' };
  }
  return new Promise((resolve, reject) => {
    const id = ++lastRequestId;
    // Native work no timer interrupts (a giant string), or a heap at its limit: end the worker.
    const deadline = setTimeout(() => {
      settle({ ok: false, reason: 'killed' });
      replace(box);
    }, FEEL_BUDGET.timeMs + SANDBOX_GRACE_MS);
    const settle = (outcome: Outcome | Failure) => {
      clearTimeout(deadline);
      box.inFlight = undefined;
      resolve(outcome);
    };
    box.inFlight = { id, settle };
    try {
      box.worker.postMessage({ id, expression, variables, nowMs });
    } catch (error) {
      clearTimeout(deadline);
      box.inFlight = undefined;
      reject(error as Error);
    }
  });
}

/** Whether the worker is ready within `ms`; it waits without blocking, and its timer keeps the process alive meanwhile. */
async function startedWithin(box: Sandbox, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([box.ready, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a context' : `${typeof value} '${String(value)}'`;
}
