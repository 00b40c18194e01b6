// A catalogue is Spanish first; its English must carry exactly the same keys (the compiler checks).
import type { Locale } from '../../../contracts/i18n.js';

export type { Bilingual } from '../../../contracts/i18n.js';
export type { Locale };
export { LOCALES } from '../../../contracts/i18n.js';

export interface Catalogue<K extends string = string> {
  es: Record<K, string>;
  en: Record<K, string>;
}

export function defineMessages<const E extends Record<string, string>>(es: E, en: Record<keyof E, string>): Catalogue<Extract<keyof E, string>> {
  return { es, en } as Catalogue<Extract<keyof E, string>>;
}

export type MessageParams = Record<string, string | number>;

/** The locale Intl speaks for a catalogue's language: Mexican Spanish, or US English. */
export const intlLocaleOf = (locale: Locale): string => (locale === 'es' ? 'es-MX' : 'en-US');

const PLURAL = /^\s*(\w+)\s*,\s*plural\s*,/;
const BRANCH = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/;

/** The index of the `}` closing the `{` at `open`, or -1 when the text never closes it. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `#` of a plural branch at its own level (a nested plural's `#` is its own number). */
function replaceHash(branch: string, number: string): string {
  let depth = 0;
  let out = '';
  for (const ch of branch) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    out += ch === '#' && depth === 0 ? number : ch;
  }
  return out;
}

/** The branches of a plural's body, by selector (`one`, `other`, `=0` …). */
function branchesOf(body: string): Map<string, string> | undefined {
  const branches = new Map<string, string>();
  let rest = body;
  while (rest.trim()) {
    const head = BRANCH.exec(rest);
    if (!head) return undefined;
    const open = head[0].length - 1;
    const end = closing(rest, open);
    if (end === -1) return undefined;
    branches.set(head[1]!, rest.slice(open + 1, end));
    rest = rest.slice(end + 1);
  }
  return branches.has('other') ? branches : undefined;
}

/**
 * A catalogue text with its parameters filled in: `{name}` takes `params.name`; a count is said with
 * the language's plural rules (Intl.PluralRules) as `{count, plural, one {# instancia} other {#
 * instancias}}` — an exact `=0` branch first when there is one, `#` being the number as the locale
 * writes it. A parameter not given stays as written, so a missing one shows instead of vanishing.
 */
export function formatMessage(template: string, params: MessageParams, intlLocale: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open === -1) return out + template.slice(i);
    out += template.slice(i, open);
    const end = closing(template, open);
    if (end === -1) return out + template.slice(open);
    const inner = template.slice(open + 1, end);
    out += argument(inner, params, intlLocale) ?? `{${formatMessage(inner, params, intlLocale)}}`;
    i = end + 1;
  }
  return out;
}

function argument(inner: string, params: MessageParams, intlLocale: string): string | undefined {
  if (/^\w+$/.test(inner)) return inner in params ? String(params[inner]) : undefined;
  const plural = PLURAL.exec(inner);
  if (!plural) return undefined;
  const value = params[plural[1]!];
  const branches = branchesOf(inner.slice(plural[0].length));
  if (!branches || value === undefined) return undefined;
  const n = Number(value);
  const branch = branches.get(`=${n}`) ?? branches.get(new Intl.PluralRules(intlLocale).select(n)) ?? branches.get('other')!;
  return formatMessage(replaceHash(branch, new Intl.NumberFormat(intlLocale).format(n)), params, intlLocale);
}
