// Is the audit trail complete? The hash chain (AuditTrail.verify) proves nothing was changed or
// removed; this proves nothing the engine did on someone's request is missing from it.
//
// What the engine knows, and so what can be checked:
// - The embedded engine records every command it carries out on request (searchCommandHistory) in
//   the command's own transaction: instance starts, task assignments (a claim or a reassignment),
//   releases and completions, incident resolutions (a retry). Each must have its event: the start
//   of that instance, the completion of that task, as many claims and reassignments of the task as
//   assignments, as many releases as releases, a retry or resolution naming that incident. What the
//   engine does by itself — a call activity's child, a message or timer start, an incident closed
//   because its element was cancelled — is no one's command and needs no event. Commands from before
//   the engine kept this record are not known, so not checked.
// - A Camunda cluster does not say which commands it received; its completed user tasks (Oficio's
//   task listeners record them) are compared with the completions in the trail.
// - On both, an intent (recorded before calling an engine that cannot commit with the trail) that
//   no confirmation or failure names is reported: whether it happened is for the auditor to check.
import type { EngineCommandResult, EngineCommandType, EnginePort } from '../../engine/port.js';
import { t, type Locale, type MessageKey } from '../../i18n/index.js';
import type { AuditEvent, AuditFilter, AuditTrail } from './index.js';
import { AUDITED_COMMANDS, failedAction, intentAction } from './commands.js';

export type CompletenessGap =
  /** An instance the engine started on command, without its 'instance.start' event. */
  | { kind: 'instanceStart'; processInstanceKey: string; at: string }
  /** A completed task without its 'task.complete' event. */
  | { kind: 'taskCompletion'; userTaskKey: string; processInstanceKey: string; at: string }
  /** A task assigned (or released) more often than the trail's claims and reassignments (or releases) say. */
  | { kind: 'taskAssignment' | 'taskUnassignment'; userTaskKey: string; processInstanceKey: string; inEngine: number; inTrail: number }
  /** An incident resolved on command without a retry or resolution event naming it. */
  | { kind: 'incidentRetry'; incidentKey: string; processInstanceKey: string; at: string }
  /** An intent no confirmation and no failure names. */
  | { kind: 'unconfirmedIntent'; sequence: number; action: string; at: string; processInstanceKey?: string; userTaskKey?: string; subject?: string };

export interface AuditCompleteness {
  complete: boolean;
  /** What the engine did that was compared with the trail: commands (embedded) or completed tasks (Camunda). */
  checked: number;
  /** Whether the engine keeps the commands it carried out (embedded); without, only completed tasks are compared. */
  engineHistory: boolean;
  /** Intents recorded before calls to an engine that cannot commit with the trail. */
  intents: number;
  /** The first gaps found (at most `maxGaps`), in the order they were found. */
  gaps: CompletenessGap[];
  /** Every gap found, also those not listed. */
  gapCount: number;
}

export interface CompletenessDeps {
  engine: Pick<EnginePort, 'searchCommandHistory' | 'searchUserTasks'>;
  audit: Pick<AuditTrail, 'count' | 'query'>;
}

export interface CompletenessOptions {
  /** Gaps listed (all are counted); default 100. */
  maxGaps?: number;
  /** Engine records read per request; default 1000. */
  pageSize?: number;
}

const DEFAULT_MAX_GAPS = 100;
const DEFAULT_PAGE = 1000;

