// Who may see which process instance, and how they read its case. Every rule of it is here. Those
// holding instances.readAll (admin, auditor) see every instance, and so do those who operate
// instances (process owners: an incident must be seen to be retried); everybody else sees the
// cases they are part of — a case being a root instance with every procedure it called (call
// activities), seen whole — when, for any instance of it:
// - they started it: the `iniciadoPor.id` root variable the start route sets, or an
//   'instance.start' audit event with them as actor;
// - they acted on it: any audit event of the instance with them as actor (claiming, completing
//   or being reassigned a task, uploading an attachment, writing a note…) — so a task once held
//   keeps it visible;
// - an open task of it is theirs now: they hold it (assignee = their id or user name), or it is
//   offered to them — a candidate group of theirs or their user name among its candidate users,
//   held by someone or not — so a clerk reads the case before claiming it. Being offered a task
//   through the requesters' group does not count (below).
//
// How they read its case (the case view, server/core/cases/view.ts): 'staff' read everything,
// internal notes included; the requester — and anyone else who sees the instance without working
// on it — reads what the requester would: no internal notes. Staff write notes: those who operate
// instances, and those who work the case through a task (holding it, offered it, or having acted
// on it); an auditor reads as staff but writes nothing; whoever filed the request never reads or
// writes as staff (unless they operate instances).
import { EngineError, type EnginePort, type ProcessInstanceResult, type UserTaskFilter, type UserTaskResult } from '../../engine/port.js';
import type { AuditTrail } from '../audit/index.js';
import { can, type Principal } from '../identity/index.js';

export interface Viewer extends Principal {
  id: string;
  username: string;
}

export interface InstanceAccessDeps {
  engine: EnginePort;
  audit: AuditTrail;
}

/** The root variable the start route sets: who started the instance. */
export const STARTED_BY_VARIABLE = 'iniciadoPor';

/**
 * The group of everyone who files requests (docs/procedures.md: any public servant). A task
 * offered to it is the requester's own step (a survey, a clarification); being offered it opens
 * nobody else's case — otherwise every public servant would read every citizen's complaint — and
 * working on it makes nobody staff.
 */
export const REQUESTERS_GROUP = 'solicitante';

/** The audit action of a note on a case (server/core/cases/notes.ts). */
export const CASE_NOTE_ACTION = 'case.note';

/** Task actions that make their actor staff of the case when done on a staff task. */
const STAFF_TASK_ACTIONS = ['task.claim', 'task.unclaim', 'task.reassign', 'task.complete'];

const PAGE = 1000;
/** How deep call activities nest at most (the manual's models nest one level). */
const MAX_CALL_DEPTH = 16;

const seesAll = (user: Principal) => can(user, 'instances.readAll') || can(user, 'instances.operate');

/** A task of the staff: anything but a step offered only to the requesters' group. */
export const isStaffTask = (task: Pick<UserTaskResult, 'candidateGroups'>) => !(task.candidateGroups?.length && task.candidateGroups.every((g) => g === REQUESTERS_GROUP));

/** How a user reads a case: whether they see it at all, as staff or as its requester does, and whether they may write notes. */
export interface CaseStanding {
  sees: boolean;
  audience: 'staff' | 'requester';
  writesNotes: boolean;
}

const UNSEEN: CaseStanding = { sees: false, audience: 'requester', writesNotes: false };

