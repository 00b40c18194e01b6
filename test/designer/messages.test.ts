// The designer speaks only through its catalogues: Spanish and English carry the same keys and
// placeholders, every key a page asks for exists, and no page writes user-facing text itself.
// Counts follow each language's plural rules, and every code a person would otherwise read (audit
// actions the server records, states, element and error types) has its words in both languages.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { common } from '../../designer/src/i18n/messages/common.js';
import { tasklist } from '../../designer/src/i18n/messages/tasklist.js';
import { catalogue } from '../../designer/src/i18n/messages/catalogue.js';
import { modeler } from '../../designer/src/i18n/messages/modeler.js';
import { formDesigner } from '../../designer/src/i18n/messages/formDesigner.js';
import { auditor } from '../../designer/src/i18n/messages/auditor.js';
import { rjsf } from '../../designer/src/i18n/messages/rjsf.js';
import { bpmn } from '../../designer/src/i18n/messages/bpmn.js';
import { forms } from '../../designer/src/i18n/messages/forms.js';
import { formatMessage } from '../../designer/src/i18n/define.js';
import { INCIDENT_ERROR_TYPES, InstanceState, TASK_STATES } from '../../contracts/api/index.js';
import { AUDITED_COMMANDS, failedAction, intentAction } from '../../server/core/audit/commands.js';
import { cases } from '../../designer/src/i18n/messages/cases.js';

const SRC = fileURLToPath(new URL('../../designer/src/', import.meta.url));
const SERVER = fileURLToPath(new URL('../../server/', import.meta.url));
const catalogues = { common, tasklist, catalogue, modeler, formDesigner, auditor, rjsf, bpmn, forms, cases };
const es: Record<string, string> = Object.assign({}, ...Object.values(catalogues).map((c) => c.es));

function sourcesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesOf(path);
    return /\.tsx?$/.test(name) && !path.includes(`${join('i18n', 'messages')}`) ? [path] : [];
  });
}

/** Every parameter a text takes: `{name}`, a count's `{count, plural, …}` (not its branches: `one {once}`), and `%1`. */
const placeholders = (text: string) => [...text.matchAll(/(?<!(?:zero|one|two|few|many|other|=\d+)\s*)\{(\w+)(?:\}|\s*,\s*plural\s*,)|%(\d)/g)].map((m) => m[1] ?? `%${m[2]}`).sort();