export async function checkAuditCompleteness({ engine, audit }: CompletenessDeps, options: CompletenessOptions = {}): Promise<AuditCompleteness> {
  const maxGaps = options.maxGaps ?? DEFAULT_MAX_GAPS;
  const limit = options.pageSize ?? DEFAULT_PAGE;
  const gaps: CompletenessGap[] = [];
  let gapCount = 0;
  let checked = 0;
  const gap = (found: CompletenessGap) => {
    gapCount++;
    if (gaps.length < maxGaps) gaps.push(found);
  };
  const has = async (filter: AuditFilter) => (await audit.count(filter)) > 0;

  const history = engine.searchCommandHistory?.bind(engine);
  if (history) {
    /** Every command of these types, page by page, in the order asked. */
    async function* commands(type: EngineCommandType | EngineCommandType[], byTask = false): AsyncGenerator<EngineCommandResult> {
      let after: string | undefined;
      for (;;) {
        const { items, page } = await history!({
          filter: { type: Array.isArray(type) ? { $in: type } : type },
          sort: byTask ? [{ field: 'userTaskKey' }, { field: 'commandKey' }] : [{ field: 'commandKey' }],
          page: { limit, ...(after ? { after } : {}) },
        });
        yield* items;
        if (!page.endCursor || items.length === 0) return;
        after = page.endCursor;
      }
    }

    for await (const c of commands('PROCESS_INSTANCE_CREATION')) {
      checked++;
      if (!(await has({ action: 'instance.start', processInstanceKey: c.processInstanceKey }))) gap({ kind: 'instanceStart', processInstanceKey: c.processInstanceKey, at: c.executedAt });
    }
    for await (const c of commands('USER_TASK_COMPLETION')) {
      checked++;
      if (!(await has({ action: 'task.complete', userTaskKey: c.userTaskKey! }))) {
        gap({ kind: 'taskCompletion', userTaskKey: c.userTaskKey!, processInstanceKey: c.processInstanceKey, at: c.executedAt });
      }
    }
    for await (const c of commands('INCIDENT_RESOLUTION')) {
      checked++;
      const { items } = await audit.query({ action: ['incident.retry', 'incident.resolve'], processInstanceKey: c.processInstanceKey }, { limit: 1000 });
      if (!items.some((e) => e.subject === c.incidentKey)) gap({ kind: 'incidentRetry', incidentKey: c.incidentKey!, processInstanceKey: c.processInstanceKey, at: c.executedAt });
    }
    // Assignments task by task: the trail's claims and reassignments of a task must be as many.
    let task: { key: string; processInstanceKey: string; assigned: number; released: number } | undefined;
    const settle = async () => {
      if (!task) return;
      const [claims, releases] = await Promise.all([
        task.assigned ? audit.count({ action: ['task.claim', 'task.reassign'], userTaskKey: task.key }) : 0,
        task.released ? audit.count({ action: 'task.unclaim', userTaskKey: task.key }) : 0,
      ]);
      if (claims < task.assigned) gap({ kind: 'taskAssignment', userTaskKey: task.key, processInstanceKey: task.processInstanceKey, inEngine: task.assigned, inTrail: claims });
      if (releases < task.released) gap({ kind: 'taskUnassignment', userTaskKey: task.key, processInstanceKey: task.processInstanceKey, inEngine: task.released, inTrail: releases });
    };
    for await (const c of commands(['USER_TASK_ASSIGNMENT', 'USER_TASK_UNASSIGNMENT'], true)) {
      checked++;
      if (task?.key !== c.userTaskKey) {
        await settle();
        task = { key: c.userTaskKey!, processInstanceKey: c.processInstanceKey, assigned: 0, released: 0 };
      }
      const current = task!;
      if (c.type === 'USER_TASK_ASSIGNMENT') current.assigned++;
      else current.released++;
    }
    await settle();
  } else {
    // The engine keeps no record of its commands: its completed tasks are what it can tell.
    let after: string | undefined;
    for (;;) {
      const { items, page } = await engine.searchUserTasks({ filter: { state: 'COMPLETED' }, sort: [{ field: 'completionDate' }], page: { limit, ...(after ? { after } : {}) } });
      for (const item of items) {
        checked++;
        if (!(await has({ action: 'task.complete', userTaskKey: item.userTaskKey! }))) {
          gap({ kind: 'taskCompletion', userTaskKey: item.userTaskKey!, processInstanceKey: item.processInstanceKey ?? '', at: item.completionDate ?? '' });
        }
      }
      if (!page.endCursor || items.length === 0) break;
      after = page.endCursor;
    }
  }

  const intents = await unconfirmedIntents(audit, gap);
  return { complete: gapCount === 0, checked, engineHistory: !!history, intents, gaps, gapCount };
}

