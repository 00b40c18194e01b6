// @ts-check
// FEEL evaluation for the embedded engine (server/engine/embedded/feel.ts is its client). Plain
// JavaScript on purpose: the same module evaluates simple expressions on the engine's own thread
// and, loaded as a worker thread, those that can loop or grow — a worker loads through Node's own
// loader, needs no TypeScript hooks, and has a heap of its own whose limit V8 enforces.
//
// As a worker: workerData { oficioFeelSandbox: true, timeMs, limits }; it posts { ready: true } once
// it is ready, then answers each message { id, expression, variables, nowMs } with { id, ...Outcome },
// one at a time, which the engine awaits.
import { evaluate } from '@bpmn-io/feelin';
import vm from 'node:vm';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

/**
 * @typedef {{ resultChars: number, resultDepth: number }} ResultLimits
 * @typedef {{ ok: true, value: unknown }
 *   | { ok: false, reason: 'failed', detail: string }
 *   | { ok: false, reason: 'time' }
 *   | { ok: false, reason: 'resultSize' }
 *   | { ok: false, reason: 'resultDepth' }} Outcome
 */

const USES_BUILT_INS = /\b(now|today|assert)\s*\(/;

/**
 * Evaluates FEEL against `variables`; a failure is an outcome, never an exception. The result comes
 * back as JSON values (temporal values as ISO text), refused when larger or deeper than `limits`.
 * @param {string} expression
 * @param {Record<string, unknown>} variables
 * @param {number} nowMs
 * @param {ResultLimits} limits
 * @returns {Outcome}
 */
export function evaluateExpression(expression, variables, nowMs, limits) {
  let result;
  try {
    result = evaluate(expression, withClock(expression, variables, nowMs));
  } catch (error) {
    return { ok: false, reason: 'failed', detail: messageOf(error) };
  }
  const failure = result.warnings.find((w) => w.type === 'FUNCTION_INVOCATION_FAILURE' || w.type === 'NO_FUNCTION_FOUND');
  if (failure) return { ok: false, reason: 'failed', detail: failure.message };
  const budget = { chars: limits.resultChars, maxDepth: limits.resultDepth, over: /** @type {'resultSize' | 'resultDepth' | undefined} */ (undefined) };
  const value = toJson(result.value, budget, 0);
  if (budget.over) return { ok: false, reason: budget.over };
  return { ok: true, value };
}

/**
 * @param {unknown} error
 * @returns {string}
 */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `now()` and `today()` follow the engine's clock; Camunda's `assert()` is added since feelin lacks it.
 * @param {string} expression
 * @param {Record<string, unknown>} variables
 * @param {number} nowMs
 */
function withClock(expression, variables, nowMs) {
  // Most expressions call none of these; they then read the variables as they are.
  if (!USES_BUILT_INS.test(expression)) return variables;
  const iso = new Date(nowMs).toISOString();
  return {
    ...variables,
    now: () => evaluate(`date and time("${iso}")`, {}).value,
    today: () => evaluate(`date("${iso.slice(0, 10)}")`, {}).value,
    assert: camundaAssert,
  };
}

/**
 * Camunda's assert(value, condition[, cause]): the one FEEL function that fails on purpose.
 * @param {unknown} value
 * @param {unknown} condition
 * @param {unknown} [cause]
 */
function camundaAssert(value, condition, cause) {
  if (condition !== true) throw new Error(typeof cause === 'string' ? cause : 'The condition is not fulfilled');
  return value;
}

/**
 * FEEL results as JSON values: temporal objects become their ISO text, functions are dropped.
 * Counts about as many characters as the value's JSON text has, reading a string's length without
 * flattening it (feelin's `+` builds ropes), and stops as soon as the budget is spent.
 * @param {unknown} value
 * @param {{ chars: number, maxDepth: number, over: 'resultSize' | 'resultDepth' | undefined }} budget
 * @param {number} depth
 * @returns {unknown}
 */
function toJson(value, budget, depth) {
  if (budget.over) return null;
  if (value === undefined || value === null || typeof value === 'function') return spend(budget, 4, null);
  if (typeof value === 'number') return spend(budget, 24, Number.isFinite(value) ? value : null);
  if (typeof value === 'boolean') return spend(budget, 5, value);
  if (typeof value === 'string') return spend(budget, value.length + 2, value);
  const maybeTemporal = /** @type {{ toISO?: () => string }} */ (value);
  if (typeof maybeTemporal.toISO === 'function') return spend(budget, 32, maybeTemporal.toISO());
  if (typeof value !== 'object') return spend(budget, 4, null);
  if (depth >= budget.maxDepth) {
    budget.over = 'resultDepth';
    return null;
  }
  if (Array.isArray(value)) {
    const out = [];
    for (const item of value) {
      out.push(toJson(item, budget, depth + 1));
      if (budget.over) return null;
    }
    return spend(budget, 2 + value.length, out);
  }
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    spend(budget, key.length + 4, null);
    const json = toJson(item, budget, depth + 1);
    // A key '__proto__' (JSON.parse makes such own keys) stays a key: assigning it would replace the object's prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: json, enumerable: true, writable: true, configurable: true });
    else out[key] = json;
    if (budget.over) return null;
  }
  return spend(budget, 2, out);
}

/**
 * @template T
 * @param {{ chars: number, over: 'resultSize' | 'resultDepth' | undefined }} budget
 * @param {number} chars
 * @param {T} value
 * @returns {T}
 */
function spend(budget, chars, value) {
  budget.chars -= chars;
  if (budget.chars < 0 && !budget.over) budget.over = 'resultSize';
  return value;
}

if (!isMainThread && parentPort && workerData?.oficioFeelSandbox) serve(parentPort, workerData);

/**
 * The worker's side: evaluates each request within `timeMs` of its own (a loop stops there and the
 * worker lives on); what no timer can stop — native work on a giant string, a heap at its limit —
 * is the engine's to cut short, by ending this worker.
 * @param {import('node:worker_threads').MessagePort} port
 * @param {{ timeMs: number, limits: ResultLimits }} data
 */
function serve(port, { timeMs, limits }) {
  const context = vm.createContext({ run: () => undefined });
  const script = new vm.Script('run()');
  port.on('message', (/** @type {{ id: number, expression: string, variables: Record<string, unknown>, nowMs: number }} */ request) => {
    /** @type {Outcome} */
    let outcome;
    try {
      context.run = () => evaluateExpression(request.expression, request.variables, request.nowMs, limits);
      outcome = script.runInContext(context, { timeout: timeMs });
    } catch (error) {
      const timedOut = /** @type {{ code?: string }} */ (error)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
      outcome = timedOut ? { ok: false, reason: 'time' } : { ok: false, reason: 'failed', detail: messageOf(error) };
    }
    context.run = () => undefined;
    port.postMessage({ id: request.id, ...outcome });
  });
  port.postMessage({ ready: true });
}
