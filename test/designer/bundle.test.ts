// The built designer (jest's global setup builds it when stale): the tasklist a staff member opens
// first stays light, and bpmn-js arrives only with the pages that draw diagrams.
import { firstVisitCost, firstVisitScript, MEASURED_PAGES, reachableScript, TASKLIST_BUDGET_GZIP_BYTES } from '../../designer/bundle.js';

const BPMN_JS = 'djs-container';

describe('the designer on the wire', () => {
  it('loads the tasklist in at most 1.5 MB gzipped, without bpmn-js', () => {
    const cost = firstVisitCost(MEASURED_PAGES.tasklist);
    expect(cost.gzipBytes).toBeLessThanOrEqual(TASKLIST_BUDGET_GZIP_BYTES);
    expect(firstVisitScript(MEASURED_PAGES.tasklist)).not.toContain(BPMN_JS);
    expect(firstVisitScript(MEASURED_PAGES.task)).not.toContain(BPMN_JS);
  });

  it('brings bpmn-js with the modeler and with the instance diagram', () => {
    expect(firstVisitScript(MEASURED_PAGES.modeler)).toContain(BPMN_JS);
    // The instance page may fetch its viewer after the page shows: what it loads later counts here.
    expect(reachableScript(MEASURED_PAGES.instance)).toContain(BPMN_JS);
  });
});
