// Lints BPMN documents with bpmnlint: the recommended rules plus Camunda 8.8 compatibility
// (bpmnlint-plugin-camunda-compat), over a model read with bpmn-moddle + zeebe-bpmn-moddle.
// Used by `oficio lint` and, later, by the server's deploy endpoint.
import { BpmnModdle } from 'bpmn-moddle';
import { createRequire } from 'node:module';

/** One lint finding. `rule` is the bpmnlint rule name, or one of the XML_* rules below. */
export interface Finding {
  rule: string;
  /** The element the finding is about; empty when it concerns the whole document. */
  elementId: string;
  /** The rule's own text (bpmnlint and the plug-in report in English). */
  message: string;
  category: 'error' | 'warn' | 'info';
  /** For malformed-xml: the parser's own words, without the file name. */
  detail?: string;
}

export interface LintResult {
  errors: Finding[];
  warnings: Finding[];
}

/** The document could not be read as XML (or not as BPMN). */
export const MALFORMED_XML_RULE = 'malformed-xml';
/** The parser read the document but ignored part of it (unknown element or attribute). */
export const XML_IMPORT_RULE = 'xml-import';

/** The configuration applied: bpmnlint's recommended rules plus Camunda 8.8 compatibility. */
export const LINT_CONFIG = {
  extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-8'],
};

// bpmnlint and the plug-in are CommonJS without type declarations: loaded with a require scoped
// to this file, so rules resolve from Oficio's node_modules whatever the working directory is
// (bpmnlint's NodeResolver otherwise resolves plug-ins from process.cwd()).
const require = createRequire(import.meta.url);
const zeebeDescriptor = require('zeebe-bpmn-moddle/resources/zeebe.json');

interface BpmnlintReport {
  id?: string;
  message: string;
  category: string;
}
type RuleCheck = ((node: unknown, reporter: Reporter) => unknown) | { enter?: (node: unknown, reporter: Reporter) => unknown; leave?: (node: unknown, reporter: Reporter) => unknown };
interface Reporter {
  report(id: string, message: string): void;
}
interface RuleDefinition {
  meta?: unknown;
  check: RuleCheck;
}
interface BpmnlintLinter {
  lint(root: unknown): Promise<Record<string, BpmnlintReport[]>>;
}
interface BpmnlintModule {
  Linter: new (options: {
    config: typeof LINT_CONFIG;
    resolver: unknown;
    transformRule?: (rule: RuleDefinition, options: { pkg: string; ruleName: string }) => RuleDefinition;
  }) => BpmnlintLinter;
}
type NodeResolverClass = new (options: { require: NodeJS.Require }) => unknown;

let linter: BpmnlintLinter | undefined;

function getLinter(): BpmnlintLinter {
  if (linter) return linter;
  const { Linter } = require('bpmnlint') as BpmnlintModule;
  const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as NodeResolverClass;
  linter = new Linter({
    config: LINT_CONFIG,
    resolver: new NodeResolver({ require }),
    transformRule: guardRule,
  });
  return linter;
}

/**
 * bpmnlint catches a rule that throws, but prints the stack with console.error and reports a finding
 * without an element. A guarded rule instead reports the failure on the element it was checking.
 */
function guardRule(rule: RuleDefinition, { pkg, ruleName }: { pkg: string; ruleName: string }): RuleDefinition {
  const guard =
    (fn: (node: unknown, reporter: Reporter) => unknown) =>
    (node: unknown, reporter: Reporter): unknown => {
      try {
        return fn(node, reporter);
      } catch (error) {
        const id = (node as { id?: string } | null)?.id ?? '';
        reporter.report(id, `the rule ${pkg}/${ruleName} failed on this element: ${(error as Error)?.message ?? String(error)}`);
        return undefined;
      }
    };
  const check = rule.check;
  if (typeof check === 'function') return { ...rule, check: guard(check) };
  return {
    ...rule,
    check: {
      ...(check.enter ? { enter: guard(check.enter) } : {}),
      ...(check.leave ? { leave: guard(check.leave) } : {}),
    },
  };
}

const moddle = BpmnModdle({ zeebe: zeebeDescriptor });

// The same reading of parser warnings as the engine's (server/engine/embedded/model.ts).
const FATAL_WARNING = /unparsable content|unclosed|Text data outside of root node|missing/i;

function firstLine(text: unknown): string {
  return String(text ?? '').split('\n')[0]!.trim();
}

function malformed(resourceName: string, reason: unknown): Finding {
  const detail = firstLine(reason);
  return { rule: MALFORMED_XML_RULE, elementId: '', message: `malformed XML in ${resourceName}: ${detail}`, category: 'error', detail };
}

/** Lints one BPMN document. Never throws for a bad document: malformed XML is an error finding. */
export async function lintBpmn(xml: string, resourceName: string): Promise<LintResult> {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  let root: unknown;
  try {
    const result = await moddle.fromXML(xml, 'bpmn:Definitions');
    root = result.rootElement;
    const parserWarnings = (result.warnings ?? []) as Array<{ message: string; element?: { id?: string } }>;
    const fatal = parserWarnings.find((w) => FATAL_WARNING.test(w.message));
    if (fatal || !root) {
      errors.push(malformed(resourceName, fatal?.message ?? 'no bpmn:definitions root'));
      return { errors, warnings };
    }
    for (const w of parserWarnings) {
      warnings.push({ rule: XML_IMPORT_RULE, elementId: w.element?.id ?? '', message: firstLine(w.message), category: 'warn' });
    }
  } catch (error) {
    errors.push(malformed(resourceName, (error as Error)?.message ?? error));
    return { errors, warnings };
  }

  const reports = await getLinter().lint(root);
  for (const [rule, list] of Object.entries(reports)) {
    for (const report of list) {
      const category = report.category === 'warn' ? 'warn' : report.category === 'info' ? 'info' : 'error';
      const finding: Finding = { rule, elementId: report.id ?? '', message: report.message, category };
      (category === 'error' ? errors : warnings).push(finding);
    }
  }
  return { errors, warnings };
}
