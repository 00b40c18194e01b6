// The outbox: every e-mail the platform sends (task notifications, replies to requesters, SLA
// warnings) is written here in the same store transaction as the action that sends it, and
// delivered apart from it — over SMTP when one is configured, with retries and backoff — so no
// action ever waits for, or fails because of, a mail server. With no SMTP configured messages wait.
import type { Transaction } from '../../store/port.js';

export const OUTBOX = 'mail_outbox';

export interface OutboxMessage {
  to: string[];
  subject: string;
  text: string;
  /** What sent it, for the instance page and the admin: a note, a task notification, an SLA warning … */
  origin: { kind: 'note' | 'task-notification' | 'sla-warning' | 'process'; processInstanceKey?: string; userTaskKey?: string };
}

export interface MailOutbox {
  /** Queues `message` inside `tx`: it exists exactly when the action that sends it committed. Answers its id. */
  enqueue(tx: Transaction, message: OutboxMessage): Promise<string>;
}
