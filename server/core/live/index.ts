// The live side of the tasklist, put together: the feed of task changes (the embedded engine's
// listener or the Camunda poller publish into it), the per-user event streams, the e-mail a user asked
// for when a task arrives, and the SLA warnings to groups' leads. What the feed tells is acted on after
// the change committed; a process that stops between a commit and that (a crash) catches up at its
// next start: the open tasks created since its previous start are mailed and scheduled again, which
// sends nothing twice (each is recorded once per task and user, or per task).
import type { EnginePort, UserTaskResult } from '../../engine/port.js';
import type { Logger } from '../../log.js';
import { ConflictError, type Store } from '../../store/port.js';
import type { AuditTrail } from '../audit/index.js';
import { CANDIDATE_GROUPS, createGroupLeads, type User } from '../identity/index.js';
import type { MailOutbox } from '../mail/outbox.js';
import type { TaskItem } from '../tasks/index.js';
import { createLiveEvents, type LiveEvents, type LiveEventSettings } from './events.js';
import { createTaskFeed, type TaskChange, type TaskFeedSource } from './feed.js';
import { createTaskMailer, type MailLinks, type TaskMailer } from './notify.js';
import { createUserPreferences, type UserPreferences } from './preferences.js';
import { createSlaWarnings, type SlaWarnings, type WakeClock } from './sla-warnings.js';

export { CAMUNDA_POLL_MS, CAMUNDA_POLL_WINDOW, pollTaskChanges, type TaskChange, type TaskFeed } from './feed.js';
export { DEFAULT_LIVE_EVENT_SETTINGS, type LiveEvent, type LiveEvents, type LiveEventSettings, type LiveStream } from './events.js';
export { PREFERENCES, type Preferences, type PreferencesView, type UserPreferences } from './preferences.js';
export { SLA_WARNINGS, type SlaWarningDoc, type SlaWarnings } from './sla-warnings.js';
export { TASK_MAILS, type MailLinks } from './notify.js';

/** Where the catch-up of the previous start left off. */
export const LIVE_STATE = 'live_state';
interface LiveStateDoc {
  /** Open tasks created at or after this instant (less CATCH_UP_SLACK_MS) are looked at again at the next start. */
  since: string;
}
/** Steps that committed a little before the catch-up's mark are looked at too. */
const CATCH_UP_SLACK_MS = 60_000;
const CATCH_UP_PAGE = 200;

export interface LiveSettings extends Partial<LiveEventSettings>, MailLinks {}

export interface Live {
  /** Where engine adapters tell task changes (the embedded engine's onUserTask; the Camunda poller). */
  readonly feed: TaskFeedSource;
  readonly events: LiveEvents;
  readonly preferences: UserPreferences;
  readonly slaWarnings: SlaWarnings;
  readonly mailer: TaskMailer;
  /** Starts the SLA timer and the catch-up of what a stopped process left undone (in the background). */
  start(): void;
  /** Resolves when the catch-up and the changes told so far have been acted on (tests). */
  idle(): Promise<void>;
  /** Ends every stream, stops the timer and waits for the work already begun (a catch-up stops at its next task). */
  stop(): Promise<void>;
}

export interface LiveDeps {
  store: Store;
  engine: EnginePort;
  audit: AuditTrail;
  outbox: MailOutbox & { wake?(): void };
  /** Where the engine adapter tells task changes (made here when not given). */
  feed?: TaskFeedSource;
  /** The folio of the case an instance belongs to (server/core/cases); null without one. */
  folioOf(processInstanceKey: string | undefined): Promise<string | null>;
  /** A task as a tasklist row (tasklist.item). */
  present(task: UserTaskResult): Promise<TaskItem>;
  getUser(id: string): Promise<User | undefined>;
  findUser(username: string): Promise<User | undefined>;
  clock: WakeClock;
  now: () => Date;
  log: Logger;
  settings: LiveSettings;
}

