// Canonical JSON: the exact bytes an audit event's hash is computed over, so that anyone can
// recompute it from a stored row (or an export of one) with a few lines in any language.
//
// The rules (a subset of RFC 8785, JCS, sufficient for the values an event may hold):
//   - objects: keys sorted by UTF-16 code units (JavaScript's default sort), written `{"k":v,...}`;
//     a key whose value is `undefined` is left out, as JSON.stringify leaves it out;
//   - arrays: `[v,...]` in their order;
//   - strings: as JSON.stringify writes them (escapes for `"`, `\`, control characters and lone
//     surrogates; every other character as itself);
//   - numbers: as JSON.stringify writes them (ECMAScript's shortest round-trip form; -0 is `0`);
//   - true, false, null;
//   - no whitespace anywhere.
// Anything else (NaN, Infinity, undefined inside an array, functions, symbols, bigints, Dates,
// class instances) is refused rather than silently coerced: a value that changed on its way
// through JSON would make its own event look tampered with.

/** A value that has no canonical JSON form; `path` says where it sits inside the event. */
export class NotCanonicalJsonError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'NotCanonicalJsonError';
  }
}

/** The canonical JSON text of `value` (see the rules above); throws NotCanonicalJsonError. */
export function canonicalJson(value: unknown, path = '$'): string {
  const text = write(value);
  // The fast writer only says that something is wrong; a second, slower walk says where.
  return text ?? fail(value, path);
}

/** Characters JSON.stringify escapes (quote, backslash, controls) or checks (surrogates). */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify's output for a string, without its call overhead in the common case. */
export function quote(text: string): string {
  return ESCAPED.test(text) ? JSON.stringify(text) : '"' + text + '"';
}

/** Canonical text, or undefined when some value inside has no JSON form. */
function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item = value[i] === undefined ? undefined : write(value[i]);
          if (item === undefined) return undefined;
          out += i === 0 ? item : ',' + item;
        }
        return out + ']';
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return undefined;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        const text = write(item);
        if (text === undefined) return undefined;
        out += (out.length === 1 ? '' : ',') + quote(key) + ':' + text;
      }
      return out + '}';
    }
    default:
      return undefined;
  }
}

/** Finds the first value without a JSON form and throws naming its path. */
function fail(value: unknown, path: string): never {
  switch (typeof value) {
    case 'number':
      throw new NotCanonicalJsonError(path, `${value} is not a finite number`);
    case 'object': {
      if (value === null) break;
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          if (item === undefined) throw new NotCanonicalJsonError(`${path}[${i}]`, 'undefined is not a JSON value');
          if (write(item) === undefined) fail(item, `${path}[${i}]`);
        });
        break;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new NotCanonicalJsonError(path, 'only plain objects, arrays and JSON scalars are allowed');
      }
      for (const [key, item] of Object.entries(value)) {
        if (item !== undefined && write(item) === undefined) fail(item, `${path}.${key}`);
      }
      break;
    }
    case 'string':
    case 'boolean':
      break;
    default:
      throw new NotCanonicalJsonError(path, `a ${typeof value} is not a JSON value`);
  }
  throw new NotCanonicalJsonError(path, 'has no JSON form');
}
