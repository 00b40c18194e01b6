// How an instance's path reads on its diagram: each element's mark (completed, active, incident,
// interrupted) and how many times the instance passed it, and which sequence flows it took.
// Pure, so the diagram and the text table beside it say the same thing.
import type { ElementHistoryItem, Incident } from '../api/auditor';

export type Mark = 'completed' | 'active' | 'incident' | 'terminated';

export interface ElementMark {
  elementId: string;
  name: string;
  mark: Mark;
  /** Passes through the element (a multi-instance body is not a pass of its own). */
  times: number;
}

/** The marker class bpmn-js puts on `.djs-element[data-element-id]` for each mark. */
export const MARKER_CLASS: Record<Mark, string> = {
  completed: 'oficio-completed',
  active: 'oficio-active',
  incident: 'oficio-incident',
  terminated: 'oficio-terminated',
};
export const TAKEN_FLOW_CLASS = 'oficio-taken';

export const MARK_ICON: Record<Mark, string> = { completed: '✓', active: '●', incident: '⚠', terminated: '✕' };

/** The strongest mark wins: an open incident, then work in progress, then done, then interrupted. */
const RANK: Record<Mark, number> = { incident: 3, active: 2, completed: 1, terminated: 0 };

export function markOfPass(element: ElementHistoryItem): Mark {
  if (element.state === 'ACTIVE') return element.hasIncident ? 'incident' : 'active';
  return element.state === 'COMPLETED' ? 'completed' : 'terminated';
}

export function markingOf(elements: ElementHistoryItem[], incidents: Incident[]): Map<string, ElementMark> {
  const marks = new Map<string, ElementMark>();
  for (const e of elements) {
    const mark = markOfPass(e);
    const found = marks.get(e.elementId);
    const pass = e.type === 'MULTI_INSTANCE_BODY' ? 0 : 1;
    if (!found) marks.set(e.elementId, { elementId: e.elementId, name: e.name || e.elementId, mark, times: pass });
    else {
      found.times += pass;
      if (RANK[mark] > RANK[found.mark]) found.mark = mark;
    }
  }
  for (const incident of incidents) {
    if (incident.state !== 'ACTIVE' || !incident.elementId) continue;
    const found = marks.get(incident.elementId);
    if (found) found.mark = 'incident';
    else marks.set(incident.elementId, { elementId: incident.elementId, name: incident.elementId, mark: 'incident', times: 1 });
  }
  return marks;
}

export interface FlowShape {
  id: string;
  sourceId: string;
  targetId: string;
}

/**
 * The flows the instance took, as far as the element history shows: a flow counts as taken when
 * its source finished and its target was entered at or after that moment. (A loop may mark a
 * flow the instance never took when both ends were also reached another way.)
 */
export function takenFlows(flows: FlowShape[], elements: ElementHistoryItem[]): Set<string> {
  const ends = new Map<string, number[]>();
  const starts = new Map<string, number[]>();
  for (const e of elements) {
    const started = Date.parse(e.startDate);
    if (!Number.isNaN(started)) starts.set(e.elementId, [...(starts.get(e.elementId) ?? []), started]);
    if (e.state === 'COMPLETED' && e.endDate) {
      const ended = Date.parse(e.endDate);
      if (!Number.isNaN(ended)) ends.set(e.elementId, [...(ends.get(e.elementId) ?? []), ended]);
    }
  }
  const taken = new Set<string>();
  for (const flow of flows) {
    const sourceEnds = ends.get(flow.sourceId);
    const targetStarts = starts.get(flow.targetId);
    if (!sourceEnds || !targetStarts) continue;
    const firstEnd = Math.min(...sourceEnds);
    if (targetStarts.some((s) => s >= firstEnd)) taken.add(flow.id);
  }
  return taken;
}

export function countMarks(marking: Map<string, ElementMark>): Record<Mark, number> {
  const counts: Record<Mark, number> = { completed: 0, active: 0, incident: 0, terminated: 0 };
  for (const m of marking.values()) counts[m.mark]++;
  return counts;
}