export function createInstanceAccess({ engine, audit }: InstanceAccessDeps) {
  /** Instances whose iniciadoPor.id is `userId`. */
  async function startedByVariable(userId: string, only?: string): Promise<Set<string>> {
    const keys = new Set<string>();
    let after: string | undefined;
    for (;;) {
      const { items, page } = await engine.searchVariables({
        // A substring match narrows the search; the exact id is checked on the parsed value.
        filter: { name: STARTED_BY_VARIABLE, value: { $like: `*${JSON.stringify(userId)}*` }, ...(only ? { processInstanceKey: only } : {}) },
        page: { limit: PAGE, ...(after ? { after } : {}) },
      });
      for (const v of items) {
        if (v.scopeKey !== v.processInstanceKey) continue;
        if (startedById(v.value) === userId) keys.add(v.processInstanceKey);
      }
      if (!page.endCursor || items.length === 0) return keys;
      after = page.endCursor;
    }
  }

  /** Instances with an audit event matching the filter (every page of it). */
  async function auditedKeys(filter: { actor: string; action?: string; processInstanceKey?: string }): Promise<Set<string>> {
    const keys = new Set<string>();
    let after: string | undefined;
    for (;;) {
      const { items, nextCursor } = await audit.query(filter, { limit: PAGE, ...(after ? { after } : {}) });
      for (const e of items) if (e.processInstanceKey) keys.add(e.processInstanceKey);
      if (!nextCursor) return keys;
      after = nextCursor;
    }
  }

  async function allTasks(filter: UserTaskFilter): Promise<UserTaskResult[]> {
    const tasks: UserTaskResult[] = [];
    let after: string | undefined;
    for (;;) {
      const { items, page } = await engine.searchUserTasks({ filter, page: { limit: PAGE, ...(after ? { after } : {}) } });
      tasks.push(...items);
      if (!page.endCursor || items.length < PAGE) return tasks;
      after = page.endCursor;
    }
  }

  /** The open tasks (of instance `only`, when given) the user holds or is offered — by a group of theirs other than the requesters', or by name. */
  async function openTasksOf(user: Viewer, only?: string): Promise<UserTaskResult[]> {
    const base: UserTaskFilter = { state: 'CREATED', ...(only ? { processInstanceKey: only } : {}) };
    const groups = user.active ? user.groups.filter((g) => g !== REQUESTERS_GROUP) : [];
    const found = await Promise.all([
      allTasks({ ...base, assignee: { $in: [user.id, user.username] } }),
      user.active ? allTasks({ ...base, candidateUser: user.username }) : [],
      groups.length ? allTasks({ ...base, candidateGroup: { $in: groups } }) : [],
    ]);
    const byKey = new Map<string, UserTaskResult>();
    for (const task of found.flat()) if (task.userTaskKey) byKey.set(task.userTaskKey, task);
    return [...byKey.values()];
  }

  /** The keys with every instance that called them, up to their roots. */
  async function withCallers(keys: Iterable<string>): Promise<Set<string>> {
    const all = new Set(keys);
    let frontier = [...all];
    for (let depth = 0; frontier.length && depth < MAX_CALL_DEPTH; depth++) {
      const parents = new Set<string>();
      for (let i = 0; i < frontier.length; i += PAGE) {
        const { items } = await engine.searchProcessInstances({ filter: { processInstanceKey: { $in: frontier.slice(i, i + PAGE) } }, page: { limit: PAGE } });
        for (const instance of items) if (instance.parentProcessInstanceKey && !all.has(instance.parentProcessInstanceKey)) parents.add(instance.parentProcessInstanceKey);
      }
      for (const parent of parents) all.add(parent);
      frontier = [...parents];
    }
    return all;
  }

  /** Every instance of the cases the keys belong to: up to each root, then down every procedure called. */
  async function wholeCases(keys: Iterable<string>): Promise<Set<string>> {
    const all = await withCallers(keys);
    let frontier = [...all];
    for (let depth = 0; frontier.length && depth < 2 * MAX_CALL_DEPTH; depth++) {
      const children: string[] = [];
      for (let i = 0; i < frontier.length; i += PAGE) {
        const { items } = await engine.searchProcessInstances({ filter: { parentProcessInstanceKey: { $in: frontier.slice(i, i + PAGE) } }, page: { limit: 10_000 } });
        for (const instance of items) if (!all.has(instance.processInstanceKey)) children.push(instance.processInstanceKey);
      }
      for (const child of children) all.add(child);
      frontier = children;
    }
    return all;
  }

  /** The instances of the case `key` belongs to; none when there is no such instance (so a refusal never says whether it exists). */
  async function caseOf(key: string): Promise<string[]> {
    try {
      return await calledTree(engine, (await rootOf(engine, key)).processInstanceKey);
    } catch (error) {
      if (error instanceof EngineError && error.code === 'NOT_FOUND') return [];
      throw error;
    }
  }

  /** Whether the user is part of this one instance: started it, acted on it, or holds or is offered an open task of it. */
  async function partOf(user: Viewer, key: string): Promise<boolean> {
    if ((await audit.count({ actor: user.id, processInstanceKey: key })) > 0) return true;
    if ((await startedByVariable(user.id, key)).size > 0) return true;
    return (await openTasksOf(user, key)).length > 0;
  }

  async function maySee(user: Viewer, processInstanceKey: string): Promise<boolean> {
    if (seesAll(user)) return true;
    for (const key of await caseOf(processInstanceKey)) if (await partOf(user, key)) return true;
    return false;
  }

  /** Whether the user filed the request of the case (root instance `caseKey`). */
  async function filed(user: Viewer, caseKey: string): Promise<boolean> {
    if ((await startedByVariable(user.id, caseKey)).size > 0) return true;
    return (await audit.count({ actor: user.id, action: 'instance.start', processInstanceKey: caseKey })) > 0;
  }

  /** Whether the user works the case through a staff task of it: holding or offered one now, or having acted on one; or wrote a note on it. */
  async function worksAsStaff(user: Viewer, caseKey: string): Promise<boolean> {
    const tree = await calledTree(engine, caseKey);
    for (const key of tree) if ((await openTasksOf(user, key)).some(isStaffTask)) return true;
    if ((await audit.count({ actor: user.id, action: CASE_NOTE_ACTION, processInstanceKey: caseKey })) > 0) return true;
    for (const key of tree) {
      const { items } = await audit.query({ actor: user.id, action: STAFF_TASK_ACTIONS, processInstanceKey: key }, { limit: PAGE });
      const taskKeys = [...new Set(items.map((e) => e.userTaskKey).filter((k): k is string => !!k))];
      if (!taskKeys.length) continue;
      const tasks = await allTasks({ processInstanceKey: key });
      if (tasks.some((t) => t.userTaskKey && taskKeys.includes(t.userTaskKey) && isStaffTask(t))) return true;
    }
    return false;
  }

  return {
    /** 'all', or the keys of the instances the user may see (exactly those maySee answers true for). */
    async visibleKeys(user: Viewer): Promise<'all' | Set<string>> {
      if (seesAll(user)) return 'all';
      const [acted, started, tasks] = await Promise.all([auditedKeys({ actor: user.id }), startedByVariable(user.id), openTasksOf(user)]);
      const worked = tasks.map((t) => t.processInstanceKey).filter((k): k is string => !!k);
      return wholeCases([...acted, ...started, ...worked]);
    },

    maySee,

    /**
     * How the user reads the case whose root is `caseKey` when they open it as instance
     * `processInstanceKey` (the root itself, or a procedure it called): see the rules above.
     */
    async caseStanding(user: Viewer, processInstanceKey: string, caseKey: string = processInstanceKey): Promise<CaseStanding> {
      if (!(await maySee(user, processInstanceKey))) return UNSEEN;
      if (can(user, 'instances.operate')) return { sees: true, audience: 'staff', writesNotes: true };
      const requester = await filed(user, caseKey);
      if (can(user, 'instances.readAll')) return { sees: true, audience: 'staff', writesNotes: !requester && (await worksAsStaff(user, caseKey)) };
      if (requester) return { sees: true, audience: 'requester', writesNotes: false };
      const staff = await worksAsStaff(user, caseKey);
      return { sees: true, audience: staff ? 'staff' : 'requester', writesNotes: staff };
    },

    /** The instances started by `userId`: by the iniciadoPor variable or the 'instance.start' event. */
    async startedBy(userId: string): Promise<Set<string>> {
      const [byVariable, byEvent] = await Promise.all([startedByVariable(userId), auditedKeys({ actor: userId, action: 'instance.start' })]);
      return new Set([...byVariable, ...byEvent]);
    },
  };
}

