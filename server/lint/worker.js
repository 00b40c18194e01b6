// @ts-check
// The bpmnlint side of server/lint/index.ts, in a worker thread. Plain JavaScript on purpose:
// bpmnlint 11 and bpmnlint-plugin-camunda-compat are CommonJS that require() ES-only packages
// (min-dash 5, @bpmn-io/feel-analyzer, …). Node >= 20.19 allows that, but a module registry such
// as Jest's (before Node 24.9) does not; a worker always loads through Node's own loader, needs no
// TypeScript hooks, and keeps rule evaluation off the server's event loop.
//
// In:  workerData { config, fatalWarning (RegExp source) }; messages { id, xml }.
// Out: { id, ok: true, malformed?: string, importWarnings: [{ elementId, message }], reports: { [rule]: [{ id, message, category }] } }
//      or { id, ok: false, error: string }.
import { BpmnModdle } from 'bpmn-moddle';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const zeebeDescriptor = require('zeebe-bpmn-moddle/resources/zeebe.json');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

const fatalWarning = new RegExp(workerData.fatalWarning, 'i');
const moddle = BpmnModdle({ zeebe: zeebeDescriptor });

// NodeResolver resolves plug-ins from process.cwd() unless given a require: this one resolves
// from Oficio's node_modules whatever directory the command runs in.
const resolver = new NodeResolver({ require });

// A Linter per document: it caches rule instances, and some rules keep state between documents
// (no-duplicate-sequence-flows remembers every flow it saw and reports the next document's flows
// as duplicates). Rule modules stay in the require cache, so this costs little.
const newLinter = () => new Linter({ config: workerData.config, resolver, transformRule: guardRule });

/**
 * bpmnlint catches a rule that throws, but prints the stack with console.error and reports a
 * finding without an element; a guarded rule reports the failure on the element it was checking.
 * @param {any} rule
 * @param {{ pkg: string, ruleName: string }} name
 */
function guardRule(rule, { pkg, ruleName }) {
  /** @param {(node: any, reporter: any) => any} fn */
  const guard = (fn) => (/** @type {any} */ node, /** @type {any} */ reporter) => {
    try {
      return fn(node, reporter);
    } catch (error) {
      reporter.report(node?.id ?? '', `the rule ${pkg}/${ruleName} failed on this element: ${error instanceof Error ? error.message : String(error)}`);
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

/** @param {unknown} text */
const firstLine = (text) =>
  String(text ?? '')
    .split('\n')[0]
    .trim();

/** @param {string} xml */
async function lint(xml) {
  let root;
  /** @type {Array<{ elementId: string, message: string }>} */
  const importWarnings = [];
  try {
    const result = await moddle.fromXML(xml, 'bpmn:Definitions');
    root = result.rootElement;
    const warnings = /** @type {Array<{ message: string, element?: { id?: string } }>} */ (result.warnings ?? []);
    const fatal = warnings.find((w) => fatalWarning.test(w.message));
    if (fatal || !root) return { malformed: firstLine(fatal?.message ?? 'no bpmn:definitions root element'), importWarnings, reports: {} };
    for (const w of warnings) importWarnings.push({ elementId: w.element?.id ?? '', message: firstLine(w.message) });
  } catch (error) {
    return { malformed: firstLine(error instanceof Error ? error.message : error), importWarnings, reports: {} };
  }
  /** @type {Record<string, Array<{ id?: string, message: string, category: string }>>} */
  const raw = await newLinter().lint(root);
  /** @type {Record<string, Array<{ id: string, message: string, category: string }>>} */
  const reports = {};
  for (const [rule, list] of Object.entries(raw)) {
    reports[rule] = list.map((r) => ({ id: r.id ?? '', message: String(r.message), category: String(r.category) }));
  }
  return { importWarnings, reports };
}

parentPort?.on('message', async (/** @type {{ id: number, xml: string }} */ { id, xml }) => {
  try {
    parentPort?.postMessage({ id, ok: true, ...(await lint(xml)) });
  } catch (error) {
    parentPort?.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
