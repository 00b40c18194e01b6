// The tasklist: the user tasks a user sees (assigned to them, or offered to one of their candidate
// groups; auditors and admins see all), each with its SLA; the task's form with its current data
// and the user's draft; claim, unclaim, reassign with a reason (PR03 3.b), save a draft, complete
// with data validated against the task's form; who the task may be handed to. Every action is an
// audit event. Ports only.
import { EngineError, type EnginePort, type UserTaskFilter, type UserTaskResult, type UserTaskState } from '../../engine/port.js';
import type { Json, Store } from '../../store/port.js';
import type { Locale } from '../../i18n/index.js';
import type { AuditActor, AuditTrail } from '../audit/index.js';
import type { CaseRef } from '../cases/index.js';
import { createAuditedCommands } from '../audit/commands.js';
import type { FormContent, FormSource, RegisteredForm } from '../forms/index.js';
import { can, visibleGroups, type User } from '../identity/index.js';
import { DomainError, invalidField } from '../../errors.js';
import { describeFieldErrors, localizeForm, validateFormData, type LocalizedForm } from '../catalogue/forms.js';
import { refusePlatformVariables } from '../catalogue/platform-variables.js';
import { createDrafts, type Draft } from './drafts.js';
import { slaOf, type Sla } from './sla.js';
import { asPeople, offersGroup, personFields, refuseStrangers, type Person } from './people.js';

export { slaOf, dueSoonAt, DUE_SOON_FRACTION, type Sla, type SlaStatus } from './sla.js';
export { TASK_DRAFTS, type Draft } from './drafts.js';

export interface TasklistDeps {
  engine: EnginePort;
  store: Store;
  audit: AuditTrail;
  /** The current forms: a form saved in the designer is what its open tasks show and check from then on. */
  forms: FormSource;
  /** A user by user name (the engine's assignee is the user name). */
  findUser(username: string): Promise<User | undefined>;
  /** The active users of a candidate group. */
  activeMembers(group: string): Promise<User[]>;
  now: () => Date;
  /** The cases of a page's instances in one query (their folio and summary); without it, tasks show none. */
  cases?: { ofInstances(processInstanceKeys: readonly string[]): Promise<Map<string, CaseRef>> };
}

/** Undefined members count as absent, so a parsed query string is passed as it is. */
export interface TaskQuery {
  processDefinitionId?: string | undefined;
  /** Default 'CREATED' (open tasks). */
  state?: UserTaskState | undefined;
  /** Due strictly before this instant (ISO date-time). */
  dueBefore?: string | undefined;
  /** Due at or after this instant (ISO date-time). */
  dueAfter?: string | undefined;
  /** 'me', 'none' (unassigned) or a user name. */
  assignee?: string | undefined;
  candidateGroup?: string | undefined;
  /** 1…200, default 50. */
  limit?: number | undefined;
  /** The `nextCursor` of the previous page, asked with the same filters. */
  cursor?: string | undefined;
}

export interface TaskItem {
  userTaskKey: string;
  name: string;
  elementId: string;
  state: UserTaskState;
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
  /** The folio of the task's case (a called instance's: its caller's); null for instances from before folios. */
  folio: string | null;
  /** Who asked and what about; null when the case is unknown or says neither. */
  caseSummary: { requester: string; summary: string } | null;
}

export interface TaskPage {
  items: TaskItem[];
  /** Present when more tasks follow. */
  nextCursor?: string;
}

/** What the caller may do with the task now, for the pages to offer it. */
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
  /** The instance's values of the form's fields, as the task sees them (innermost scope first). */
  data: Record<string, unknown>;
  /** The caller's saved draft, to show over `data`. */
  draft: Draft | null;
  actions: TaskActions;
}

export type Tasklist = ReturnType<typeof createTasklist>;

/** Tasks assigned to the user outside their groups (rare: a model's fixed assignee, a group left) read per page. */
const OUTSIDE_GROUPS_MAX = 500;
const MAX_SCOPE_DEPTH = 32;

