// Warning a group's lead before an open task of the group breaches its due date: when the task turns
// 'due-soon' (the tasklist's own threshold, server/core/tasks/sla.ts DUE_SOON_FRACTION: a fifth of
// its creation→due span left), the lead of each of its candidate groups (identity_groups) is told
// once — on their event stream, in their list of warnings, and by mail through the outbox.
//
// Each task with a due date gets a record when it is created (SLA_WARNINGS, id = the task's key,
// state 'scheduled' with the instant to warn at, indexed); one timer waits for the earliest, on the
// engine's clock. The warning, its mails and its audit event commit with the record turned 'warned'
// by a versioned update, so a task is warned once even across restarts and with several processes.
// A task that ends first is dropped; one already past its due date when its turn comes (the server
// was down meanwhile) is recorded as missed, without a warning that could no longer come before.
import type { SlaWarning } from '../../../contracts/api/events.js';
import { EngineError, type EnginePort, type UserTaskResult } from '../../engine/port.js';
import { t } from '../../i18n/index.js';
import type { Logger } from '../../log.js';
import { ConflictError, type Store, type Stored } from '../../store/port.js';
import type { AuditTrail } from '../audit/index.js';
import type { GroupLeads, User } from '../identity/index.js';
import type { MailOutbox } from '../mail/outbox.js';
import { dueSoonAt } from '../tasks/index.js';
import { taskLink, type MailLinks } from './notify.js';

export const SLA_WARNINGS = 'live_sla_warnings';

/** scheduled → warned → closed (the task ended); scheduled → dropped (ended before its warning) or missed (past due when its turn came). */
export type SlaWarningState = 'scheduled' | 'warned' | 'closed' | 'dropped' | 'missed';

export interface SlaWarningDoc {
  userTaskKey: string;
  processInstanceKey: string;
  state: SlaWarningState;
  /** When the task turns due-soon: the warning's time. */
  warnAt: string;
  dueDate: string;
  /** The leads warned (user names), for their list of warnings. */
  leads?: string[];
  /** The warnings given, one per lead. */
  warnings?: SlaWarning[];
  warnedAt?: string;
}

/** What the scheduler waits with: the engine's clock (a manual one in tests). Structurally the engine's Clock. */
export interface WakeClock {
  now(): number;
  wakeAt(purpose: string, atMs: number, wake: () => Promise<void>): void;
}

/** Records warned per round, at most. */
const BATCH = 50;
/** Warnings a lead's list shows, at most. */
export const MAX_LISTED_WARNINGS = 50;
const PURPOSE = 'oficio.sla-warnings';
/** The time zone dates are written in, in mails (Aguascalientes). */
const MAIL_TIME_ZONE = 'America/Mexico_City';
const mailDate = new Intl.DateTimeFormat('es-MX', { dateStyle: 'long', timeStyle: 'short', timeZone: MAIL_TIME_ZONE });

export interface SlaWarnings {
  /** Schedules the task's warning (a new task with a due date); nothing when it has none or it is scheduled already. */
  watch(task: UserTaskResult): Promise<void>;
  /** The task ended: no warning for it any more. */
  ended(task: UserTaskResult): Promise<void>;
  /** The warnings given to `user` as a lead, for tasks still open, newest first. */
  forLead(user: User): Promise<SlaWarning[]>;
  /** Arms the timer on the earliest scheduled warning (at start). */
  start(): Promise<void>;
  stop(): void;
}

export interface SlaWarningDeps {
  store: Store;
  engine: Pick<EnginePort, 'getUserTask'>;
  audit: Pick<AuditTrail, 'record'>;
  outbox: MailOutbox & { wake?(): void };
  leads: GroupLeads;
  findUser(username: string): Promise<User | undefined>;
  folioOf(processInstanceKey: string | undefined): Promise<string | null>;
  groupName(group: string): string;
  /** Tells the lead in the app (their event stream). */
  notify(lead: string, warning: SlaWarning): void;
  clock: WakeClock;
  links: MailLinks;
  log: Logger;
}

