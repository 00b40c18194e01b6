// The e-mail a user asked for when a task arrives: for one of their groups (a task offered to them),
// or assigned to them as it was created. Sent through the outbox after the task's creation committed,
// once per task and user whatever tells it (the engine, a poll, the catch-up at start, two servers):
// a record per (task, user) is written in the same transaction as the message, and a second attempt
// conflicts on it and sends nothing.
import type { UserTaskResult } from '../../engine/port.js';
import { t } from '../../i18n/index.js';
import type { Logger } from '../../log.js';
import { ConflictError, type Store } from '../../store/port.js';
import type { User } from '../identity/index.js';
import type { MailOutbox } from '../mail/outbox.js';
import { isCandidate } from '../tasks/index.js';
import type { UserPreferences } from './preferences.js';

/** One document per (task, user) mailed: `<userTaskKey>:<userId>`. */
export const TASK_MAILS = 'live_task_mails';

export interface TaskMailDoc {
  userTaskKey: string;
  userId: string;
  outboxId: string;
  at: string;
}

/** Where the links in e-mails point, and in which language they are written. */
export interface MailLinks {
  /** The address people open Oficio at (config OFICIO_PUBLIC_URL), without a trailing slash. */
  publicUrl: string;
}

/** The link to a task's page. */
export const taskLink = (links: MailLinks, userTaskKey: string) => `${links.publicUrl}/tareas/${encodeURIComponent(userTaskKey)}`;

export interface TaskMailer {
  /** Mails everyone who asked to be told of this new task, once each; answers how many were queued. */
  taskArrived(task: UserTaskResult): Promise<number>;
}

export function createTaskMailer(deps: {
  store: Store;
  outbox: MailOutbox & { wake?(): void };
  preferences: Pick<UserPreferences, 'optedIn'>;
  folioOf(processInstanceKey: string | undefined): Promise<string | null>;
  groupName(group: string): string;
  links: MailLinks;
  now: () => Date;
  log: Logger;
}): TaskMailer {
  const { store, outbox, preferences, folioOf, groupName, links, now } = deps;

  /** Who is told: the holder when it was assigned at once, else every candidate — among those who asked and have an address. */
  const recipients = (task: UserTaskResult, optedIn: User[]) =>
    optedIn.filter((user) => user.active && !!user.email && (task.assignee ? task.assignee === user.username : isCandidate(user, task)));

  return {
    async taskArrived(task) {
      if (task.state && task.state !== 'CREATED') return 0;
      const key = task.userTaskKey;
      if (!key) return 0;
      const who = recipients(task, await preferences.optedIn());
      if (who.length === 0) return 0;
      const folio = await folioOf(task.processInstanceKey);
      const name = task.name ?? task.elementId ?? '';
      const mine = (task.candidateGroups ?? []).map(String);
      let queued = 0;
      for (const user of who) {
        const group = mine.find((g) => (user.groups as readonly string[]).includes(g));
        const where = task.assignee
          ? t('es', 'live.mail.taskArrived.forYou')
          : t('es', 'live.mail.taskArrived.forGroup', { group: group ? groupName(group) : mine.map(groupName).join(', ') });
        const subject = folio ? t('es', 'live.mail.taskArrived.subjectFolio', { task: name, folio }) : t('es', 'live.mail.taskArrived.subject', { task: name });
        const text = t('es', 'live.mail.taskArrived.text', {
          name: user.displayName,
          where,
          task: name,
          process: task.processName ?? task.processDefinitionId ?? '',
          folio: folio ? t('es', 'live.mail.folioLine', { folio }) : '',
          link: taskLink(links, key),
        });
        try {
          await store.transaction(async (tx) => {
            const outboxId = await outbox.enqueue(tx, {
              to: [user.email!],
              subject,
              text,
              origin: { kind: 'task-notification', userTaskKey: key, ...(task.processInstanceKey ? { processInstanceKey: task.processInstanceKey } : {}) },
            });
            await tx.collection<TaskMailDoc>(TASK_MAILS).insert({ id: `${key}:${user.id}`, userTaskKey: key, userId: user.id, outboxId, at: now().toISOString() });
          });
          queued++;
        } catch (error) {
          // Already mailed (told twice: a poll and the catch-up, two servers): nothing more to send.
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      if (queued) outbox.wake?.();
      return queued;
    },
  };
}