/**
 * Walks the audited commands' events from the first intent on, in sequence order: a confirmation
 * or a failure names its intent (`data.intent`) and always comes after it, so only the intents
 * still waiting are held in memory. Answers how many intents there were.
 */
async function unconfirmedIntents(audit: CompletenessDeps['audit'], gap: (found: CompletenessGap) => void): Promise<number> {
  const intentActions = AUDITED_COMMANDS.map(intentAction);
  const total = await audit.count({ action: intentActions });
  if (total === 0) return 0;
  const first = (await audit.query({ action: intentActions }, { order: 'asc', limit: 1 })).items[0]!;
  const actions = [...intentActions, ...AUDITED_COMMANDS, ...AUDITED_COMMANDS.map(failedAction)];
  const waiting = new Map<number, AuditEvent>();
  let after: string | undefined;
  for (;;) {
    const { items, nextCursor } = await audit.query({ action: actions, from: first.at }, { order: 'asc', limit: 1000, ...(after ? { after } : {}) });
    for (const event of items) {
      if (event.action.endsWith('.intent')) waiting.set(event.sequence, event);
      else {
        const named = (event.data as { intent?: unknown } | undefined)?.intent;
        if (typeof named === 'number') waiting.delete(named);
      }
    }
    if (!nextCursor) break;
    after = nextCursor;
  }
  for (const intent of waiting.values()) {
    gap({
      kind: 'unconfirmedIntent',
      sequence: intent.sequence,
      action: intent.action.slice(0, -'.intent'.length),
      at: intent.at,
      ...(intent.processInstanceKey ? { processInstanceKey: intent.processInstanceKey } : {}),
      ...(intent.userTaskKey ? { userTaskKey: intent.userTaskKey } : {}),
      ...(intent.subject ? { subject: intent.subject } : {}),
    });
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// In words

/** One gap as a sentence in `locale`, naming what lacks its event. */
export function describeGap(gap: CompletenessGap, locale: Locale): string {
  switch (gap.kind) {
    case 'instanceStart':
      return t(locale, 'audit.gap.instanceStart', { instance: gap.processInstanceKey, at: gap.at });
    case 'taskCompletion':
      return t(locale, 'audit.gap.taskCompletion', { task: gap.userTaskKey, instance: gap.processInstanceKey || '?', at: gap.at || '?' });
    case 'taskAssignment':
    case 'taskUnassignment':
      return t(locale, `audit.gap.${gap.kind}` as MessageKey, { task: gap.userTaskKey, instance: gap.processInstanceKey, inEngine: gap.inEngine, inTrail: gap.inTrail });
    case 'incidentRetry':
      return t(locale, 'audit.gap.incidentRetry', { incident: gap.incidentKey, instance: gap.processInstanceKey, at: gap.at });
    case 'unconfirmedIntent': {
      const target = gap.userTaskKey
        ? t(locale, 'audit.gap.onTask', { task: gap.userTaskKey })
        : gap.processInstanceKey
          ? t(locale, 'audit.gap.onInstance', { instance: gap.processInstanceKey })
          : t(locale, 'audit.gap.onSubject', { subject: gap.subject ?? '?' });
      return t(locale, 'audit.gap.unconfirmedIntent', { sequence: gap.sequence, at: gap.at, action: gap.action, target });
    }
  }
}

/** The whole result in one sentence in `locale`. */
export function describeCompleteness(result: AuditCompleteness, locale: Locale): string {
  const scope = result.engineHistory ? t(locale, 'audit.completeness.commands', { count: result.checked }) : t(locale, 'audit.completeness.completedTasks', { count: result.checked });
  if (result.complete) return t(locale, 'audit.completeness.complete', { scope });
  return t(locale, 'audit.completeness.incomplete', { count: result.gapCount, scope });
}