describe('the designer’s message catalogues', () => {
  it.each(Object.entries(catalogues))('%s: English has exactly the Spanish keys, no empty text, the same placeholders', (_name, c) => {
    expect(Object.keys(c.en).sort()).toEqual(Object.keys(c.es).sort());
    for (const [key, text] of Object.entries(c.es)) {
      const en = (c.en as Record<string, string>)[key]!;
      expect({ key, es: text.trim().length > 0, en: en.trim().length > 0 }).toEqual({ key, es: true, en: true });
      expect({ key, placeholders: placeholders(en) }).toEqual({ key, placeholders: placeholders(text) });
    }
  });

  it('no two catalogues define the same key', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const [name, c] of Object.entries(catalogues)) {
      for (const key of Object.keys(c.es)) {
        if (seen.has(key)) clashes.push(`${key} in ${seen.get(key)} and ${name}`);
        seen.set(key, name);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('every literal key a page passes to t() exists', () => {
    const missing: string[] = [];
    for (const file of sourcesOf(SRC)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([^']+)'/g)) {
        if (!(match[1]! in es)) missing.push(`${relative(SRC, file)}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('no component writes user-facing text itself (JSX text, aria-label, title, placeholder, alt)', () => {
    const literal: string[] = [];
    const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description']);
    for (const file of sourcesOf(SRC).filter((f) => f.endsWith('.tsx'))) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      const visit = (node: ts.Node) => {
        if (ts.isJsxText(node) && /\p{L}{2,}/u.test(node.text)) literal.push(`${relative(SRC, file)}: ${node.text.trim()}`);
        if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer) && /\p{L}{2,}/u.test(node.initializer.text)) {
          literal.push(`${relative(SRC, file)}: ${node.name.getText()}="${node.initializer.text}"`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(literal).toEqual([]);
  });
});

describe('counts in the language’s plural rules', () => {
  const say = (template: string, count: number, intlLocale: string) => formatMessage(template, { count }, intlLocale);

  it('says one instance in the singular and any other number in the plural, in Spanish and in English', () => {
    const es = auditor.es['auditor.instances.count'];
    const en = auditor.en['auditor.instances.count'];
    expect([0, 1, 2, 1500].map((n) => say(es, n, 'es-MX'))).toEqual(['0 instancias mostradas', '1 instancia mostrada', '2 instancias mostradas', '1,500 instancias mostradas']);
    expect([0, 1, 2].map((n) => say(en, n, 'en-US'))).toEqual(['0 instances shown', '1 instance shown', '2 instances shown']);
  });

  it('an exact branch wins over the rule, other parameters fill inside a branch, a missing one stays visible', () => {
    const template = '{count, plural, =0 {Nada para {who}} one {# cosa para {who}} other {# cosas para {who}}}';
    expect(formatMessage(template, { count: 0, who: 'Ana' }, 'es-MX')).toBe('Nada para Ana');
    expect(formatMessage(template, { count: 1, who: 'Ana' }, 'es-MX')).toBe('1 cosa para Ana');
    expect(formatMessage(template, { count: 3 }, 'es-MX')).toBe('3 cosas para {who}');
    expect(formatMessage('Folio {folio}', {}, 'es-MX')).toBe('Folio {folio}');
  });

  it('every plural text of every catalogue has an "other" branch and leaves no braces or # behind, in both languages', () => {
    const broken: string[] = [];
    for (const [area, c] of Object.entries(catalogues)) {
      for (const [language, texts] of [
        ['es-MX', c.es],
        ['en-US', c.en],
      ] as const) {
        for (const [key, text] of Object.entries(texts as Record<string, string>)) {
          if (!/,\s*plural\s*,/.test(text)) continue;
          const names = placeholders(text);
          for (const n of [0, 1, 2, 7]) {
            const said = formatMessage(text, Object.fromEntries(names.map((name) => [name, n])), language);
            if (/[{}#]/.test(said)) broken.push(`${area} ${language} ${key} (${n}): ${said}`);
          }
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('the auditor, the catalogue and the shell never write a plural as "(s)"', () => {
    const hedged = Object.entries({ common, catalogue, auditor, tasklist }).flatMap(([area, c]) =>
      [...Object.entries(c.es), ...Object.entries(c.en)].filter(([, text]) => /\w\((s|es)\)/.test(text)).map(([key]) => `${area}: ${key}`),
    );
    expect(hedged).toEqual([]);
  });
});

describe('words, not codes', () => {
  const es = auditor.es as Record<string, string>;
  const en = auditor.en as Record<string, string>;
  const unlabelled = (prefix: string, codes: readonly string[]) => codes.filter((code) => !es[`${prefix}${code}`]?.trim() || !en[`${prefix}${code}`]?.trim());

  /** Every server source file (the designer's catalogue must name what any of them records). */
  const serverSources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? serverSources(path) : name.endsWith('.ts') ? [path] : [];
    });

  /**
   * The actions the server records: the audited engine commands with their intents and refusals,
   * and every dotted action literal an event is written with (`action: 'auth.login'`, the task
   * events' `taskEvent(actor, 'task.claim', …)`), wherever in server/ it is.
   */
  function recordedActions(): string[] {
    const found = new Set<string>([...AUDITED_COMMANDS, ...AUDITED_COMMANDS.map(intentAction), ...AUDITED_COMMANDS.map(failedAction)]);
    for (const file of serverSources(SERVER)) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/\baction:\s*['`]([a-z]+(?:\.[a-zA-Z]+)+)['`]/g)) found.add(m[1]!);
      // An action kept in a constant (CASE_NOTE_ACTION = 'case.note').
      for (const m of source.matchAll(/\b[A-Z_]*ACTION\s*=\s*['`]([a-z]+(?:\.[a-zA-Z]+)+)['`]/g)) found.add(m[1]!);
      for (const m of source.matchAll(/\b\w*[Ee]vent\(\s*\w+,\s*'([a-z]+(?:\.[a-zA-Z]+)+)'/g)) found.add(m[1]!);
    }
    return [...found].sort();
  }

  it('every audit action the server records has a label in Spanish and in English', () => {
    const actions = recordedActions();
    // The scan itself found what it must (so that an empty scan cannot pass).
    expect(actions).toEqual(
      expect.arrayContaining(['auth.login', 'instance.start', 'task.claim', 'task.draftSave', 'form.saveVersion', 'attachment.expire', 'job.activate', 'task.complete.intent', 'case.note']),
    );
    expect(unlabelled('auditor.action.', actions)).toEqual([]);
  });

  it('instance states, incident error types and every element type of the engine port have words in both languages', () => {
    expect(unlabelled('auditor.state.', InstanceState.options)).toEqual([]);
    expect(unlabelled('auditor.elementState.', InstanceState.options)).toEqual([]);
    expect(unlabelled('auditor.errorType.', INCIDENT_ERROR_TYPES)).toEqual([]);
    const port = readFileSync(join(SERVER, 'engine', 'port.ts'), 'utf8');
    const union = /export type ElementInstanceType =([^;]+);/.exec(port)![1]!;
    const types = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!);
    expect(types).toEqual(expect.arrayContaining(['USER_TASK', 'SERVICE_TASK', 'PROCESS']));
    expect(unlabelled('auditor.type.', types)).toEqual([]);
    const taskStates = TASK_STATES.filter((state) => !(tasklist.es as Record<string, string>)[`task.state.${state}`] || !(tasklist.en as Record<string, string>)[`task.state.${state}`]);
    expect(taskStates).toEqual([]);
  });

  it('no label of the auditor or the catalogue is itself a code', () => {
    const CODE = /\b[A-Z]{2,}(?:_[A-Z]+)+\b|\b(?:auth|instance|task|incident|attachment|audit|model|form|message|job|case)\.[a-z][A-Za-z]+\b|\bprocess(?:Definition|Instance)(?:Key|Id)\b/;
    const coded = Object.entries({ auditor, catalogue, common }).flatMap(([area, c]) =>
      [...Object.entries(c.es), ...Object.entries(c.en)].filter(([, text]) => CODE.test(text)).map(([key, text]) => `${area}: ${key}: ${text}`),
    );
    expect(coded).toEqual([]);
  });
});
