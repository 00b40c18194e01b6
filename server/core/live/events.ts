// The live tasklist's events, per signed-in user: every task change the feed tells, as the tasklist
// row it leaves (the same row GET /api/tasks answers), to the users who may see that task — the
// tasklist's own rule (isVisible), never a copy — and the SLA warnings meant for a group's lead.
// Streams are bounded per user and in total; the last events are kept in a bounded ring so a client
// that reconnects with the id of the last event it saw gets what it missed, or is told to reload its
// list when that is no longer there (or the server restarted: ids carry the server's boot id).
//
// The transport (server-sent events over HTTP: server/http/routes/events.ts) is the route's; this
// module holds who listens and what they are sent.
import { randomBytes } from 'node:crypto';
import type { SlaWarning } from '../../../contracts/api/events.js';
import type { UserTaskResult } from '../../engine/port.js';
import { DomainError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { User } from '../identity/index.js';
import { isVisible, type TaskItem } from '../tasks/index.js';
import type { TaskChange, TaskChangeKind, TaskFeed } from './feed.js';

export interface LiveEventSettings {
  /** Open streams one user may have (tabs, devices); one more is a 429. */
  maxStreamsPerUser: number;
  /** Open streams in all; one more is a 503. */
  maxStreams: number;
  /** Events kept for clients that reconnect. */
  replayEvents: number;
  /** How often an open stream is kept alive and its session checked, in seconds. */
  heartbeatSeconds: number;
}

export const DEFAULT_LIVE_EVENT_SETTINGS: LiveEventSettings = { maxStreamsPerUser: 5, maxStreams: 1000, replayEvents: 1000, heartbeatSeconds: 25 };

/** One event as a stream sends it: its id, its name and its JSON data. */
export interface LiveEvent {
  id: string;
  event: 'task' | 'sla-warning' | 'reload';
  data: TaskEventData | SlaWarning | { reason: 'unknown-id' | 'too-old' };
}

export interface TaskEventData {
  change: TaskChangeKind;
  task: TaskItem;
  at: string;
}

interface Kept extends LiveEvent {
  seq: number;
  /** Who may receive it (as they are when it is sent). */
  audience(user: User): boolean;
}

interface Listener {
  user: User;
  sessionId: string;
  send(event: LiveEvent): void;
  end(): void;
}

export interface LiveStream {
  /** The user as the session now says (groups and roles may change while the stream is open). */
  setUser(user: User): void;
  /** Stops sending to it (the client left, or the route ends it). */
  close(): void;
}

export interface LiveEvents {
  /**
   * Opens a stream for `user`: sends what they missed since `lastEventId` (or a reload event when that
   * is gone), then every event meant for them until closed. Refused with 429 beyond the user's limit,
   * 503 beyond the server's.
   */
  open(options: { user: User; sessionId: string; lastEventId?: string | undefined; send(event: LiveEvent): void; end(): void }): LiveStream;
  /** Sends an SLA warning to the lead it is meant for (and keeps it for reconnecting clients). */
  slaWarning(lead: string, warning: SlaWarning): void;
  /** Ends every stream of a session (signed out). */
  endSession(sessionId: string): void;
  /** Ends every stream (the server is stopping). */
  close(): void;
  /** How many streams are open. */
  readonly openStreams: number;
  /** How often the transport keeps a stream alive and checks its session. */
  readonly heartbeatMs: number;
}

export interface LiveEventDeps {
  feed: TaskFeed;
  /** The task as a tasklist row. */
  present(task: UserTaskResult): Promise<TaskItem>;
  now: () => Date;
  log: Logger;
  settings?: Partial<LiveEventSettings>;
}

export function createLiveEvents(deps: LiveEventDeps): LiveEvents & { stop(): void } {
  const settings = { ...DEFAULT_LIVE_EVENT_SETTINGS, ...deps.settings };
  const boot = randomBytes(4).toString('hex');
  const ring: Kept[] = [];
  const listeners = new Set<Listener>();
  let seq = 0;
  /** Events up to this sequence number were not kept (nobody listened): a client behind it reloads. */
  let droppedUpTo = 0;
  /** Changes are presented one after the other, so events keep the order the engine told them in. */
  let queue: Promise<void> = Promise.resolve();

  function keep(event: Omit<Kept, 'seq' | 'id'>) {
    const kept: Kept = { ...event, seq: ++seq, id: `${boot}-${seq}` } as Kept;
    ring.push(kept);
    if (ring.length > settings.replayEvents) ring.shift();
    for (const listener of listeners) deliver(listener, kept);
  }

  function deliver(listener: Listener, kept: Kept) {
    if (!kept.audience(listener.user)) return;
    try {
      listener.send({ id: kept.id, event: kept.event, data: kept.data });
    } catch (error) {
      deps.log.debug({ err: error }, 'an event stream could not be written; closing it');
      listener.end();
    }
  }

  async function onChange(change: TaskChange) {
    // With nobody listening there is nobody to present the row to; a client coming back reloads.
    if (listeners.size === 0) {
      droppedUpTo = ++seq;
      return;
    }
    const item = await deps.present(change.task);
    const task = change.task;
    keep({
      event: 'task',
      data: { change: change.change, task: item, at: deps.now().toISOString() },
      // Only to whoever may see the task as it is now (a holder it was taken from outside their groups reloads to see it gone).
      audience: (user) => isVisible(user, task),
    });
  }

  const unsubscribe = deps.feed.subscribe((change) => {
    queue = queue.then(
      () => onChange(change),
      () => onChange(change),
    );
    queue.catch((error: unknown) => deps.log.error({ err: error, userTaskKey: change.task.userTaskKey }, 'a task event could not be prepared'));
  });

  /** What a client that last saw `lastEventId` missed, or why it must reload. */
  function missed(lastEventId: string | undefined): { reload?: 'unknown-id' | 'too-old'; events: Kept[] } {
    if (!lastEventId) return { events: [] };
    const match = /^([0-9a-f]+)-(\d+)$/.exec(lastEventId);
    if (!match || match[1] !== boot || Number(match[2]) > seq) return { reload: 'unknown-id', events: [] };
    const last = Number(match[2]);
    const oldest = ring[0]?.seq ?? seq + 1;
    if (last < droppedUpTo || last + 1 < oldest) return { reload: 'too-old', events: [] };
    return { events: ring.filter((e) => e.seq > last) };
  }

  const countOf = (userId: string) => {
    let n = 0;
    for (const listener of listeners) if (listener.user.id === userId) n++;
    return n;
  };

  return {
    open({ user, sessionId, lastEventId, send, end }) {
      if (countOf(user.id) >= settings.maxStreamsPerUser) {
        throw new DomainError(
          'rate-limited',
          'live.tooManyStreams',
          { max: settings.maxStreamsPerUser },
          { details: { limit: 'eventStreamsPerUser', max: settings.maxStreamsPerUser, retryAfterSeconds: 30 } },
        );
      }
      if (listeners.size >= settings.maxStreams) throw new DomainError('unavailable', 'live.serverFull', { max: settings.maxStreams }, { details: { limit: 'eventStreams' } });
      let closed = false;
      const listener: Listener = {
        user,
        sessionId,
        send,
        end() {
          if (closed) return;
          closed = true;
          listeners.delete(listener);
          end();
        },
      };
      // Registered and caught up in one go (no await between): nothing is missed, nothing sent twice.
      listeners.add(listener);
      const { reload, events } = missed(lastEventId);
      if (reload) {
        try {
          send({ id: `${boot}-${seq}`, event: 'reload', data: { reason: reload } });
        } catch {
          listener.end();
        }
      }
      for (const kept of events) deliver(listener, kept);
      return {
        setUser(next) {
          listener.user = next;
        },
        close() {
          if (closed) return;
          closed = true;
          listeners.delete(listener);
        },
      };
    },
    slaWarning(lead, warning) {
      keep({ event: 'sla-warning', data: warning, audience: (user) => user.active && user.username === lead });
    },
    endSession(sessionId) {
      for (const listener of [...listeners]) if (listener.sessionId === sessionId) listener.end();
    },
    close() {
      for (const listener of [...listeners]) listener.end();
    },
    heartbeatMs: settings.heartbeatSeconds * 1000,
    get openStreams() {
      return listeners.size;
    },
    stop() {
      unsubscribe();
      for (const listener of [...listeners]) listener.end();
    },
  };
}
