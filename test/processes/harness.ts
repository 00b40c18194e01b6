// The manual's models end to end: Oficio (createOficio) on an in-memory store with the manual clock,
// every model in processes/ deployed, every worker in workers/ running, and a real SMTP server on
// loopback receiving what notify.email sends.
import { SMTPServer } from 'smtp-server';
import { parseMail } from '../mime.js';
import type { EmbeddedEngine, ManualClock } from '../../server/engine/embedded/index.js';
import { PROCESSES_DIR } from '../../server/oficio.js';
import type { Store } from '../../server/store/port.js';
import type { UserTaskResult, Variables } from '../../server/engine/port.js';
import { createTestOficio, type TestOficio } from '../support/oficio.js';
import { waitFor } from '../support/wait-for.js';

export { PROCESSES_DIR };
export const START = '2026-03-02T09:00:00.000Z'; // a Monday, 03:00 in Aguascalientes

export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

export interface ProcessHarness {
  engine: EmbeddedEngine;
  clock: ManualClock;
  store: Store;
  /** Every e-mail the SMTP server received, in order. */
  mails: Mail[];
  /** The whole Oficio: its users (identity), the catalogue that starts as a user, the tasklist that works tasks as one. */
  oficio: TestOficio;
  close(): Promise<void>;
}

/** Starts a real SMTP server on 127.0.0.1 (a free port) that keeps what it receives. */
export async function startSmtp(mails: Mail[]): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function createProcessHarness(options: { deploy?: boolean } = {}): Promise<ProcessHarness> {
  const mails: Mail[] = [];
  const smtp = await startSmtp(mails);
  const oficio = await createTestOficio({
    start: START,
    workers: { mail: { smtp: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true }, from: 'Oficio <oficio@aguascalientes.gob.mx>' } },
  });
  oficio.workers.start();
  if (options.deploy !== false) await oficio.deployFolder(PROCESSES_DIR);
  return {
    engine: oficio.engine,
    clock: oficio.clock,
    store: oficio.store,
    mails,
    oficio,
    async close() {
      await oficio.close();
      await smtp.close();
    },
  };
}

/** Where an instance stands, for a timeout message: its state, active elements and incidents. */
async function whereItStands(h: ProcessHarness, processInstanceKey: string): Promise<string> {
  const instance = await h.engine.getProcessInstance({ processInstanceKey });
  const active = await h.engine.searchElementInstances({ filter: { processInstanceKey, state: 'ACTIVE' } });
  const incidents = await h.engine.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } });
  return `instance ${processInstanceKey} is ${instance.state}; active: ${active.items.map((e) => e.elementId).join(', ') || 'none'}; incidents: ${incidents.items.map((i) => `${i.elementId}: ${i.errorMessage}`).join(' | ') || 'none'}`;
}

/** Waits until the instance has an open user task at `elementId` (workers run asynchronously). */
export async function taskAt(h: ProcessHarness, processInstanceKey: string, elementId: string, timeoutMs = 5000): Promise<UserTaskResult & { userTaskKey: string }> {
  return waitFor(
    async () => {
      await h.engine.idle();
      const { items } = await h.engine.searchUserTasks({ filter: { processInstanceKey, elementId, state: 'CREATED' } });
      return items[0] as (UserTaskResult & { userTaskKey: string }) | undefined;
    },
    timeoutMs,
    `an open task '${elementId}'`,
    { explain: () => whereItStands(h, processInstanceKey) },
  );
}

/** Completes the open task at `elementId` with form data. */
export async function completeTask(h: ProcessHarness, processInstanceKey: string, elementId: string, variables: Variables = {}) {
  const task = await taskAt(h, processInstanceKey, elementId);
  await h.engine.completeUserTask({ userTaskKey: task.userTaskKey, variables });
  await h.engine.idle();
  return task;
}

/** Waits for the instance to reach a state; on timeout, says where it stands. */
export async function settled(h: ProcessHarness, processInstanceKey: string, state: 'COMPLETED' | 'TERMINATED' | 'ACTIVE' = 'COMPLETED', timeoutMs = 5000) {
  return waitFor(
    async () => {
      await h.engine.idle();
      const instance = await h.engine.getProcessInstance({ processInstanceKey });
      return instance.state === state ? instance : undefined;
    },
    timeoutMs,
    `instance ${processInstanceKey} to be ${state}`,
    { explain: () => whereItStands(h, processInstanceKey) },
  );
}

/** The ids of the elements that completed, in order. */
export async function path(h: ProcessHarness, processInstanceKey: string): Promise<string[]> {
  const { items } = await h.engine.searchElementInstances({
    filter: { processInstanceKey, state: 'COMPLETED' },
    sort: [{ field: 'elementInstanceKey', order: 'ASC' }],
    page: { limit: 1000 },
  });
  return items.map((i) => i.elementId);
}

export async function variablesOf(h: ProcessHarness, processInstanceKey: string): Promise<Variables> {
  const { items } = await h.engine.searchVariables({ filter: { processInstanceKey, scopeKey: processInstanceKey }, page: { limit: 1000 } });
  return Object.fromEntries(items.map((v) => [v.name, JSON.parse(v.value)]));
}

/** The readable text of a received e-mail: its decoded subject and text body. */
export function decodeMail(raw: string): string {
  const mail = parseMail(raw);
  return `${mail.subject}\n${mail.text ?? mail.html ?? ''}`;
}
