// The live tasklist and what a user chooses to be told: GET /api/events is a server-sent event stream
// (text/event-stream) of the tasks the signed-in user may see as they are created, claimed, handed
// back, completed or cancelled, and of the SLA warnings meant for them as a group's lead; GET/PUT
// /api/me/preferences holds the user's opt-in to an e-mail when a task arrives for one of their groups.
//
// The stream, as EventSource reads it: every event has an `id:` (resume with Last-Event-ID), an
// `event:` name (TASK_EVENT, SLA_WARNING_EVENT, RELOAD_EVENT) and one JSON `data:` line of the schema
// below; comments (`: …`) are heartbeats. When the server cannot replay from the id a client sent
// (too old, or the server restarted), the first event is RELOAD_EVENT: read the list again.
import { z } from 'zod';
import { IsoDateTime } from './common.js';
import { Folio } from './processes.js';
import { TaskItem } from './tasks.js';

/** The `event:` names of the stream. */
export const TASK_EVENT = 'task';
export const SLA_WARNING_EVENT = 'sla-warning';
export const RELOAD_EVENT = 'reload';

/**
 * What happened to a task: created (offered to its groups or assigned at once), assigned (claimed or
 * handed to someone), unassigned (given back to its groups), completed, canceled (its instance or
 * element ended without it).
 */
export const TaskChange = z.enum(['created', 'assigned', 'unassigned', 'completed', 'canceled']);
export type TaskChange = z.infer<typeof TaskChange>;

/** `event: task` — the task as the tasklist lists it, after the change. */
export const TaskEvent = z.object({
  change: TaskChange,
  task: TaskItem,
  /** When the change committed. */
  at: IsoDateTime,
});
export type TaskEvent = z.infer<typeof TaskEvent>;

/** `event: sla-warning` — an open task of a group the user leads is about to breach its due date. Also listed by GET /api/me/sla-warnings. */
export const SlaWarning = z.object({
  userTaskKey: z.string(),
  taskName: z.string(),
  processName: z.string(),
  processInstanceKey: z.string(),
  /** The case's folio (null: a case without one). */
  folio: Folio.nullable(),
  /** The candidate group the user leads. */
  group: z.string(),
  dueDate: IsoDateTime,
  /** When the warning was given. */
  warnedAt: IsoDateTime,
});
export type SlaWarning = z.infer<typeof SlaWarning>;

/** `event: reload` — the events since the client's Last-Event-ID are gone: read the list again. */
export const ReloadEvent = z.object({ reason: z.enum(['unknown-id', 'too-old']) });
export type ReloadEvent = z.infer<typeof ReloadEvent>;

/** GET /api/me/sla-warnings: the warnings given to the user for tasks still open, newest first. */
export const SlaWarningList = z.object({ items: z.array(SlaWarning) });
export type SlaWarningList = z.infer<typeof SlaWarningList>;

/** What a user chooses to be told by e-mail. */
export const Preferences = z.object({
  /** An e-mail when a task arrives for one of the user's groups (or is assigned to them at once). */
  emailOnGroupTask: z.boolean(),
});
export type Preferences = z.infer<typeof Preferences>;

/** GET/PUT /api/me/preferences answer: the preferences, and where the mail goes (null: the account has no e-mail, so none is sent). */
export const PreferencesView = Preferences.extend({ email: z.string().nullable() });
export type PreferencesView = z.infer<typeof PreferencesView>;

/** PUT /api/me/preferences body: the preferences to keep (every one, as the page shows them). */
export const PreferencesBody = Preferences.strict();
export type PreferencesBody = z.infer<typeof PreferencesBody>;