export function createSlaWarnings(deps: SlaWarningDeps): SlaWarnings {
  const { store, engine, audit, outbox, leads, findUser, folioOf, groupName, notify, clock, links, log } = deps;
  const records = store.collection<SlaWarningDoc>(SLA_WARNINGS, {
    indexes: [{ fields: ['state', 'warnAt'] }, { fields: ['leads', 'state', 'warnedAt'], multikey: 'leads' }],
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  let armedAt: number | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  function arm(atMs: number) {
    if (stopped || (armedAt !== undefined && armedAt <= atMs)) return;
    armedAt = atMs;
    clock.wakeAt(PURPOSE, atMs, () => {
      armedAt = undefined;
      running = running.then(round, round);
      return running;
    });
  }

  async function armNext() {
    const { items } = await records.find({ state: 'scheduled' }, { sort: [{ field: 'warnAt' }], limit: 1 });
    if (items[0]) arm(Date.parse(items[0].warnAt));
  }

  async function round() {
    if (stopped) return;
    try {
      for (;;) {
        const { items } = await records.find({ state: 'scheduled', warnAt: { $lte: iso(clock.now()) } }, { sort: [{ field: 'warnAt' }], limit: BATCH });
        for (const record of items) {
          if (stopped) return;
          await warn(record).catch((error: unknown) => log.error({ err: error, userTaskKey: record.id }, 'SLA warning failed; it is tried again at the next warning'));
        }
        if (items.length < BATCH) break;
      }
      await armNext();
    } catch (error) {
      log.error({ err: error }, 'SLA warnings round failed');
    }
  }

  /** Moves the record on (another process may have done it first: then nothing). */
  async function settle(record: Stored<SlaWarningDoc>, state: SlaWarningState) {
    const { id, version, ...fields } = record;
    await records.update(id, { ...fields, state }, version).catch((error: unknown) => {
      if (!(error instanceof ConflictError)) throw error;
    });
  }

  async function warn(record: Stored<SlaWarningDoc>) {
    const task = await engine.getUserTask({ userTaskKey: record.id }).catch((error: unknown) => {
      if (error instanceof EngineError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    });
    if (!task || task.state !== 'CREATED') return settle(record, 'dropped');
    const dueDate = task.dueDate ?? record.dueDate;
    if (clock.now() >= Date.parse(dueDate)) return settle(record, 'missed');

    const groups = (task.candidateGroups ?? []).map(String);
    const byGroup = await leads.leadsOf(groups);
    // One warning per lead, naming the first of the task's groups they lead.
    const people = new Map<string, { user: User; group: string }>();
    for (const group of groups) {
      const username = byGroup.get(group);
      if (!username || people.has(username)) continue;
      const user = await findUser(username);
      if (user?.active) people.set(username, { user, group });
    }
    const folio = await folioOf(task.processInstanceKey);
    const warnedAt = iso(clock.now());
    const name = task.name ?? task.elementId ?? '';
    const warnings: Array<{ lead: string; warning: SlaWarning }> = [...people].map(([lead, { group }]) => ({
      lead,
      warning: {
        userTaskKey: record.id,
        taskName: name,
        processName: task.processName ?? task.processDefinitionId ?? '',
        processInstanceKey: task.processInstanceKey ?? record.processInstanceKey,
        folio,
        group,
        dueDate,
        warnedAt,
      },
    }));
    const committed = await store
      .transaction(async (tx) => {
        const collection = tx.collection<SlaWarningDoc>(SLA_WARNINGS);
        const current = await collection.get(record.id);
        if (!current || current.state !== 'scheduled') return false;
        const { id, version, ...fields } = current;
        await collection.update(id, { ...fields, state: 'warned', dueDate, leads: warnings.map((w) => w.lead), warnings: warnings.map((w) => w.warning), warnedAt }, version);
        for (const { lead, warning } of warnings) {
          const { user } = people.get(lead)!;
          if (!user.email) continue;
          const params = {
            name: user.displayName,
            task: name,
            process: warning.processName,
            group: groupName(warning.group),
            due: mailDate.format(new Date(dueDate)),
            folio: folio ? t('es', 'live.mail.folioLine', { folio }) : '',
            holder: task.assignee ? t('es', 'live.mail.slaWarning.heldBy', { assignee: task.assignee }) : t('es', 'live.mail.slaWarning.unclaimed'),
            link: taskLink(links, record.id),
          };
          await outbox.enqueue(tx, {
            to: [user.email],
            subject: folio ? t('es', 'live.mail.slaWarning.subjectFolio', { task: name, folio }) : t('es', 'live.mail.slaWarning.subject', { task: name }),
            text: t('es', 'live.mail.slaWarning.text', params),
            origin: { kind: 'sla-warning', userTaskKey: record.id, processInstanceKey: warning.processInstanceKey },
          });
        }
        await audit.record(
          {
            actor: 'system',
            action: 'task.slaWarning',
            userTaskKey: record.id,
            processInstanceKey: task.processInstanceKey ?? record.processInstanceKey,
            data: { dueDate, leads: warnings.map((w) => ({ lead: w.lead, group: w.warning.group })) },
          },
          tx,
        );
        return true;
      })
      .catch((error: unknown) => {
        // Another process warned first.
        if (error instanceof ConflictError) return false;
        throw error;
      });
    if (!committed) return;
    for (const { lead, warning } of warnings) notify(lead, warning);
    outbox.wake?.();
  }

  return {
    async watch(task) {
      const key = task.userTaskKey;
      const at = dueSoonAt(task);
      if (!key || at === undefined || !task.dueDate || (task.state && task.state !== 'CREATED')) return;
      try {
        await records.insert({ id: key, userTaskKey: key, processInstanceKey: task.processInstanceKey ?? '', state: 'scheduled', warnAt: iso(at), dueDate: task.dueDate });
      } catch (error) {
        if (error instanceof ConflictError) return;
        throw error;
      }
      arm(at);
    },
    async ended(task) {
      const key = task.userTaskKey;
      if (!key) return;
      const record = await records.get(key);
      if (record?.state === 'scheduled') await settle(record, 'dropped');
      else if (record?.state === 'warned') await settle(record, 'closed');
    },
    async forLead(user) {
      const { items } = await records.find({ leads: { $contains: user.username }, state: 'warned' }, { sort: [{ field: 'warnedAt', order: 'desc' }], limit: MAX_LISTED_WARNINGS * 2 });
      const open: SlaWarning[] = [];
      for (const record of items) {
        if (open.length >= MAX_LISTED_WARNINGS) break;
        const task = await engine.getUserTask({ userTaskKey: record.id }).catch(() => undefined);
        if (task?.state !== 'CREATED') continue;
        const mine = record.warnings?.find((w, i) => record.leads?.[i] === user.username);
        if (mine) open.push(mine);
      }
      return open;
    },
    async start() {
      stopped = false;
      await armNext();
    },
    stop() {
      stopped = true;
    },
  };
}
