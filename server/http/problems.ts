// The error funnel of /api: every error a route throws becomes an application/problem+json answer
// in the caller's language. A DomainError says what kind of refusal it is; the status of each kind
// is decided here, once. Anything else is the server's fault: a 500 whose text stays in the log.
import type { NextFunction, Request, Response } from 'express';
import { DomainError, type ErrorKind, type FieldProblem } from '../errors.js';
import { speak, t, type Locale } from '../i18n/index.js';

/** The HTTP status of each kind of refusal (/v2 answers with the same ones, in Camunda's words). */
export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  'not-implemented': 501,
  unavailable: 503,
  timeout: 504,
};

/** A field at fault as a client reads it. */
export interface WordedField {
  /** The field, as a path of names joined by '/' ('' for the request as a whole). */
  field: string;
  message: string;
  code?: string;
}

/**
 * Says where an input the core named by itself ('cursor', 'assignee') was sent: the route runner
 * knows its schemas and answers 'query/cursor', 'body/assignee'.
 */
export type LocateInput = (name: string) => string;

export function localeOf(req: Request): Locale {
  const header = String(req.headers['accept-language'] ?? '');
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'es';
}

/** Each field at fault with its sentence in `locale`; fields naming an input are placed where it was sent. */
export function wordFields(fields: readonly FieldProblem[], locale: Locale, locate: LocateInput = (name) => name): WordedField[] {
  return fields.map((f) => ({
    field: f.input ? locate(f.field) : f.field,
    message: f.messageKey ? speak(locale, f.messageKey, f.params) : (f.message ?? ''),
    ...(f.code !== undefined ? { code: f.code } : {}),
  }));
}

interface Problem {
  type: string;
  status: number;
  title: string;
  errors?: WordedField[];
  [extra: string]: unknown;
}

/** Turns any error into the problem a client may see. */
export function toProblem(error: unknown, locale: Locale, locate?: LocateInput): Problem {
  if (error instanceof DomainError) {
    const errors = wordFields(error.fields, locale, locate);
    return {
      type: `urn:oficio:problem:${error.problemId}`,
      status: STATUS_OF_KIND[error.kind],
      title: t(locale, error.messageKey, error.params),
      ...(errors.length ? { errors } : {}),
      ...error.details,
    };
  }
  return { type: 'urn:oficio:problem:http.internal', status: 500, title: t(locale, 'http.internal') };
}

/**
 * express.json()'s refusals (a body too large, not JSON, in an unknown charset or encoding, cut
 * short) as the refusal they are, never an internal error; undefined for any other error.
 */
export function bodyParserRefusal(error: unknown): DomainError | undefined {
  const e = error as { type?: unknown; status?: unknown; limit?: unknown } | undefined;
  if (typeof e?.type !== 'string' || typeof e.status !== 'number' || e.status >= 500 || !/^(entity|charset|encoding|request|stream)\./.test(e.type)) return undefined;
  if (e.status === 413) return new DomainError('too-large', 'v2.tooLarge', { max: typeof e.limit === 'number' ? e.limit : 0 });
  if (error instanceof SyntaxError) return new DomainError('invalid', 'http.malformedJson');
  return new DomainError(e.status === 415 ? 'unsupported-media-type' : 'invalid', 'v2.invalidRequest', { problems: e.type });
}

/** What the route runner left for the funnel: how to place the inputs it names. */
export const locatorOf = (res: Response): LocateInput | undefined => res.locals.locateInput as LocateInput | undefined;

/** The last middleware: answers every error as problem+json; logs what the client must not see. */
export function errorFunnel(log: (message: string) => void) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblem(bodyParserRefusal(error) ?? error, localeOf(req), locatorOf(res));
    if (problem.status >= 500) log(`${req.method} ${req.originalUrl} failed: ${(error as Error)?.stack ?? String(error)}`);
    if (res.headersSent) return;
    if (problem.status === 429 && typeof problem.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(problem.retryAfterSeconds));
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}
