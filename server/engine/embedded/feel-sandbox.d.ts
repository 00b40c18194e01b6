// Types of feel-sandbox.js (plain JavaScript: it also runs as a worker thread).

export interface ResultLimits {
  /** About how many characters the result's JSON text may have. */
  resultChars: number;
  /** How deeply the result may nest lists and contexts. */
  resultDepth: number;
}

export type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'failed'; detail: string }
  | { ok: false; reason: 'time' }
  | { ok: false; reason: 'resultSize' }
  | { ok: false; reason: 'resultDepth' };

export function evaluateExpression(expression: string, variables: Record<string, unknown>, nowMs: number, limits: ResultLimits): Outcome;