const isAdmin = (user: User) => user.active && user.roles.includes('admin');
/** Whether the task is offered to the user: one of their groups, or named among its candidate users. */
export const isCandidate = (user: User, task: UserTaskResult) =>
  user.active && ((task.candidateGroups ?? []).some((g) => (user.groups as readonly string[]).includes(g)) || (task.candidateUsers ?? []).includes(user.username));
/** Whether the user may see the task: the tasklist's rule, also the live tasklist's (server/core/live) and the search's (server/core/cases/search.ts). */
export const isVisible = (user: User, task: UserTaskResult) => user.active && (can(user, 'instances.readAll') || task.assignee === user.username || isCandidate(user, task));
/** Working on a task (draft, complete): its holder, or a candidate while nobody holds it. */
const mayWork = (user: User, task: UserTaskResult) => task.state === 'CREATED' && (task.assignee ? task.assignee === user.username : isCandidate(user, task));

interface Cursor {
  /** The engine's cursor in the group stream; undefined at its start. */
  a?: string;
  /** The group stream is exhausted. */
  d?: 1;
  /** How many tasks of the outside-groups stream were already given. */
  b: number;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');

function decodeCursor(text: string | undefined): Cursor {
  if (!text) return { b: 0 };
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof c !== 'object' || c === null || !Number.isInteger(c.b) || c.b < 0 || (c.a !== undefined && typeof c.a !== 'string')) throw new Error('shape');
    return c;
  } catch {
    throw invalidField('cursor', 'tasks.badCursor', {});
  }
}

/** The order of the list: oldest first (first come, first served), the key breaking ties. */
const byCreation = (x: UserTaskResult, y: UserTaskResult) => compare(x.creationDate ?? '', y.creationDate ?? '') || compare(x.userTaskKey ?? '', y.userTaskKey ?? '');
/** Code-unit order, as the store sorts text (not the locale's collation). */
const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** A task as the tasklist and the search show it: with its SLA at `at`, and its case's folio and summary. */
export function taskItemOf(task: UserTaskResult, at: Date, caseRef?: CaseRef): TaskItem {
  return {
    userTaskKey: task.userTaskKey!,
    name: task.name ?? task.elementId ?? '',
    elementId: task.elementId ?? '',
    state: task.state ?? 'CREATED',
    processDefinitionId: task.processDefinitionId ?? '',
    processName: task.processName ?? task.processDefinitionId ?? '',
    processInstanceKey: task.processInstanceKey ?? '',
    assignee: task.assignee ?? null,
    candidateGroups: [...(task.candidateGroups ?? [])],
    dueDate: task.dueDate ?? null,
    creationDate: task.creationDate ?? '',
    completionDate: task.completionDate ?? null,
    formId: task.externalFormReference ?? null,
    sla: slaOf(task, at) ?? null,
    folio: caseRef?.folio ?? null,
    caseSummary: caseRef && (caseRef.requester || caseRef.summary) ? { requester: caseRef.requester ?? '', summary: caseRef.summary ?? '' } : null,
  };
}

