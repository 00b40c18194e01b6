// The error funnel: every error a route throws becomes an application/problem+json answer in the
// caller's language, with field-level errors where input was wrong. Stack traces and driver
// messages stay in the server log.
import type { NextFunction, Request, Response } from 'express';
import { ZodError } from 'zod';
import { ConflictError } from '../store/port.js';
import { DeploymentRejectedError, EngineError } from '../engine/port.js';
import { IdentityError } from '../core/identity/index.js';
import { InvalidAuditQueryError } from '../core/audit/index.js';
import { hasMessage, t, type Locale, type MessageKey } from '../i18n/index.js';

export interface FieldProblem {
  /** The field, as a path of names joined by '/' ('' for the request as a whole). */
  field: string;
  message: string;
  code?: string;
}

/** An error a route throws on purpose, with the status and catalogue entry that speak it. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly titleKey: MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly errors: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(titleKey);
    this.name = 'HttpProblem';
  }
}

export function localeOf(req: Request): Locale {
  const header = String(req.headers['accept-language'] ?? '');
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'es';
}

interface Problem {
  type: string;
  status: number;
  title: string;
  detail?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

/** Turns any error into the problem a client may see. */
export function toProblem(error: unknown, locale: Locale): Problem {
  if (error instanceof HttpProblem) {
    return { type: `urn:oficio:problem:${error.titleKey}`, status: error.status, title: t(locale, error.titleKey, error.params), ...(error.errors.length ? { errors: error.errors } : {}), ...error.extra };
  }
  if (error instanceof ZodError) {
    return {
      type: 'urn:oficio:problem:http.validation',
      status: 400,
      title: t(locale, 'http.validation'),
      errors: error.issues.map((issue) => ({ field: issue.path.map(String).join('/'), message: issue.message, code: issue.code })),
    };
  }
  if (error instanceof DeploymentRejectedError) {
    return {
      type: 'urn:oficio:problem:engine.deploymentRejected',
      status: 400,
      title: t(locale, 'http.deploymentRejected'),
      errors: error.problems.map((p) => ({ field: p.elementId ?? '', message: p.message, ...(p.code ? { code: p.code } : {}) })),
    };
  }
  if (error instanceof EngineError) {
    const key = `http.engine.${error.code}` as MessageKey;
    return { type: `urn:oficio:problem:engine.${error.code}`, status: error.status, title: hasMessage(key) ? t(locale, key, error.params) : error.message, detail: error.message };
  }
  if (error instanceof IdentityError) {
    return {
      type: `urn:oficio:problem:identity.${error.code}`,
      status: error.status,
      title: t(locale, error.messageKey, error.params),
      ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    };
  }
  if (error instanceof InvalidAuditQueryError) {
    return { type: 'urn:oficio:problem:http.validation', status: 400, title: t(locale, 'http.validation'), errors: [{ field: error.field, message: error.message }] };
  }
  if (error instanceof ConflictError) {
    return { type: 'urn:oficio:problem:http.conflict', status: 409, title: t(locale, 'http.conflict') };
  }
  return { type: 'urn:oficio:problem:http.internal', status: 500, title: t(locale, 'http.internal') };
}

/** The last middleware: answers every error as problem+json; logs what the client must not see. */
export function errorFunnel(log: (message: string) => void = (m) => console.error(m)) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // express.json() reports malformed bodies as a SyntaxError with status 400.
    const malformed = error instanceof SyntaxError && (error as { status?: number }).status === 400;
    const problem = malformed ? toProblem(new HttpProblem(400, 'http.malformedJson'), localeOf(req)) : toProblem(error, localeOf(req));
    if (problem.status >= 500) log(`${req.method} ${req.originalUrl} failed: ${(error as Error)?.stack ?? String(error)}`);
    if (problem.status === 429 && typeof problem.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(problem.retryAfterSeconds));
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}
