// A form's `pattern` (and `patternProperties`) run on text anyone may submit — the public CAS
// complaint included — so they are evaluated by RE2 (re2js), whose matching time grows linearly
// with the text whatever the pattern: `^(a+)+$` cannot freeze the server or the browser the way a
// backtracking RegExp does. The server's ajv (createFormAjv) and the browser's form validator both
// take `linearRegExp` as their RegExp engine, so a pattern means the same on both sides. What RE2
// cannot run — back-references and look-around, which need backtracking — is named by
// `patternProblem`, so a form using it is refused when it is saved. Browser-safe: no Node imports.
import { RE2JS } from 're2js';

/** Why a pattern cannot be used: it refers back to a group, looks around, or is not a regular expression RE2 reads. */
export type PatternProblemReason = 'backReference' | 'lookAround' | 'syntax';

export interface PatternProblem {
  reason: PatternProblemReason;
  /** The part of the pattern at fault ('\\1', '(?=') or RE2's own account of a syntax error (English). */
  detail: string;
}

/**
 * The constructs that only a backtracking engine runs, found by reading the pattern as ECMAScript
 * does (escapes, character classes). re2js would otherwise report a look-behind as a bad group name
 * and quietly read `\k<name>` as the letter k.
 */
function backtrackingConstruct(pattern: string): PatternProblem | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return { reason: 'backReference', detail: `\\${/^\d+/.exec(pattern.slice(i + 1))![0]}` };
      if (!inClass && next === 'k' && pattern[i + 2] === '<') return { reason: 'backReference', detail: pattern.slice(i, pattern.indexOf('>', i) + 1 || undefined) };
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(' && pattern[i + 1] === '?') {
      const opener = /^\(\?(=|!|<=|<!)/.exec(pattern.slice(i));
      if (opener) return { reason: 'lookAround', detail: opener[0] };
    }
  }
  return undefined;
}

/** RE2 compiled from an ECMAScript pattern (named groups, \u escapes … translated); throws when RE2 cannot read it. */
function compile(pattern: string): RE2JS {
  return RE2JS.compile(RE2JS.translateRegExp(pattern));
}

/** What keeps `pattern` from being evaluated in linear time; undefined when RE2 runs it. */
export function patternProblem(pattern: string): PatternProblem | undefined {
  const construct = backtrackingConstruct(pattern);
  if (construct) return construct;
  try {
    compile(pattern);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { reason: 'syntax', detail: message.replace(/^error parsing regexp: /, '') };
  }
}

/**
 * ajv's `code.regExp`: the pattern compiled by RE2, tested anywhere in the text as RegExp.test
 * does. ajv passes the 'u' flag; RE2 always reads patterns as Unicode. A pattern RE2 cannot run
 * throws, so a schema using one does not compile.
 */
export const linearRegExp = Object.assign(
  (pattern: string, flags: string): { test(text: string): boolean; toString(): string } => {
    const problem = backtrackingConstruct(pattern);
    if (problem) throw new SyntaxError(`the pattern ${JSON.stringify(pattern)} needs a backtracking engine (${problem.reason}: ${problem.detail})`);
    const re = compile(pattern);
    // ajv keeps one compiled pattern per distinct toString(), as it would a RegExp's /source/flags.
    return { test: (text: string) => re.test(text), toString: () => `/${pattern}/${flags}` };
  },
  // Only ajv's standalone code generation reads this; Oficio compiles its validators at run time.
  { code: 'linearRegExp' },
);
