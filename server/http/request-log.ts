// One line in the operator's log per HTTP request, /api and /v2 alike: method, path (never the
// query), status, duration, the request's id, the signed-in user and the client's address. A server
// fault rides on its request's line, at error level with its stack; a client that went away leaves
// an info line. Headers and bodies are never logged, so no password, cookie, CSRF token or
// Authorization header can reach the log.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../log.js';

/** The longest path written; longer ones are cut (a path is the client's to choose). */
const MAX_LOGGED_PATH = 300;
/** A request id a proxy in front sends is kept when it looks like one; otherwise the server makes one. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** What the line middleware keeps on res.locals for the rest of the request. */
interface RequestLine {
  requestId: string;
  userId?: string;
  failure?: unknown;
  /** An event stream: its line is written when it opens (streamOpened). */
  stream?: boolean;
  /** Writes the request's line now (once). */
  write?: () => void;
}

const lineOf = (res: Response): RequestLine | undefined => res.locals.requestLine as RequestLine | undefined;

/** The path of a request as logged: without its query, cut to MAX_LOGGED_PATH. */
export function loggedPath(req: Request): string {
  const path = req.originalUrl.split('?')[0] ?? '';
  return path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
}

/** The first middleware of the app: writes each request's line once it has been answered or abandoned. */
export function requestLog(log: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const sent = req.get('x-request-id');
    const line: RequestLine = { requestId: sent && REQUEST_ID.test(sent) ? sent : randomUUID() };
    res.locals.requestLine = line;
    res.setHeader('X-Request-Id', line.requestId);
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      const answered = res.writableFinished;
      const fields = {
        requestId: line.requestId,
        method: req.method,
        path: loggedPath(req),
        ...(answered || res.headersSent ? { status: res.statusCode } : {}),
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        ...(line.userId ? { userId: line.userId } : {}),
        ip: req.ip ?? req.socket.remoteAddress,
      };
      if (line.stream) log.info(fields, 'event stream opened');
      else if (line.failure !== undefined) log.error({ ...fields, err: line.failure }, 'request failed');
      else if (!answered) log.info({ ...fields, abandoned: true }, 'request abandoned by the client');
      else if (res.statusCode >= 500) log.error(fields, 'request');
      else log.info(fields, 'request');
    };
    line.write = write;
    res.once('finish', write);
    res.once('close', write);
    next();
  };
}

/**
 * An event stream has begun (its headers are sent): its request's line is written now, with the time
 * it took to open, and another when it ends says how long it stayed open — a stream is not one slow
 * request. (The users' quotas count uploads, drafts and starts, never a stream.)
 */
export function streamOpened(log: Logger, req: Request, res: Response): void {
  const line = lineOf(res);
  if (!line) return;
  line.stream = true;
  line.write?.();
  const opened = process.hrtime.bigint();
  res.once('close', () => {
    const openSeconds = Math.round(Number(process.hrtime.bigint() - opened) / 1e8) / 10;
    log.info({ requestId: line.requestId, path: loggedPath(req), ...(line.userId ? { userId: line.userId } : {}), openSeconds }, 'event stream closed');
  });
}

/** Names the signed-in user on the request's line. */
export function noteUser(res: Response, userId: string): void {
  const line = lineOf(res);
  if (line) line.userId = userId;
}

/**
 * A fault of the server (a 5xx, or a failure after the answer began): on the request's line when it
 * has one, else on a line of its own — with its stack, never to the client.
 */
export function requestFailed(log: Logger, req: Request, res: Response, error: unknown): void {
  const line = lineOf(res);
  if (line) line.failure ??= error;
  else log.error({ method: req.method, path: loggedPath(req), err: error }, 'request failed');
}

/** A client that went away before its answer: nothing the server did wrong, said quietly. */
export function clientWentAway(log: Logger, req: Request, res: Response, error: unknown): void {
  log.debug(
    { requestId: lineOf(res)?.requestId, method: req.method, path: loggedPath(req), reason: (error as Error)?.message ?? String(error) },
    'the client closed the connection before the answer',
  );
}
