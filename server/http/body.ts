// Reading a JSON body under the documented limits (limits.ts), for /api and /v2 alike: express.json
// refuses a body past its size (413) — or one that inflates past it — and then every value nested
// deeper than the limit is refused with a 400 naming where, before any route sees the body.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { DomainError } from '../errors.js';

/** A key longer than this is shortened where a refusal names it: the path is for reading, not an echo. */
const KEY_SHOWN = 64;

/**
 * The path of an object or list nested deeper than `maxDepth` in `value` (which is level 1), as its
 * keys and indexes; undefined when none is. Iterative, so a body a million levels deep costs
 * a walk, never the stack.
 */
export function tooDeep(value: unknown, maxDepth: number): string[] | undefined {
  interface Visit {
    value: unknown;
    depth: number;
    parent: Visit | undefined;
    key: string;
  }
  const pending: Visit[] = [{ value, depth: 1, parent: undefined, key: '' }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    if (visit.value === null || typeof visit.value !== 'object') continue;
    if (visit.depth > maxDepth) {
      const path: string[] = [];
      for (let at: Visit | undefined = visit; at?.parent; at = at.parent) path.unshift(at.key.length > KEY_SHOWN ? `${at.key.slice(0, KEY_SHOWN)}…` : at.key);
      return path;
    }
    const entries = Array.isArray(visit.value) ? visit.value.map((item, index) => [String(index), item] as const) : Object.entries(visit.value);
    for (const [key, item] of entries) {
      if (item !== null && typeof item === 'object') pending.push({ value: item, depth: visit.depth + 1, parent: visit, key });
    }
  }
  return undefined;
}

/** The refusal of a body nested deeper than `max`, naming a value past it ('body/data/a/…'). */
export function tooDeepRefusal(path: string[], max: number): DomainError {
  const field = ['body', ...path].join('/');
  return new DomainError('invalid', 'http.tooDeep', { field, max }, { fields: [{ field, messageKey: 'http.tooDeep', params: { field, max }, code: 'http.tooDeep' }] });
}

/** express.json() under `maxBytes`, then the depth check: the middleware that reads an API's JSON bodies. */
export function jsonBody({ maxBytes, maxDepth }: { maxBytes: number; maxDepth: number }): RequestHandler[] {
  const checkDepth = (req: Request, _res: Response, next: NextFunction) => {
    const path = tooDeep(req.body, maxDepth);
    next(path ? tooDeepRefusal(path, maxDepth) : undefined);
  };
  return [express.json({ limit: maxBytes }), checkDepth];
}
