// The tasklist's calls (server/http/routes/tasks.ts): tasks with their SLA, one task with its form,
// claim, reassign, drafts. What they take and answer is the API's contract (contracts/api), as types
// only; what is left here is how the calls are made.
import type { Candidate, Draft, List, NamedGroup, ReassignBody, Reassigned, TaskDetail, TaskPage, TaskQuery, TaskState } from '../../../contracts/api/index.js';
import { api, ApiProblem } from './client';

export type { Candidate, Draft, Sla, SlaStatus, TaskActions, TaskDetail, TaskItem, TaskPage, TaskQuery, TaskState } from '../../../contracts/api/index.js';

/** The states a task list may be filtered by (a value of its own: the contract's would bring zod into the bundle). */
export const TASK_STATES: readonly TaskState[] = ['CREATED', 'COMPLETED', 'CANCELED', 'FAILED'];

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
  reassign: (userTaskKey: string, body: ReassignBody) => api.post<Reassigned>(`${path(userTaskKey)}/reassign`, body),
  saveDraft: (userTaskKey: string, data: Record<string, unknown>) => api.put<Draft>(`${path(userTaskKey)}/draft`, { data }),
  complete: (userTaskKey: string, data: Record<string, unknown>) => api.post<void>(`${path(userTaskKey)}/complete`, { data }),
  /** The colleagues the task may be reassigned to; null while the server does not offer the list. */
  candidates: async (userTaskKey: string) => (await unlessMissing(api.get<List<Candidate>>(`${path(userTaskKey)}/candidates`)))?.items ?? null,
  /** The candidate groups with their names; null while the server does not offer them. */
  groups: async () => (await unlessMissing(api.get<List<NamedGroup>>('/api/groups')))?.items ?? null,
};
