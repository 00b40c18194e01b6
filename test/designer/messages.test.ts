// The designer speaks only through its catalogues: Spanish and English carry the same keys and
// placeholders, every key a page asks for exists, and no page writes user-facing text itself.
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

const SRC = fileURLToPath(new URL('../../designer/src/', import.meta.url));
const catalogues = { common, tasklist, catalogue, modeler, formDesigner, auditor, rjsf, bpmn, forms };
const es: Record<string, string> = Object.assign({}, ...Object.values(catalogues).map((c) => c.es));

function sourcesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesOf(path);
    return /\.tsx?$/.test(name) && !path.includes(`${join('i18n', 'messages')}`) ? [path] : [];
  });
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}|%(\d)/g)].map((m) => m[0]).sort();

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
