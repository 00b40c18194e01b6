// Search: the cases and open tasks a person finds by what they quote — a folio, a ticket number,
// the requester's name or e-mail, a kiosk, words of the description — newest first, within what
// they may see: an instance as the instance list shows it (instances/access.ts), a task as the
// tasklist does (tasks' isVisible). A folio is looked up exactly; anything else through the store's
// full-text index of `cases` (every word must match, accents and case ignored, the last word as a
// prefix). The matching cases are read newest first, at most SEARCH_SCAN_MAX of them, and filtered
// by visibility: a caller who may see few of many matches finds those among the newest.
import type { EnginePort, UserTaskResult } from '../../engine/port.js';
import type { Filter } from '../../store/port.js';
import type { User } from '../identity/index.js';
import type { InstanceAccess } from '../instances/access.js';
import { isVisible, taskItemOf, type TaskItem } from '../tasks/index.js';
import { parseFolio } from './folios.js';
import type { CaseRef, Cases } from './index.js';
import type { CaseDoc } from './model.js';

/** Matching cases read per search, newest first, before visibility is applied. */
export const SEARCH_SCAN_MAX = 500;
const SCAN_PAGE = 100;
/** Newest first; starts at the same instant by their keys, which the engine hands out in order. */
const NEWEST_FIRST = { field: 'startedAt', order: 'desc' } as const;
const LATEST_KEY_FIRST = { field: 'processInstanceKey', order: 'desc' } as const;
/** Open tasks read per instance of a matching case. */
const TASKS_PER_INSTANCE = 100;

export interface CaseHit {
  folio: string;
  processInstanceKey: string;
  processDefinitionId: string;
  processName: string;
  startedAt: string;
  state: 'open' | 'closed';
  requester?: string;
  summary?: string;
  ticket?: string;
  kiosk?: string;
}

export interface SearchResults {
  instances: CaseHit[];
  tasks: TaskItem[];
}

export interface CaseSearchDeps {
  cases: Pick<Cases, 'collection'>;
  engine: Pick<EnginePort, 'searchUserTasks' | 'searchProcessInstances'>;
  access: Pick<InstanceAccess, 'visibleKeys'>;
  now: () => Date;
}

export type CaseSearch = ReturnType<typeof createCaseSearch>;

const refOf = (doc: CaseDoc): CaseRef => ({
  folio: doc.folio,
  processInstanceKey: doc.processInstanceKey,
  ...(doc.requester ? { requester: doc.requester.nombre } : {}),
  ...(doc.summary ? { summary: doc.summary } : {}),
});

export function createCaseSearch({ cases, engine, access, now }: CaseSearchDeps) {
  /** The caller's visible open tasks of the case, oldest first. */
  async function openTasksOf(user: User, doc: CaseDoc): Promise<UserTaskResult[]> {
    const found = await Promise.all(
      (doc.instanceKeys ?? [doc.processInstanceKey]).map((processInstanceKey) =>
        engine.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED' }, sort: [{ field: 'creationDate', order: 'ASC' }], page: { limit: TASKS_PER_INSTANCE } }),
      ),
    );
    return found.flatMap((page) => page.items).filter((task) => isVisible(user, task));
  }

  return {
    /** Cases and open tasks matching `q` (trimmed, non-empty: the route checks it), at most `limit` of each. */
    async search(user: User, q: string, limit: number): Promise<SearchResults> {
      const folio = parseFolio(q);
      // A voided folio has no instance to show (reservations of Camunda starts: see index.ts).
      const filter: Filter = { ...(folio ? { folio: folio.folio } : { $text: q }), processInstanceKey: { $ne: '' } };
      const visible = await access.visibleKeys(user);
      const at = now();
      const hits: Array<{ doc: CaseDoc; key: string }> = [];
      const tasks: TaskItem[] = [];
      let after: string | undefined;
      let scanned = 0;
      do {
        const page = await cases.collection.find(filter, { sort: [NEWEST_FIRST, LATEST_KEY_FIRST], limit: SCAN_PAGE, ...(after ? { after } : {}) });
        for (const doc of page.items) {
          // The instance the caller may open: the case's root, else one of its called instances they see.
          const key = visible === 'all' ? doc.processInstanceKey : [doc.processInstanceKey, ...(doc.instanceKeys ?? [])].find((k) => visible.has(k));
          if (key !== undefined && hits.length < limit) hits.push({ doc, key });
          if (tasks.length < limit) {
            const ref = refOf(doc);
            for (const task of await openTasksOf(user, doc)) if (tasks.length < limit) tasks.push(taskItemOf(task, at, ref));
          }
          if (hits.length >= limit && tasks.length >= limit) break;
        }
        scanned += page.items.length;
        after = hits.length >= limit && tasks.length >= limit ? undefined : page.nextCursor;
      } while (after && scanned < SEARCH_SCAN_MAX);

      // Whether each found instance still runs, in one query.
      const running = new Set<string>();
      if (hits.length) {
        const { items } = await engine.searchProcessInstances({ filter: { processInstanceKey: { $in: hits.map((h) => h.key) }, state: 'ACTIVE' }, page: { limit: hits.length } });
        for (const instance of items) running.add(instance.processInstanceKey);
      }
      return {
        instances: hits.map(({ doc, key }) => ({
          folio: doc.folio,
          processInstanceKey: key,
          processDefinitionId: doc.processDefinitionId,
          processName: doc.processName,
          startedAt: doc.startedAt,
          state: running.has(key) ? 'open' : 'closed',
          ...(doc.requester ? { requester: doc.requester.nombre } : {}),
          ...(doc.summary ? { summary: doc.summary } : {}),
          ...(doc.ticket ? { ticket: doc.ticket } : {}),
          ...(doc.kiosk ? { kiosk: doc.kiosk } : {}),
        })),
        tasks,
      };
    },
  };
}
