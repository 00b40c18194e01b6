// Who may see which process instance. Those holding instances.readAll (admin, auditor) see every
// one, and so do those who operate instances (process owners: an incident must be seen to be
// retried); everybody else sees the instances they are part of:
// - they started it: the `iniciadoPor.id` root variable the start route sets, or an
//   'instance.start' audit event with them as actor;
// - they acted on it: any audit event of the instance with them as actor (claiming, completing
//   or being reassigned a task, uploading an attachment…) — so a task once held keeps it visible;
// - they hold one of its open tasks now (assignee = their id or user name).
import type { EnginePort } from '../../engine/port.js';
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

const PAGE = 1000;

const seesAll = (user: Principal) => can(user, 'instances.readAll') || can(user, 'instances.operate');

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

  async function assignedKeys(user: Viewer, only?: string): Promise<Set<string>> {
    const { items } = await engine.searchUserTasks({
      filter: { assignee: { $in: [user.id, user.username] }, state: 'CREATED', ...(only ? { processInstanceKey: only } : {}) },
      page: { limit: 10_000 },
    });
    return new Set(items.map((t) => t.processInstanceKey).filter((k): k is string => !!k));
  }

  return {
    /** 'all', or the keys of the instances the user may see. */
    async visibleKeys(user: Viewer): Promise<'all' | Set<string>> {
      if (seesAll(user)) return 'all';
      const [acted, started, assigned] = await Promise.all([auditedKeys({ actor: user.id }), startedByVariable(user.id), assignedKeys(user)]);
      return new Set([...acted, ...started, ...assigned]);
    },

    async maySee(user: Viewer, processInstanceKey: string): Promise<boolean> {
      if (seesAll(user)) return true;
      if ((await audit.count({ actor: user.id, processInstanceKey })) > 0) return true;
      if ((await startedByVariable(user.id, processInstanceKey)).size > 0) return true;
      return (await assignedKeys(user, processInstanceKey)).size > 0;
    },

    /** The instances started by `userId`: by the iniciadoPor variable or the 'instance.start' event. */
    async startedBy(userId: string): Promise<Set<string>> {
      const [byVariable, byEvent] = await Promise.all([startedByVariable(userId), auditedKeys({ actor: userId, action: 'instance.start' })]);
      return new Set([...byVariable, ...byEvent]);
    },
  };
}

export type InstanceAccess = ReturnType<typeof createInstanceAccess>;

/** The id in an iniciadoPor value (JSON text), if it has one. */
export function startedById(value: string): string | undefined {
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed !== null && typeof parsed === 'object' && typeof (parsed as { id?: unknown }).id === 'string' ? (parsed as { id: string }).id : undefined;
  } catch {
    return undefined;
  }
}
