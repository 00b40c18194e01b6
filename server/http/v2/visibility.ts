// The same visibility rules as the rest of the API, applied to /v2 searches: every instance for
// those who read or operate all of them, otherwise the instances one started, acted on or holds a
// task of (server/core/instances/access.ts); every user task for those who read all instances,
// otherwise the tasks of one's candidate groups and those assigned to oneself (server/core/tasks).
import type { FilterProperty, UserTaskFilter, UserTaskResult } from '../../engine/port.js';
import { can, visibleGroups, type User } from '../../core/identity/index.js';
import { DomainError } from '../../errors.js';
import type { CamundaApiServices } from './services.js';

export const seesAllInstances = (user: User) => can(user, 'instances.readAll') || can(user, 'instances.operate');

/** A key's numeric order (keys are decimal strings of up to 64 bits). */
const compareKeys = (a: string, b: string) => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

const isKey = (value: unknown): value is string => typeof value === 'string' && /^-?\d{1,25}$/.test(value);

/** Whether `key` satisfies a Camunda key filter property. */
export function keyMatches(key: string, property: FilterProperty<string>): boolean {
  if (typeof property !== 'object' || property === null) return key === property;
  const p = property;
  const like =
    p.$like === undefined
      ? undefined
      : new RegExp(
          `^${p.$like
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        );
  return (
    (p.$eq === undefined || key === p.$eq) &&
    (p.$neq === undefined || key !== p.$neq) &&
    (p.$exists === undefined || p.$exists) &&
    (p.$in === undefined || p.$in.includes(key)) &&
    (p.$notIn === undefined || !p.$notIn.includes(key)) &&
    (like === undefined || like.test(key)) &&
    (p.$gt === undefined || (isKey(p.$gt) && compareKeys(key, p.$gt) > 0)) &&
    (p.$gte === undefined || (isKey(p.$gte) && compareKeys(key, p.$gte) >= 0)) &&
    (p.$lt === undefined || (isKey(p.$lt) && compareKeys(key, p.$lt) < 0)) &&
    (p.$lte === undefined || (isKey(p.$lte) && compareKeys(key, p.$lte) <= 0))
  );
}

/**
 * A process-instance-key condition limited to the instances `user` may see: the caller's own
 * condition for those who see all, otherwise the visible keys that satisfy it ('none' when none do).
 */
export async function visibleInstanceKeys(api: CamundaApiServices, user: User, property: FilterProperty<string> | undefined): Promise<FilterProperty<string> | undefined | 'none'> {
  if (seesAllInstances(user)) return property;
  const visible = await api.instanceAccess.visibleKeys(user);
  if (visible === 'all') return property;
  const keys = [...visible].filter((key) => property === undefined || keyMatches(key, property));
  return keys.length ? { $in: keys } : 'none';
}

/** For those who do not see every instance: the search must name one instance they may see. */
export async function requireVisibleInstance(api: CamundaApiServices, user: User, property: unknown): Promise<void> {
  if (seesAllInstances(user)) return;
  const eq = property !== null && typeof property === 'object' && Object.keys(property).length === 1 ? (property as { $eq?: unknown }).$eq : property;
  if (!isKey(eq)) throw new DomainError('forbidden', 'v2.filterNeedsInstance');
  if (!(await api.instanceAccess.maySee(user, eq))) throw new DomainError('forbidden', 'http.instance.notVisible');
}

const isCandidate = (user: User, task: UserTaskResult) =>
  (task.candidateGroups ?? []).some((group) => (user.groups as readonly string[]).includes(group)) || (task.candidateUsers ?? []).includes(user.username);

/** The tasklist's rule: readers of every instance, the task's assignee, or one of its candidates. */
export function mayViewTask(user: User, task: UserTaskResult): boolean {
  return user.active && (can(user, 'instances.readAll') || task.assignee === user.username || isCandidate(user, task));
}

const namesOnly = (value: FilterProperty<string>): string[] | undefined =>
  typeof value === 'string' ? [value] : Object.keys(value).length === 1 && value.$eq !== undefined ? [value.$eq] : Object.keys(value).length === 1 && value.$in ? value.$in : undefined;

/**
 * A user-task filter limited to the tasks `user` may see, as one engine query can say it: all for
 * readers of every instance; the caller's filter when it asks for tasks assigned to the caller;
 * otherwise tasks of the caller's candidate groups (within the groups asked for).
 */
export function visibleTaskFilter(user: User, filter: UserTaskFilter): UserTaskFilter | 'none' {
  if (can(user, 'instances.readAll')) return filter;
  const assignees = filter.assignee === undefined ? undefined : namesOnly(filter.assignee);
  if (assignees?.length === 1 && assignees[0] === user.username) return filter;
  const mine = visibleGroups(user) as string[];
  let groups = mine;
  if (filter.candidateGroup !== undefined) {
    const asked = namesOnly(filter.candidateGroup);
    if (!asked) throw new DomainError('invalid', 'v2.unsupported', { feature: 'filter.candidateGroup' });
    groups = mine.filter((group) => asked.includes(group));
  }
  if (!groups.length) return 'none';
  return { ...filter, candidateGroup: groups.length === 1 ? groups[0]! : { $in: groups } };
}
