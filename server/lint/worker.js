// @ts-check
// The model checker of server/lint/index.ts, in a worker thread, so that the server's event loop
// never parses a model: it reads a BPMN document with the server's own reading (server/bpmn/read.ts:
// the processes, forms and job types it names) and, when asked, lints it with bpmnlint — both from
// one parse. Plain JavaScript on purpose: bpmnlint 11 and bpmnlint-plugin-camunda-compat are
// CommonJS that require() ES-only packages (min-dash 5, @bpmn-io/feel-analyzer, …). Node >= 20.19
// allows that, but a module registry such as Jest's (before Node 24.9) does not; a worker always
// loads through Node's own loader. The TypeScript reading is imported through tsx's scoped import,
// which touches no other module.
//
// In:  workerData { config }; messages { id, xml, lint }.
// Out: { ready: true } once loaded; then per message
//      { id, ok: true, reading, malformed?: string, importWarnings: [{ elementId, message }], reports: { [rule]: [{ id, message, category }] } }
//      or { id, ok: false, error: string }.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

/** @type {{ parseBpmn: (xml: string) => Promise<{ definitions?: any, error?: string, warnings: Array<{ message: string, element?: { id?: string } }> }>, readParsed: (parsed: object) => object }} */
const { parseBpmn, readParsed } = await tsImport('../bpmn/read.ts', import.meta.url);

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

/**
 * @param {string} xml
 * @param {boolean} withLint
 */
async function check(xml, withLint) {
  // The server's moddle stops at the first part it cannot read (server/bpmn/read.ts): such a
  // document is malformed, and its reading is what came before.
  const parsed = await parseBpmn(xml);
  const reading = readParsed(parsed);
  /** @type {Array<{ elementId: string, message: string }>} */
  const importWarnings = [];
  if (!withLint) return { reading, importWarnings, reports: {} };
  if (parsed.error !== undefined || !parsed.definitions) {
    return { reading, malformed: firstLine(parsed.error ?? 'no bpmn:definitions root element'), importWarnings, reports: {} };
  }
  for (const w of parsed.warnings) importWarnings.push({ elementId: w.element?.id ?? '', message: firstLine(w.message) });
  /** @type {Record<string, Array<{ id?: string, message: string, category: string }>>} */
  const raw = await newLinter().lint(parsed.definitions);
  /** @type {Record<string, Array<{ id: string, message: string, category: string }>>} */
  const reports = {};
  for (const [rule, list] of Object.entries(raw)) {
    reports[rule] = list.map((r) => ({ id: r.id ?? '', message: String(r.message), category: String(r.category) }));
  }
  return { reading, importWarnings, reports };
}

parentPort?.on('message', async (/** @type {{ id: number, xml: string, lint: boolean }} */ { id, xml, lint }) => {
  try {
    parentPort?.postMessage({ id, ok: true, ...(await check(xml, lint)) });
  } catch (error) {
    parentPort?.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

parentPort?.postMessage({ ready: true });
