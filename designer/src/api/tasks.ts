// The tasklist's calls to the server and the shapes it answers with (mirrors of the zod schemas in
// server/http/routes/tasks.ts): tasks with their SLA, one task with its form, claim, reassign, drafts.
import type { LocalizedForm, NamedGroup } from './types';
import { api, ApiProblem } from './client';

export type TaskState = 'CREATED' | 'COMPLETED' | 'CANCELED' | 'FAILED';
export const TASK_STATES: readonly TaskState[] = ['CREATED', 'COMPLETED', 'CANCELED', 'FAILED'];

export type SlaStatus = 'on-time' | 'due-soon' | 'breached';

/** The server's verdict on a task's due date; the pages show it, never recompute it. */
export interface Sla {
  status: SlaStatus;
  /** Whole minutes left (on-time, due-soon) or past the due date (breached). */
  byMinutes: number;
  dueDate: string;
}

export interface TaskItem {
  userTaskKey: string;
  name: string;
  elementId: string;
  state: TaskState;
  processDefinitionId: string;
  processName: string;
  processInstanceKey: string;
  assignee: string | null;
  candidateGroups: string[];
  dueDate: string | null;
  creationDate: string;
  completionDate: string | null;
  formId: string | null;
  sla: Sla | null;
}

export interface TaskPage {
  items: TaskItem[];
  nextCursor?: string;
}

export interface TaskQuery {
  processDefinitionId?: string;
  state?: TaskState;
  /** ISO date-time; tasks due strictly before it. */
  dueBefore?: string;
  /** 'me', 'none' or a user name. */
  assignee?: string;
  candidateGroup?: string;
  limit?: number;
  cursor?: string;
}

export interface Draft {
  data: Record<string, unknown>;
  savedAt: string;
}

export interface TaskActions {
  claim: boolean;
  unclaim: boolean;
  reassign: boolean;
  complete: boolean;
  saveDraft: boolean;
}

export interface TaskDetail {
  task: TaskItem;
  form: LocalizedForm | null;
  data: Record<string, unknown>;
  draft: Draft | null;
  actions: TaskActions;
}

/** A colleague the task may be handed to. */
export interface Candidate {
  username: string;
  displayName: string;
}

const path = (userTaskKey: string) => `/api/tasks/${encodeURIComponent(userTaskKey)}`;

/** A route that a server of an older build does not have yet answers 404: the caller then does without. */
async function unlessMissing<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}

export const tasksApi = {
  list: (query: TaskQuery) => api.get<TaskPage>('/api/tasks', { ...query }),
  get: (userTaskKey: string) => api.get<TaskDetail>(path(userTaskKey)),
  claim: (userTaskKey: string) => api.post<void>(`${path(userTaskKey)}/claim`),
  unclaim: (userTaskKey: string) => api.post<void>(`${path(userTaskKey)}/unclaim`),
  reassign: (userTaskKey: string, body: { assignee: string; reason: string }) => api.post<{ assignee: string }>(`${path(userTaskKey)}/reassign`, body),
  saveDraft: (userTaskKey: string, data: Record<string, unknown>) => api.put<Draft>(`${path(userTaskKey)}/draft`, { data }),
  complete: (userTaskKey: string, data: Record<string, unknown>) => api.post<void>(`${path(userTaskKey)}/complete`, { data }),
  /** The colleagues the task may be reassigned to; null while the server does not offer the list. */
  candidates: async (userTaskKey: string) => (await unlessMissing(api.get<{ items: Candidate[] }>(`${path(userTaskKey)}/candidates`)))?.items ?? null,
  /** The candidate groups with their names; null while the server does not offer them. */
  groups: async () => (await unlessMissing(api.get<{ items: NamedGroup[] }>('/api/groups')))?.items ?? null,
};