export function createTasklist(deps: TasklistDeps) {
  const { engine, audit, forms, findUser, activeMembers, now } = deps;
  const runAudited = createAuditedCommands({ engine, audit });
  const drafts = createDrafts(deps.store);

  /** The cases of the tasks' instances, by instance key (one query; none without the case index). */
  const casesOf = (tasks: readonly UserTaskResult[]) => deps.cases?.ofInstances(tasks.map((t) => t.processInstanceKey ?? '')) ?? Promise.resolve(new Map<string, CaseRef>());

  function toItem(task: UserTaskResult, at: Date, cases: ReadonlyMap<string, CaseRef>): TaskItem {
    return taskItemOf(task, at, cases.get(task.processInstanceKey ?? ''));
  }

  async function load(userTaskKey: string): Promise<UserTaskResult> {
    try {
      return await engine.getUserTask({ userTaskKey });
    } catch (error) {
      if (error instanceof EngineError && error.code === 'NOT_FOUND') throw new DomainError('not-found', 'tasks.notFound', { key: userTaskKey });
      throw error;
    }
  }

  /** The task, when `user` may see it: 404 when it does not exist, 403 when it is not theirs to see. */
  async function visibleTask(user: User, userTaskKey: string): Promise<UserTaskResult> {
    const task = await load(userTaskKey);
    if (!isVisible(user, task)) throw new DomainError('forbidden', 'tasks.notVisible', { key: userTaskKey });
    return task;
  }

  function requireOpen(task: UserTaskResult) {
    if (task.state !== 'CREATED') throw new DomainError('conflict', 'tasks.notOpen', { key: task.userTaskKey!, state: task.state ?? '' });
  }

  function requireCandidate(user: User, task: UserTaskResult) {
    if (!isCandidate(user, task)) throw new DomainError('forbidden', 'tasks.notCandidate', { key: task.userTaskKey!, groups: (task.candidateGroups ?? []).join(', ') });
  }

  async function formOf(task: UserTaskResult): Promise<RegisteredForm | undefined> {
    return task.externalFormReference ? forms.get(task.externalFormReference) : undefined;
  }

  /** Assigns the task to `user`, audited as their claim, unless someone else got it first (409 naming them). */
  async function assignToSelf(user: User, actor: AuditActor, task: UserTaskResult, data: Record<string, Json>) {
    try {
      await runAudited(taskEvent(actor, 'task.claim', task, data), (options) =>
        engine.assignUserTask({ userTaskKey: task.userTaskKey!, assignee: user.username, allowOverride: false }, options),
      );
    } catch (error) {
      if (error instanceof EngineError && error.code === 'CONFLICT') {
        const now = await load(task.userTaskKey!);
        throw new DomainError('conflict', 'tasks.assignedToOther', { key: task.userTaskKey!, assignee: now.assignee ?? '' });
      }
      throw error;
    }
  }

  const taskEvent = <A extends string>(actor: AuditActor, action: A, task: UserTaskResult, data: Record<string, Json>) => ({
    actor,
    action,
    userTaskKey: task.userTaskKey!,
    processInstanceKey: task.processInstanceKey!,
    data,
  });

  /** The instance scopes the task sees, innermost first: its element instance, enclosing sub-processes, the instance. */
  async function scopeChain(task: UserTaskResult): Promise<string[]> {
    const chain: string[] = [];
    let key: string | undefined = task.elementInstanceKey;
    while (key && !chain.includes(key) && chain.length < MAX_SCOPE_DEPTH) {
      chain.push(key);
      if (key === task.processInstanceKey) break;
      const { items } = await engine.searchElementInstances({ filter: { elementInstanceKey: key }, page: { limit: 1 } });
      key = items[0]?.flowScopeKey;
    }
    if (task.processInstanceKey && !chain.includes(task.processInstanceKey)) chain.push(task.processInstanceKey);
    return chain;
  }

  async function currentData(task: UserTaskResult, form: FormContent | undefined): Promise<Record<string, unknown>> {
    const fields = Object.keys((form?.schema.properties as Record<string, unknown> | undefined) ?? {});
    if (!fields.length || !task.processInstanceKey) return {};
    const chain = await scopeChain(task);
    const { items } = await engine.searchVariables({ filter: { processInstanceKey: task.processInstanceKey, name: { $in: fields } }, page: { limit: 10_000 } });
    const data: Record<string, unknown> = {};
    const depth: Record<string, number> = {};
    for (const v of items) {
      const at = chain.indexOf(v.scopeKey);
      if (at === -1 || (v.name in depth && depth[v.name]! <= at)) continue;
      try {
        data[v.name] = JSON.parse(v.value);
        depth[v.name] = at;
      } catch {
        // A value that is not JSON text is left out rather than shown wrong.
      }
    }
    return data;
  }

  return {
    /** The task as a row of list() (the live tasklist's events carry the same rows): keep the two in step. */
    async item(task: UserTaskResult): Promise<TaskItem> {
      return toItem(task, now(), await casesOf([task]));
    },

    /** One page of the tasks `user` sees, filtered, oldest first, each with its SLA at now. */
    async list(user: User, query: TaskQuery): Promise<TaskPage> {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
      const cursor = decodeCursor(query.cursor);
      const at = now();
      const base: UserTaskFilter = { state: query.state ?? 'CREATED' };
      if (query.processDefinitionId) base.processDefinitionId = query.processDefinitionId;
      if (query.dueBefore || query.dueAfter) {
        base.dueDate = {
          ...(query.dueBefore ? { $lt: new Date(query.dueBefore).toISOString() } : {}),
          ...(query.dueAfter ? { $gte: new Date(query.dueAfter).toISOString() } : {}),
        };
      }
      const assignee = query.assignee === 'me' ? user.username : query.assignee;
      if (assignee === 'none') base.assignee = { $exists: false };
      else if (assignee) base.assignee = assignee;

      // Stream A: the tasks of the user's groups (every task for those who read all) — paged by the engine.
      const readsAll = can(user, 'instances.readAll');
      const mine = visibleGroups(user) as string[];
      const groupsA: string[] | 'all' | 'none' = readsAll
        ? query.candidateGroup
          ? [query.candidateGroup]
          : 'all'
        : query.candidateGroup
          ? mine.includes(query.candidateGroup)
            ? [query.candidateGroup]
            : 'none'
          : mine.length
            ? mine
            : 'none';
      const inA = (task: UserTaskResult) => groupsA === 'all' || (groupsA !== 'none' && (task.candidateGroups ?? []).some((g) => groupsA.includes(g)));

      let pageA: UserTaskResult[] = [];
      let nextA: string | undefined;
      if (groupsA !== 'none' && !cursor.d) {
        const filter: UserTaskFilter = { ...base, ...(groupsA === 'all' ? {} : { candidateGroup: groupsA.length === 1 ? groupsA[0]! : { $in: groupsA } }) };
        const result = await engine.searchUserTasks({ filter, sort: [{ field: 'creationDate', order: 'ASC' }], page: { limit, ...(cursor.a ? { after: cursor.a } : {}) } });
        pageA = result.items;
        nextA = result.page.endCursor;
      }

      // Stream B: tasks assigned to the user that stream A does not hold — merged in by creation order.
      let restB: UserTaskResult[] = [];
      if (!readsAll && (assignee === undefined || assignee === user.username)) {
        const filter: UserTaskFilter = { ...base, assignee: user.username, ...(query.candidateGroup ? { candidateGroup: query.candidateGroup } : {}) };
        const { items } = await engine.searchUserTasks({ filter, sort: [{ field: 'creationDate', order: 'ASC' }], page: { limit: OUTSIDE_GROUPS_MAX } });
        restB = items
          .filter((task) => !inA(task))
          .sort(byCreation)
          .slice(cursor.b);
      }
      const last = pageA[pageA.length - 1];
      // While stream A goes on, only what sorts before its last task belongs on this page.
      const takeB = nextA && last ? restB.filter((task) => byCreation(task, last) < 0) : restB;
      const tasks = [...pageA, ...takeB].sort(byCreation);
      const cases = await casesOf(tasks);
      const items = tasks.map((task) => toItem(task, at, cases));
      const next: Cursor | undefined = nextA ? { a: nextA, b: cursor.b + takeB.length } : undefined;
      return { items, ...(next ? { nextCursor: encodeCursor(next) } : {}) };
    },

    /** The task with its form in `locale`, the instance's values of the form's fields and the caller's draft. */
    async get(user: User, userTaskKey: string, locale: Locale): Promise<TaskDetail> {
      const task = await visibleTask(user, userTaskKey);
      const form = (await formOf(task))?.definition;
      const [data, draft, cases] = await Promise.all([currentData(task, form), drafts.get(userTaskKey, user.id), casesOf([task])]);
      const open = task.state === 'CREATED';
      return {
        task: toItem(task, now(), cases),
        form: form ? localizeForm(form, locale) : null,
        data,
        draft: draft ?? null,
        actions: {
          claim: open && isCandidate(user, task) && task.assignee !== user.username && !task.assignee,
          unclaim: open && !!task.assignee && (task.assignee === user.username || isAdmin(user)),
          reassign: open && (task.assignee ? task.assignee === user.username || isAdmin(user) : isCandidate(user, task) || isAdmin(user)),
          complete: mayWork(user, task),
          saveDraft: mayWork(user, task),
        },
      };
    },

    /** Assigns the task to the caller, a candidate: 409 when someone else holds it; nothing changes when they already do. */
    async claim(user: User, actor: AuditActor, userTaskKey: string): Promise<void> {
      const task = await visibleTask(user, userTaskKey);
      requireOpen(task);
      if (task.assignee === user.username) return;
      if (task.assignee) throw new DomainError('conflict', 'tasks.assignedToOther', { key: userTaskKey, assignee: task.assignee });
      requireCandidate(user, task);
      await assignToSelf(user, actor, task, { assignee: user.username });
    },

    /** Gives the task back to its groups: only its holder or an admin. */
    async unclaim(user: User, actor: AuditActor, userTaskKey: string): Promise<void> {
      const task = await visibleTask(user, userTaskKey);
      requireOpen(task);
      if (!task.assignee) return;
      if (task.assignee !== user.username && !isAdmin(user)) throw new DomainError('forbidden', 'tasks.notAssignee', { key: userTaskKey, assignee: task.assignee });
      await runAudited(taskEvent(actor, 'task.unclaim', task, { previousAssignee: task.assignee }), (options) => engine.unassignUserTask({ userTaskKey }, options));
    },

    /**
     * Hands the task to a colleague of its candidate groups with a reason (PR03 3.b): its holder, an
     * admin, or — while nobody holds it — one of its candidates may. The event keeps both names and the reason.
     */
    async reassign(user: User, actor: AuditActor, userTaskKey: string, input: { assignee: string; reason: string }): Promise<{ assignee: string }> {
      const task = await visibleTask(user, userTaskKey);
      requireOpen(task);
      if (task.assignee ? task.assignee !== user.username && !isAdmin(user) : !isCandidate(user, task) && !isAdmin(user)) {
        throw task.assignee
          ? new DomainError('forbidden', 'tasks.notAssignee', { key: userTaskKey, assignee: task.assignee })
          : new DomainError('forbidden', 'tasks.notCandidate', { key: userTaskKey, groups: (task.candidateGroups ?? []).join(', ') });
      }
      const target = await findUser(input.assignee);
      // One refusal whether the name is unknown, inactive or outside the task's groups: the answer
      // never tells the caller which user names exist.
      if (!target || !isCandidate(target, task)) {
        throw invalidField('assignee', 'tasks.reassignTargetRefused', { username: input.assignee, groups: (task.candidateGroups ?? []).join(', ') });
      }
      const previous = task.assignee ? await findUser(task.assignee) : undefined;
      await runAudited(
        taskEvent(actor, 'task.reassign', task, {
          from: task.assignee ? { username: task.assignee, nombre: previous?.displayName ?? task.assignee } : null,
          to: { username: target.username, nombre: target.displayName },
          reason: input.reason,
        }),
        (options) => engine.assignUserTask({ userTaskKey, assignee: target.username, allowOverride: true }, options),
      );
      return { assignee: target.username };
    },

    /**
     * Whom the task may be handed to (reassign's candidates): the active users of its candidate
     * groups and its active candidate users, other than the caller, by display name. Visible to
     * whoever may see the task.
     */
    async candidates(user: User, userTaskKey: string): Promise<Array<{ username: string; displayName: string }>> {
      const task = await visibleTask(user, userTaskKey);
      const members = (await Promise.all((task.candidateGroups ?? []).map(activeMembers))).flat();
      const named = await Promise.all((task.candidateUsers ?? []).map(findUser));
      const byName = new Map<string, { username: string; displayName: string }>();
      for (const candidate of [...members, ...named]) {
        if (!candidate?.active || candidate.username === user.username || !isCandidate(candidate, task)) continue;
        byName.set(candidate.username, { username: candidate.username, displayName: candidate.displayName });
      }
      return [...byName.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'es') || compare(a.username, b.username));
    },

    /**
     * Whom a person field of the task's form may name (a dispatch's technician): the active members
     * of `group`, one of the groups its form's person fields draw from, by display name. Only for
     * those who may work the task (403 otherwise); a group the form does not offer is refused (400).
     */
    async people(user: User, userTaskKey: string, group: string): Promise<Person[]> {
      const task = await visibleTask(user, userTaskKey);
      requireOpen(task);
      if (!mayWork(user, task)) {
        throw task.assignee
          ? new DomainError('forbidden', 'tasks.notAssignee', { key: userTaskKey, assignee: task.assignee })
          : new DomainError('forbidden', 'tasks.notCandidate', { key: userTaskKey, groups: (task.candidateGroups ?? []).join(', ') });
      }
      const form = (await formOf(task))?.definition;
      const fields = form ? personFields(form.schema) : [];
      if (!fields.length || !offersGroup(fields, group, await currentData(task, form))) throw invalidField('group', 'tasks.peopleGroupNotOffered', { group });
      return asPeople(await activeMembers(group));
    },

    /** Keeps the caller's unsubmitted form data for the task (not validated beyond being an object). */
    async saveDraft(user: User, actor: AuditActor, userTaskKey: string, data: Record<string, unknown>): Promise<Draft> {
      const task = await visibleTask(user, userTaskKey);
      requireOpen(task);
      if (!mayWork(user, task)) {
        throw task.assignee
          ? new DomainError('forbidden', 'tasks.notAssignee', { key: userTaskKey, assignee: task.assignee })
          : new DomainError('forbidden', 'tasks.notCandidate', { key: userTaskKey, groups: (task.candidateGroups ?? []).join(', ') });
      }
      // The trail records which version was saved and its hash, not the data: the draft holds that.
      return drafts.save({ userTaskKey, userId: user.id, username: user.username, data: data as { [key: string]: Json }, savedAt: now().toISOString() }, (tx, saved) =>
        audit.record(taskEvent(actor, 'task.draftSave', task, { ...saved }), tx),
      );
    },

    /**
     * Completes the task with `data` as variables after validating it against the task's form
     * (FormInvalidError naming each field in `locale`); data naming a variable the platform owns is
     * refused, form or no form (PlatformVariableError). Only its holder may — or a candidate while
     * nobody holds it, who claims it on completing. Drafts of the task are deleted.
     */
    async complete(user: User, actor: AuditActor, userTaskKey: string, data: Record<string, unknown>, locale: Locale): Promise<void> {
      const task = await visibleTask(user, userTaskKey);
      requireOpen(task);
      if (task.assignee && task.assignee !== user.username) throw new DomainError('forbidden', 'tasks.notAssignee', { key: userTaskKey, assignee: task.assignee });
      const claimOnComplete = !task.assignee;
      if (claimOnComplete) requireCandidate(user, task);
      refusePlatformVariables(data);
      const form = await formOf(task);
      if (form) validateFormData(forms, form, data, locale);
      // A person field names an active member of its group (a dispatch's technician): 400 on that field otherwise.
      if (form) await refuseStrangers(form.definition, data, () => currentData(task, form.definition), activeMembers, locale);
      if (claimOnComplete) {
        await assignToSelf(user, actor, task, { assignee: user.username, onComplete: true });
      }
      await runAudited(taskEvent(actor, 'task.complete', task, { data: data as Json }), (options) => engine.completeUserTask({ userTaskKey, variables: data }, options));
      await drafts.removeAll(userTaskKey);
    },
  };
}

/**
 * The check of a completion made outside the tasklist (Camunda's completing task listener): the
 * form's own validation, every failing field in one sentence in `locale`; undefined lets it
 * through. A form this installation does not know cannot be checked here, so it is let through.
 * The listener sees the instance's variables (ticket, iniciadoPor …) mixed with what was
 * submitted, so a top-level name the form does not declare cannot be told apart from the
 * instance's own and is not held against the completion; Oficio's API refuses those before
 * anything reaches the engine.
 */
export function completionCheckOf(forms: FormSource, locale: Locale): (formId: string, data: Record<string, unknown>) => Promise<string | undefined> {
  return async (formId, data) => {
    const form = await forms.get(formId);
    if (!form) return undefined;
    const errors = forms.validate(form, data).filter((e) => !(e.keyword === 'additionalProperties' && !e.field.includes('/')));
    return errors.length
      ? describeFieldErrors(form.definition, errors, locale)
          .map((p) => p.message)
          .join(' ')
      : undefined;
  };
}
