// The tasklist: tasks with their SLA, one task with its form, current data and the caller's draft,
// and what may be done with it.
import { z } from 'zod';
import { IsoDateTime } from './common.js';
import { LocalizedForm } from './forms.js';
import { Folio } from './processes.js';

export const TASK_STATES = ['CREATED', 'COMPLETED', 'CANCELED', 'FAILED'] as const;
export const TaskState = z.enum(TASK_STATES);
export type TaskState = z.infer<typeof TaskState>;

export const TaskKeyParams = z.object({ userTaskKey: z.string().regex(/^[\w-]{1,64}$/) });

export const SlaStatus = z.enum(['on-time', 'due-soon', 'breached']);
export type SlaStatus = z.infer<typeof SlaStatus>;

/** The server's verdict on a due date; the pages show it, never recompute it. */
export const Sla = z.object({
  status: SlaStatus,
  /** Whole minutes left (on-time, due-soon) or past the due date (breached). */
  byMinutes: z.number().int(),
  dueDate: z.string(),
});
export type Sla = z.infer<typeof Sla>;

/** The case a task works on, as a tasklist row shows it: who asked and what about. */
export const CaseSummary = z.object({ requester: z.string(), summary: z.string() });
export type CaseSummary = z.infer<typeof CaseSummary>;

export const TaskItem = z.object({
  userTaskKey: z.string(),
  name: z.string(),
  elementId: z.string(),
  state: TaskState,
  processDefinitionId: z.string(),
  processName: z.string(),
  processInstanceKey: z.string(),
  assignee: z.string().nullable(),
  candidateGroups: z.array(z.string()),
  dueDate: z.string().nullable(),
  creationDate: z.string(),
  completionDate: z.string().nullable(),
  formId: z.string().nullable(),
  sla: Sla.nullable(),
  /** The folio of the task's case (null: an instance started before folios existed). */
  folio: Folio.nullable(),
  /** Who asked and what about (null when the case is unknown). */
  caseSummary: CaseSummary.nullable(),
});
export type TaskItem = z.infer<typeof TaskItem>;

export const TaskQuery = z.object({
  processDefinitionId: z.string().max(200).optional(),
  state: TaskState.default('CREATED'),
  /** Due strictly before this instant. */
  dueBefore: IsoDateTime.optional(),
  /** Due at or after this instant. */
  dueAfter: IsoDateTime.optional(),
  /** 'me', 'none' or a user name. */
  assignee: z.string().min(1).max(64).optional(),
  candidateGroup: z.string().min(1).max(64).optional(),
  limit: z.coerce.number<number | string>().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
});
export type TaskQuery = z.input<typeof TaskQuery>;

export const TaskPage = z.object({ items: z.array(TaskItem), nextCursor: z.string().optional() });
export type TaskPage = z.infer<typeof TaskPage>;

export const Draft = z.object({ data: z.record(z.string(), z.unknown()), savedAt: z.string() });
export type Draft = z.infer<typeof Draft>;

/** What the caller may do with the task now, for the pages to offer it. */
export const TaskActions = z.object({ claim: z.boolean(), unclaim: z.boolean(), reassign: z.boolean(), complete: z.boolean(), saveDraft: z.boolean() });
export type TaskActions = z.infer<typeof TaskActions>;

export const TaskDetail = z.object({
  task: TaskItem,
  form: LocalizedForm.nullable(),
  /** The instance's values of the form's fields, as the task sees them. */
  data: z.record(z.string(), z.unknown()),
  /** The caller's saved draft, to show over `data`. */
  draft: Draft.nullable(),
  actions: TaskActions,
});
export type TaskDetail = z.infer<typeof TaskDetail>;

/** A colleague the task may be handed to. */
export const Candidate = z.object({ username: z.string(), displayName: z.string() });
export type Candidate = z.infer<typeof Candidate>;

/**
 * GET /api/tasks/:userTaskKey/people?group=… — the people a form's person field (a dispatch's
 * technician, `x-oficio-person` in forms/README.md) may name: the active members of `group`, one of
 * the groups that field draws from, by display name. Only for those who may work the task.
 */
export const PeopleQuery = z.object({ group: z.string().trim().min(1).max(64) });
export type PeopleQuery = z.input<typeof PeopleQuery>;

/** A person a form's person field may name. */
export const PersonOption = z.object({ username: z.string(), displayName: z.string() });
export type PersonOption = z.infer<typeof PersonOption>;

export const ReassignBody = z.object({ assignee: z.string().trim().min(1).max(64), reason: z.string().trim().min(5).max(1000) });
export type ReassignBody = z.input<typeof ReassignBody>;

/** Who the task went to (their user name). */
export const Reassigned = z.object({ assignee: z.string() });
export type Reassigned = z.infer<typeof Reassigned>;
