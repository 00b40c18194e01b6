// The designer on the wire: what a first visit to each main page downloads, gzipped, from the
// build in designer/dist (built first when its sources changed). Sizes are exact, so one run is enough.
import { ensureDesignerBuilt } from '../designer/build.js';
import { firstVisitCost, firstVisitScript, MEASURED_PAGES, TASKLIST_BUDGET_GZIP_BYTES } from '../designer/bundle.js';

const kib = (bytes: number) => `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KiB`;

/** Marks only bpmn-js/diagram-js carry (their canvas container class and the BPMN moddle's package). */
const BPMN_JS_MARKS = ['djs-container', 'http://www.omg.org/spec/BPMN/20100524/MODEL'];

export async function runDesignerBench(line: (text?: string) => void = console.log): Promise<void> {
  await ensureDesignerBuilt({ log: line });
  line('Designer bundle: first visit to each page (index.html + entry + the page chunk, static imports and CSS), gzip -9');
  for (const [name, source] of Object.entries(MEASURED_PAGES)) {
    const cost = firstVisitCost(source);
    const carriesBpmnJs = BPMN_JS_MARKS.some((mark) => firstVisitScript(source).includes(mark));
    line(`    ${name.padEnd(13)} ${kib(cost.gzipBytes).padStart(11)} gzipped (${kib(cost.bytes)} raw, ${cost.files.length} files)${carriesBpmnJs ? '  includes bpmn-js' : ''}`);
  }
  const tasklist = firstVisitCost(MEASURED_PAGES.tasklist);
  const tasklistCarries = BPMN_JS_MARKS.some((mark) => firstVisitScript(MEASURED_PAGES.tasklist).includes(mark));
  line(
    `    target: tasklist ≤ ${kib(TASKLIST_BUDGET_GZIP_BYTES)} gzipped: ${tasklist.gzipBytes <= TASKLIST_BUDGET_GZIP_BYTES ? 'MET' : 'MISSED'}; bpmn-js only on modeler/diagram pages: ${tasklistCarries ? 'MISSED' : 'MET'}`,
  );
  line();
}

if (process.argv[1]?.endsWith('designer.ts')) await runDesignerBench();
