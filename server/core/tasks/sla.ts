// A user task's SLA against the due date its model gives it (zeebe:taskSchedule, from the manual's
// times): on time, due soon (less than a fifth of the time from creation to due remains), or
// breached — and by how many minutes.
import type { UserTaskResult } from '../../engine/port.js';

export type SlaStatus = 'on-time' | 'due-soon' | 'breached';

export interface Sla {
  status: SlaStatus;
  /** Whole minutes left before the due date (on-time, due-soon), or minutes past it (breached, at least 1). */
  byMinutes: number;
  dueDate: string;
}

/** The share of the creation→due span under which an open task is 'due-soon'. */
export const DUE_SOON_FRACTION = 0.2;
const MINUTE = 60_000;

/**
 * The instant (epoch ms) an open task turns 'due-soon' — when less than DUE_SOON_FRACTION of its
 * creation→due span remains: when its group's lead is warned. Undefined without a due date or a span.
 */
export function dueSoonAt(task: Pick<UserTaskResult, 'dueDate' | 'creationDate'>): number | undefined {
  const due = task.dueDate ? Date.parse(task.dueDate) : NaN;
  const created = task.creationDate ? Date.parse(task.creationDate) : NaN;
  if (Number.isNaN(due) || Number.isNaN(created) || due <= created) return undefined;
  return due - (due - created) * DUE_SOON_FRACTION;
}

/**
 * The SLA of `task` at `now`: an open task is measured against now, a completed one against its
 * completion. Undefined when the task has no due date.
 */
export function slaOf(task: Pick<UserTaskResult, 'dueDate' | 'creationDate' | 'completionDate' | 'state'>, now: Date): Sla | undefined {
  if (!task.dueDate) return undefined;
  const due = Date.parse(task.dueDate);
  if (Number.isNaN(due)) return undefined;
  const at = task.state === 'COMPLETED' && task.completionDate ? Date.parse(task.completionDate) : now.getTime();
  if (at > due) return { status: 'breached', byMinutes: Math.max(1, Math.ceil((at - due) / MINUTE)), dueDate: task.dueDate };
  const left = due - at;
  const created = task.creationDate ? Date.parse(task.creationDate) : NaN;
  const span = Number.isNaN(created) ? 0 : due - created;
  const status: SlaStatus = span > 0 && left < span * DUE_SOON_FRACTION ? 'due-soon' : 'on-time';
  return { status, byMinutes: Math.floor(left / MINUTE), dueDate: task.dueDate };
}