export type InstanceAccess = ReturnType<typeof createInstanceAccess>;

/** The instance and every instance it called through call activities, down the tree (root first). */
export async function calledTree(engine: Pick<EnginePort, 'searchProcessInstances'>, key: string): Promise<string[]> {
  const all = [key];
  let frontier = [key];
  for (let depth = 0; frontier.length && depth < MAX_CALL_DEPTH; depth++) {
    const children: string[] = [];
    for (let i = 0; i < frontier.length; i += PAGE) {
      const { items } = await engine.searchProcessInstances({ filter: { parentProcessInstanceKey: { $in: frontier.slice(i, i + PAGE) } }, page: { limit: 10_000 } });
      for (const instance of items) if (!all.includes(instance.processInstanceKey)) children.push(instance.processInstanceKey);
    }
    all.push(...children);
    frontier = children;
  }
  return all;
}

/** The root of the instance's case: the instance that called it (and so on up), or itself. */
export async function rootOf(engine: Pick<EnginePort, 'getProcessInstance'>, key: string): Promise<ProcessInstanceResult> {
  let instance = await engine.getProcessInstance({ processInstanceKey: key });
  for (let depth = 0; instance.parentProcessInstanceKey && depth < MAX_CALL_DEPTH; depth++) {
    instance = await engine.getProcessInstance({ processInstanceKey: instance.parentProcessInstanceKey });
  }
  return instance;
}

/** The id in an iniciadoPor value (JSON text), if it has one. */
export function startedById(value: string): string | undefined {
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed !== null && typeof parsed === 'object' && typeof (parsed as { id?: unknown }).id === 'string' ? (parsed as { id: string }).id : undefined;
  } catch {
    return undefined;
  }
}
