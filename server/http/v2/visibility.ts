// The same visibility rules as the rest of the API, applied to /v2 searches: every instance for
// those who read or operate all of them, otherwise the instances one started, acted on or holds a
// task of (server/core/instances/access.ts); every user task for those who read all instances,
// otherwise the tasks of one's candidate groups and those assigned to oneself (server/core/tasks).
import type { FilterProperty, UserTaskFilter, UserTaskResult } from '../../engine/port.js';
import { can, visibleGroups, type User } from '../../core/identity/index.js';
import { DomainError } from '../../errors.js';
import { compileWildcard } from '../../store/wildcard.js';
import type { CamundaApiServices } from './services.js';

export const seesAllInstances = (user: User) => can(user, 'instances.readAll') || can(user, 'instances.operate');

/** A key's numeric order (keys are decimal strings of up to 64 bits). */
const compareKeys = (a: string, b: string) => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

const isKey = (value: unknown): value is string => typeof value === 'string' && /^-?\d{1,25}$/.test(value);

/**
 * A Camunda key filter property as a test of one key, read once to test many keys with: `$like` by
 * the shared wildcard matcher (never a RegExp: issue 12), `$in` / `$notIn` as sets.
 */
export function keyFilter(property: FilterProperty<string>): (key: string) => boolean {
  if (typeof property !== 'object' || property === null) return (key) => key === property;
  const p = property;
  const like = p.$like === undefined ? undefined : compileWildcard(p.$like);
  const within = p.$in === undefined ? undefined : new Set(p.$in);
  const outside = p.$notIn === undefined ? undefined : new Set(p.$notIn);
  // A bound that is not a key excludes every key, as a comparison with it would.
  const bound = (value: string | undefined) => (value === undefined ? undefined : isKey(value) ? value : null);
  const [gt, gte, lt, lte] = [bound(p.$gt), bound(p.$gte), bound(p.$lt), bound(p.$lte)];
  return (key) =>
    (p.$eq === undefined || key === p.$eq) &&
    (p.$neq === undefined || key !== p.$neq) &&
    (p.$exists === undefined || p.$exists) &&
    (within === undefined || within.has(key)) &&
    (outside === undefined || !outside.has(key)) &&
    (like === undefined || like(key)) &&
    (gt === undefined || (gt !== null && compareKeys(key, gt) > 0)) &&
    (gte === undefined || (gte !== null && compareKeys(key, gte) >= 0)) &&
    (lt === undefined || (lt !== null && compareKeys(key, lt) < 0)) &&
    (lte === undefined || (lte !== null && compareKeys(key, lte) <= 0));
}

/**
 * A process-instance-key condition limited to the instances `user` may see: the caller's own
 * condition for those who see all, otherwise the visible keys that satisfy it ('none' when none do).
 */
export async function visibleInstanceKeys(api: CamundaApiServices, user: User, property: FilterProperty<string> | undefined): Promise<FilterProperty<string> | undefined | 'none'> {
  if (seesAllInstances(user)) return property;
  const visible = await api.instanceAccess.visibleKeys(user);
  if (visible === 'all') return property;
  const matches = property === undefined ? undefined : keyFilter(property);
  const keys = [...visible].filter((key) => matches === undefined || matches(key));
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