const groupName = (id: string) => CANDIDATE_GROUPS.find((g) => g.id === id)?.name.es ?? id;

export function createLive(deps: LiveDeps): Live {
  const { store, engine, audit, outbox, now, log, settings } = deps;
  const links: MailLinks = { publicUrl: settings.publicUrl.replace(/\/+$/, '') };
  const feed = deps.feed ?? createTaskFeed(log);
  const events = createLiveEvents({ feed, present: deps.present, now, log, settings });
  const preferences = createUserPreferences({ store, audit, now, getUser: deps.getUser });
  const { folioOf } = deps;
  const mailer = createTaskMailer({ store, outbox, preferences, folioOf, groupName, links, now, log });
  const slaWarnings = createSlaWarnings({
    store,
    engine,
    audit,
    outbox,
    leads: createGroupLeads(store),
    findUser: deps.findUser,
    folioOf,
    groupName,
    notify: (lead, warning) => events.slaWarning(lead, warning),
    clock: deps.clock,
    links,
    log,
  });
  const state = store.collection<LiveStateDoc>(LIVE_STATE);

  /** What a change asks of the mailer and the SLA warnings, one change after the other. */
  let work: Promise<void> = Promise.resolve();
  const act = (what: string, userTaskKey: string | undefined, job: () => Promise<unknown>) => {
    work = work.then(job).then(
      () => undefined,
      (error: unknown) => log.error({ err: error, userTaskKey }, `${what} failed`),
    );
  };
  const unsubscribe = feed.subscribe((change: TaskChange) => {
    const { task } = change;
    if (change.change === 'created') {
      act('task e-mail', task.userTaskKey, () => mailer.taskArrived(task));
      act('SLA warning schedule', task.userTaskKey, () => slaWarnings.watch(task));
    } else if (change.change === 'completed' || change.change === 'canceled') {
      act('SLA warning drop', task.userTaskKey, () => slaWarnings.ended(task));
    }
  });

  /**
   * The open tasks created since the previous start: mailed and scheduled again (once each, whatever
   * was done before). On the very first start only the SLA warnings of every open task are scheduled:
   * nobody asked for mails about tasks that existed before.
   */
  async function catchUp() {
    const startedAt = now().toISOString();
    const mark = await state.get('catch-up');
    const since = mark ? new Date(Date.parse(mark.since) - CATCH_UP_SLACK_MS).toISOString() : undefined;
    let after: string | undefined;
    do {
      const page = await engine.searchUserTasks({
        filter: { state: 'CREATED', ...(since ? { creationDate: { $gte: since } } : { dueDate: { $exists: true } }) },
        sort: [{ field: 'creationDate', order: 'ASC' }],
        page: { limit: CATCH_UP_PAGE, ...(after ? { after } : {}) },
      });
      for (const task of page.items) {
        if (stopping) return;
        if (since) await mailer.taskArrived(task);
        await slaWarnings.watch(task);
      }
      after = page.items.length === CATCH_UP_PAGE ? page.page.endCursor : undefined;
      // Other work goes on between pages.
      await new Promise((resolve) => setImmediate(resolve));
    } while (after);
    try {
      if (mark) await state.update('catch-up', { since: startedAt }, mark.version);
      else await state.insert({ id: 'catch-up', since: startedAt });
    } catch (error) {
      // Another process starting at the same time moved the mark: either mark will do.
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  let started = false;
  let stopping = false;
  return {
    feed,
    events,
    preferences,
    slaWarnings,
    mailer,
    start() {
      if (started) return;
      started = true;
      act('SLA warnings start', undefined, () => slaWarnings.start());
      act('catch-up of task e-mails and SLA warnings', undefined, catchUp);
    },
    idle: () => work,
    async stop() {
      stopping = true;
      unsubscribe();
      events.stop();
      slaWarnings.stop();
      // A store closed under a running catch-up would fail it: the close waits for it instead.
      await work;
    },
  };
}
