// FEEL for the embedded engine: '=expr' attributes are FEEL (through @bpmn-io/feelin), anything
// else is a static value, as in Zeebe. `now()` and `today()` follow the engine's clock; Camunda's
// `assert()` is added since feelin lacks it.
import { evaluate, parseExpression } from '@bpmn-io/feelin';

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

/** A syntax problem in a FEEL expression, or undefined when it parses. */
export function feelSyntaxError(expression: string): string | undefined {
  try {
    let bad: number | undefined;
    parseExpression(expression, {}, undefined).iterate({
      enter(node) {
        if (node.type.isError && bad === undefined) bad = node.from;
      },
    });
    return bad === undefined ? undefined : `syntax error at position ${bad}`;
  } catch (error) {
    return (error as Error).message;
  }
}

export type Scope = Record<string, unknown>;

/** Evaluates FEEL against the visible variables; temporal values come back as ISO strings. */
export function evaluateFeel(expression: string, variables: Scope, nowMs: number): unknown {
  let result;
  try {
    result = evaluate(expression, withClock(expression, variables, nowMs));
  } catch (error) {
    throw new FeelError(`failed to evaluate expression '${expression}': ${(error as Error).message}`);
  }
  const failure = result.warnings.find((w) => w.type === 'FUNCTION_INVOCATION_FAILURE' || w.type === 'NO_FUNCTION_FOUND');
  if (failure) throw new FeelError(`failed to evaluate expression '${expression}': ${failure.message}`);
  return toJson(result.value);
}

export function evaluateExpr(expr: Expr, variables: Scope, nowMs: number): unknown {
  return 'feel' in expr ? evaluateFeel(expr.feel, variables, nowMs) : expr.text;
}

const USES_BUILT_INS = /\b(now|today|assert)\s*\(/;

function withClock(expression: string, variables: Scope, nowMs: number): Scope {
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

/** Camunda's assert(value, condition[, cause]): the one FEEL function that fails on purpose. */
function camundaAssert(value: unknown, condition: unknown, cause?: unknown) {
  if (condition !== true) throw new Error(typeof cause === 'string' ? cause : 'The condition is not fulfilled');
  return value;
}

/** FEEL results as JSON values: temporal objects become their ISO text, functions are dropped. */
function toJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'function') return null;
  if (Array.isArray(value)) return value.map(toJson);
  const maybeTemporal = value as { toISO?: () => string; isLuxonDateTime?: boolean };
  if (typeof maybeTemporal.toISO === 'function') return maybeTemporal.toISO();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as object)) out[k] = toJson(v);
    return out;
  }
  return null;
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a context' : `${typeof value} '${String(value)}'`;
}
