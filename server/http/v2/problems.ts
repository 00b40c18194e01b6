// The /v2 error funnel: every error becomes an RFC 9457 problem as the Camunda 8 REST API answers
// it — `title` the Camunda code (NOT_FOUND, INVALID_ARGUMENT, …) that SDK code tests, `detail` the
// sentence from the catalogue in the caller's language (a stand-in cluster words the engine's refusals
// as Zeebe does: ProblemWording), `instance` the path. The status of each kind is /api's
// (server/http/problems.ts); its Camunda code is decided here, once. Stack traces and store or driver
// messages stay in the server log.
import type { NextFunction, Request, Response } from 'express';
import { DomainError, type ErrorKind } from '../../errors.js';
import { DeploymentRejectedError, EngineError } from '../../engine/port.js';
import { deployProblemText, t, type Locale } from '../../i18n/index.js';
import type { Logger } from '../../log.js';
import { STATUS_OF_KIND, bodyParserRefusal, clientGone, localeOf, locatorOf, wordFields, type LocateInput, type WordedField } from '../problems.js';
import { clientWentAway, requestFailed } from '../request-log.js';

/** The problem a /v2 client receives. */
export interface CamundaProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** Oficio addition: each wrong field, when the input was at fault. */
  errors?: WordedField[];
  [extra: string]: unknown;
}

/** Camunda's code for each kind of refusal. */
const CAMUNDA_CODE: Record<ErrorKind, string> = {
  invalid: 'INVALID_ARGUMENT',
  unauthenticated: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  'not-found': 'NOT_FOUND',
  conflict: 'INVALID_STATE',
  'too-large': 'PAYLOAD_TOO_LARGE',
  'unsupported-media-type': 'UNSUPPORTED_MEDIA_TYPE',
  'rate-limited': 'TOO_MANY_REQUESTS',
  'not-implemented': 'NOT_SUPPORTED',
  unavailable: 'UNAVAILABLE',
  timeout: 'DEADLINE_EXCEEDED',
};

/** Zeebe's rejection codes where they differ from the engine port's: a duplicate, a refused deployment. */
const ZEEBE_CODE: Partial<Record<EngineError['code'], string>> = { CONFLICT: 'ALREADY_EXISTS', DEPLOYMENT_REJECTED: 'INVALID_ARGUMENT' };

/** A 400 naming each wrong part of the request, as 'body/type: …'. */
export function invalidRequest(errors: WordedField[]): DomainError {
  const problems = errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
  return new DomainError('invalid', 'v2.invalidRequest', { problems }, { fields: errors });
}

/**
 * The sentence a Camunda client shows (it has no other): the catalogue's, with what a refusal lists
 * said in it — the fields of a form after its title, the one field a refusal is about by itself,
 * each element of a refused deployment by its resource.
 */
function detailOf(error: DomainError, errors: WordedField[], locale: Locale): string {
  if (error instanceof DeploymentRejectedError) {
    const problems = error.problems.map((p) => `${[p.resourceName, p.elementId].filter(Boolean).join('#')}: ${deployProblemText(locale, p.code, p.params) ?? p.message}`);
    return t(locale, 'v2.deployment.rejected', { problems: problems.join('; ') });
  }
  if (error instanceof EngineError && error.code === 'NOT_FOUND') {
    return t(locale, 'v2.engine.NOT_FOUND', { what: String(error.params.processId ?? error.params.key ?? error.params.messageId ?? '') });
  }
  const title = t(locale, error.messageKey, error.params);
  // Listed in the sentence already (v2.invalidRequest's {problems}, a one-field refusal that says it in its title), or nothing to list.
  if (!errors.length || error.params.problems !== undefined || (errors.length === 1 && errors[0]!.message === title)) return title;
  if (errors.length === 1 && error.fields[0]!.input) return errors[0]!.message;
  return `${title} ${errors.map((e) => e.message).join('; ')}`.trim();
}

/**
 * How `detail` words a refusal of the engine: from Oficio's catalogue in the caller's language, or —
 * standing in for a cluster (policy.ts) — in Zeebe's own English, which the Camunda adapter reads (a
 * refused deployment's listing, a task listener's denial).
 */
export type ProblemWording = 'oficio' | 'zeebe';

/** A refusal as Zeebe words it: a refused deployment lists each resource's elements and their errors; any other is the engine's own sentence. */
function zeebeDetail(error: EngineError): string {
  if (!(error instanceof DeploymentRejectedError)) return error.message;
  const byResource = new Map<string, string[]>();
  for (const p of error.problems) {
    const lines = byResource.get(p.resourceName) ?? [];
    lines.push(p.elementId ? `- Element: ${p.elementId}\n    - ERROR: ${p.message}` : p.message);
    byResource.set(p.resourceName, lines);
  }
  const listed = [...byResource].map(([name, lines]) => `'${name}': ${lines.join('\n')}`).join('\n');
  return `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n${listed}\n`;
}

/** Turns any error into the problem a /v2 client may see. */
export function toCamundaProblem(error: unknown, locale: Locale, instance: string, locate: LocateInput = (name) => `body/${name}`, wording: ProblemWording = 'oficio'): CamundaProblem {
  if (!(error instanceof DomainError)) {
    return { type: 'about:blank', title: 'INTERNAL', status: 500, detail: t(locale, 'http.internal'), instance };
  }
  const errors = error instanceof DeploymentRejectedError ? deploymentFields(error, locale) : wordFields(error.fields, locale, locate);
  // The engine's refusals keep the engine's own code, in Zeebe's words for the two it names otherwise.
  const title = error instanceof EngineError ? (ZEEBE_CODE[error.code] ?? error.code) : CAMUNDA_CODE[error.kind];
  return {
    type: 'about:blank',
    title,
    status: STATUS_OF_KIND[error.kind],
    detail: wording === 'zeebe' && error instanceof EngineError ? zeebeDetail(error) : detailOf(error, errors, locale),
    instance,
    ...(errors.length ? { errors } : {}),
    ...error.details,
  };
}

/** A refused deployment's problems, each on its resource and element. */
function deploymentFields(error: DeploymentRejectedError, locale: Locale): WordedField[] {
  return error.problems.map((p) => ({
    field: [p.resourceName, p.elementId].filter(Boolean).join('#'),
    message: deployProblemText(locale, p.code, p.params) ?? p.message,
    ...(p.code ? { code: p.code } : {}),
  }));
}

/** Sends `error` as application/problem+json; logs what the client must not see. */
export function sendProblem(error: unknown, req: Request, res: Response, log: Logger, wording: ProblemWording = 'oficio') {
  if (clientGone(req, res)) return clientWentAway(log, req, res, error);
  const locale = localeOf(req);
  const instance = req.originalUrl.split('?')[0]!;
  const problem = toCamundaProblem(bodyParserRefusal(error) ?? error, locale, instance, locatorOf(res), wording);
  if (problem.status >= 500) requestFailed(log, req, res, error);
  if (res.headersSent) return;
  if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="oficio", charset="UTF-8"');
  if (problem.status === 429 && typeof problem.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(problem.retryAfterSeconds));
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** The last middleware of the /v2 router. */
export function camundaErrorFunnel(log: Logger, wording: ProblemWording = 'oficio') {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => sendProblem(error, req, res, log, wording);
}
