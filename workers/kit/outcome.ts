// What a job handler answers. Only these helpers build an Outcome, so a handler whose path ends
// without one does not compile (STYLE: a worker cannot forget to answer).

declare const outcomeBrand: unique symbol;

export type Outcome =
  | { readonly kind: 'complete'; readonly variables: Record<string, unknown>; readonly [outcomeBrand]: true }
  | { readonly kind: 'bpmnError'; readonly errorCode: string; readonly errorMessage: string; readonly variables: Record<string, unknown>; readonly [outcomeBrand]: true }
  | { readonly kind: 'failure'; readonly errorMessage: string; readonly retryable: boolean; readonly [outcomeBrand]: true };

/** The step is done; `variables` go back to the process (validated against the worker's output schema). */
export function complete(variables: Record<string, unknown> = {}): Outcome {
  return { kind: 'complete', variables } as Outcome;
}

/** A business outcome the model handles: an error boundary event catches `errorCode`. */
export function bpmnError(errorCode: string, errorMessage: string, variables: Record<string, unknown> = {}): Outcome {
  return { kind: 'bpmnError', errorCode, errorMessage, variables } as Outcome;
}

/** A technical failure: retried with back-off while retries last, then an incident. */
export function failure(errorMessage: string): Outcome {
  return { kind: 'failure', errorMessage, retryable: true } as Outcome;
}

/** A failure no retry can fix (bad data, a bug): an incident at once. */
export function incident(errorMessage: string): Outcome {
  return { kind: 'failure', errorMessage, retryable: false } as Outcome;
}

/** Thrown from deep inside a handler for a business outcome; becomes bpmnError(code). */
export class BpmnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BpmnError';
  }
}

/** Thrown for a failure no retry can fix; becomes an incident at once. */
export class NonRetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonRetryableError';
  }
}
