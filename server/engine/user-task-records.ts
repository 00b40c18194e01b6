// What an engine adapter keeps of a user task in the store, and how Camunda's search filters read
// as store conditions — shared by the embedded engine (its own records) and the Camunda adapter
// (the records its task listeners keep), so both answer searchUserTasks the same way.
import type { FieldCondition, Filter } from '../store/port.js';
import { EngineError, type FilterProperty, type UserTaskFilter, type UserTaskState } from './port.js';

export interface UserTaskRecord {
  userTaskKey: string;
  name: string;
  state: UserTaskState;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate?: string;
  followUpDate?: string;
  priority: number;
  externalFormReference?: string;
  customHeaders: Record<string, string>;
  creationDate: string;
  completionDate?: string;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  processName: string;
}

/** Translates one Camunda filter property into the store's condition on `field`. */
export function putCondition(filter: Filter, field: string, value: FilterProperty<unknown> | undefined): void {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object') {
    filter[field] = value as FieldCondition;
    return;
  }
  const v = value as Exclude<FilterProperty<string | number>, string | number>;
  const condition: Record<string, unknown> = {};
  if (v.$eq !== undefined) condition.$eq = v.$eq;
  if (v.$neq !== undefined) condition.$ne = v.$neq;
  if (v.$exists !== undefined) condition.$exists = v.$exists;
  if (v.$in !== undefined) condition.$in = v.$in;
  if (v.$notIn !== undefined) condition.$nin = v.$notIn;
  if (v.$gt !== undefined) condition.$gt = v.$gt;
  if (v.$gte !== undefined) condition.$gte = v.$gte;
  if (v.$lt !== undefined) condition.$lt = v.$lt;
  if (v.$lte !== undefined) condition.$lte = v.$lte;
  if (v.$like !== undefined) condition.$like = String(v.$like).replace(/[*?]/g, '');
  filter[field] = condition as FieldCondition;
}

/** A Camunda filter on one value of an array field (candidate groups, users) as a store condition. */
export function putArrayCondition(filter: Filter, field: string, value: FilterProperty<string> | undefined): void {
  if (value === undefined) return;
  if (typeof value === 'string') filter[field] = { $contains: value };
  else if (value.$eq !== undefined) filter[field] = { $contains: value.$eq };
  else if (value.$in !== undefined) filter[field] = { $containsAny: value.$in };
  // Anything else would be ignored and answer more tasks than asked for: refused instead.
  else throw new EngineError('INVALID_ARGUMENT', `the filter on '${field}' takes a value, $eq or $in`, { field });
}

/** The store filter of a user-task search (records keyed by `id` = userTaskKey). */
export function userTaskFilter(f: UserTaskFilter): Filter {
  const filter: Filter = {};
  for (const field of [
    'state',
    'assignee',
    'priority',
    'elementId',
    'name',
    'processDefinitionId',
    'creationDate',
    'completionDate',
    'followUpDate',
    'dueDate',
    'processDefinitionKey',
    'processInstanceKey',
    'elementInstanceKey',
  ] as const) {
    putCondition(filter, field, f[field]);
  }
  putCondition(filter, 'id', f.userTaskKey);
  putArrayCondition(filter, 'candidateGroups', f.candidateGroup);
  putArrayCondition(filter, 'candidateUsers', f.candidateUser);
  return filter;
}
