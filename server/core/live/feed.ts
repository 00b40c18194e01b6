// What the live tasklist, the e-mail opt-in and the SLA warnings learn from the engine: user tasks
// created, assigned, unassigned, completed or cancelled, after the change committed, in order. One
// interface whichever engine runs: the embedded engine tells each change after its step commits
// (server/oficio.ts wires its onUserTask to publish); on Camunda a poller reads searchUserTasks every
// CAMUNDA_POLL_MS (config) and tells the differences it sees.
import type { EnginePort, UserTaskResult } from '../../engine/port.js';
import type { Logger } from '../../log.js';

export type TaskChangeKind = 'created' | 'assigned' | 'unassigned' | 'completed' | 'canceled';

export interface TaskChange {
  change: TaskChangeKind;
  /** The task as the change left it. */
  task: UserTaskResult;
  /** Who held it before an assignment or unassignment, when known. */
  previousAssignee?: string;
}

export type TaskChangeListener = (change: TaskChange) => void;

export interface TaskFeed {
  /** Tells `listener` every change from now on; answers how to stop. */
  subscribe(listener: TaskChangeListener): () => void;
}

export interface TaskFeedSource extends TaskFeed {
  /** Tells every listener; one that throws is logged and the others are still told. */
  publish(change: TaskChange): void;
}

export function createTaskFeed(log: Logger): TaskFeedSource {
  const listeners = new Set<TaskChangeListener>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(change) {
      for (const listener of listeners) {
        try {
          listener(change);
        } catch (error) {
          log.error({ err: error, userTaskKey: change.task.userTaskKey }, 'a task change listener failed');
        }
      }
    },
  };
}

/** How often the Camunda poller reads the open tasks, by default (config: OFICIO_CAMUNDA_TASK_POLL_SECONDS). */
export const CAMUNDA_POLL_MS = 5_000;
/**
 * The open tasks the poller follows: the most recently created ones, one search per poll. A change to
 * an older open task (a claim) is not seen live: the list shows it at its next reload.
 */
export const CAMUNDA_POLL_WINDOW = 500;

/**
 * Polls `engine.searchUserTasks` (Camunda) and publishes what changed since the previous poll: a new
 * open task (created), a different assignee (assigned, unassigned), an open task gone from the list
 * (completed or canceled, as the engine then says). The first poll only takes stock. A task created
 * and finished between two polls is never seen.
 */
export function pollTaskChanges(
  engine: Pick<EnginePort, 'searchUserTasks' | 'getUserTask'>,
  publish: (change: TaskChange) => void,
  options: { intervalMs?: number; window?: number; log: Logger },
): { stop(): void } {
  const intervalMs = options.intervalMs ?? CAMUNDA_POLL_MS;
  const window = options.window ?? CAMUNDA_POLL_WINDOW;
  let known: Map<string, UserTaskResult> | undefined;
  let polling = false;
  let stopped = false;

  async function poll() {
    if (polling || stopped) return;
    polling = true;
    try {
      const { items } = await engine.searchUserTasks({ filter: { state: 'CREATED' }, sort: [{ field: 'creationDate', order: 'DESC' }], page: { limit: window } });
      const now = new Map(items.filter((task) => task.userTaskKey).map((task) => [task.userTaskKey!, task]));
      const previous = known;
      known = now;
      if (!previous) return;
      // When the previous window was full, a task older than its edge only scrolled into view as others ended.
      const edge = previous.size >= window ? [...previous.values()].reduce((min, t) => ((t.creationDate ?? '') < min ? (t.creationDate ?? '') : min), '\uffff') : undefined;
      // Oldest first, as the embedded engine tells them.
      for (const task of [...now.values()].reverse()) {
        const before = previous.get(task.userTaskKey!);
        if (!before) {
          if (edge === undefined || (task.creationDate ?? '') > edge) publish({ change: 'created', task });
        } else if ((before.assignee ?? '') !== (task.assignee ?? '')) {
          publish({ change: task.assignee ? 'assigned' : 'unassigned', task, ...(before.assignee ? { previousAssignee: before.assignee } : {}) });
        }
      }
      for (const [key, before] of previous) {
        if (now.has(key) || stopped) continue;
        const task = await engine.getUserTask({ userTaskKey: key }).catch(() => undefined);
        // Still open: it only left the window.
        if (!task || task.state === 'CREATED') continue;
        publish({ change: task.state === 'COMPLETED' ? 'completed' : 'canceled', task, ...(before.assignee ? { previousAssignee: before.assignee } : {}) });
      }
    } catch (error) {
      options.log.warn({ err: error }, 'polling the user tasks failed; trying again at the next poll');
    } finally {
      polling = false;
    }
  }
  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref();
  void poll();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
