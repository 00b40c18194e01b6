// What the live tasklist sends by mail, through the outbox to a real SMTP server on loopback: the
// e-mail a user opts into when a task arrives for one of their groups (once per task and user), the
// SLA warning to a group's lead (once per task, also across restarts, on the test clock), and a
// process that goes on when no mail server answers.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOutbox } from '../../server/core/mail/delivery.js';
import { SLA_WARNINGS } from '../../server/core/live/index.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import { bpmn } from '../engine/harness.js';
import { parseMail } from '../mime.js';
import { startSmtp, type Mail } from '../processes/harness.js';
import { waitFor } from '../support/wait-for.js';
import { DEMO_PASSWORD } from './harness.js';
import { serve, type Served } from './sse.js';

const PUBLIC_URL = 'https://oficio.aguascalientes.gob.mx';
const MODEL = bpmn(
  'vivo-correo',
  `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="tarea"/>
    <bpmn:userTask id="tarea" name="Atender reporte">
      <bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/><zeebe:taskSchedule dueDate="=string(now() + duration(&quot;PT10H&quot;))"/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="tarea" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
);

const mails: Mail[] = [];
let smtp: { port: number; close(): Promise<void> } | undefined;
let s: Served | undefined;
let dir: string | undefined;

afterEach(async () => {
  await s?.close();
  s = undefined;
  await smtp?.close();
  smtp = undefined;
  mails.length = 0;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const mailSettings = (port: number) => ({ smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true }, from: 'Oficio <oficio@aguascalientes.gob.mx>' });

async function served(options: { smtpPort?: number; store?: ReturnType<typeof createSqliteStore>; start?: string } = {}) {
  if (!options.smtpPort && !smtp) smtp = await startSmtp(mails);
  s = await serve({
    env: { OFICIO_PUBLIC_URL: PUBLIC_URL, OFICIO_EVENTS_HEARTBEAT_SECONDS: '0.05' },
    workers: { mail: mailSettings(options.smtpPort ?? smtp!.port) },
    mailDelivery: true,
    ...(options.store ? { store: options.store } : {}),
    ...(options.start ? { start: options.start } : {}),
  });
  await s.oficio.engine.createDeployment({ resources: [{ name: 'vivo-correo.bpmn', content: MODEL }] });
  return s;
}

async function withEmail(username: string, email: string) {
  const user = (await s!.oficio.identity.findByUsername(username))!;
  await s!.oficio.identity.updateUser(user.id, { email });
}

/** Every message of the outbox delivered or given up: nothing more will be sent. */
const outboxSettled = async () => (await openOutbox(s!.oficio.store).count({ due: { $exists: true } })) === 0;

const start = async () => (await s!.oficio.engine.createProcessInstance({ processDefinitionId: 'vivo-correo' })).processInstanceKey;
const taskOf = async (processInstanceKey: string) =>
  waitFor(async () => (await s!.oficio.engine.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED' } })).items[0], 5000, 'the task');

describe('the e-mail a user opts into', () => {
  it('given mesa-ayuda opted in, then a new task of the group sends one Spanish mail with the task, its folio and a link — once — and none to those who did not ask', async () => {
    await served();
    await s!.oficio.identity.createUser({ username: 'mesa-ayuda-2', displayName: 'Eva Martínez', email: 'eva@aguascalientes.gob.mx', groups: ['mesa-ayuda'], password: DEMO_PASSWORD });
    await withEmail('mesa-ayuda', 'ana@aguascalientes.gob.mx');
    await withEmail('red-datos', 'redes@aguascalientes.gob.mx');
    const ana = await s!.signIn('mesa-ayuda');
    const redes = await s!.signIn('red-datos');

    expect((await ana.call('GET', '/api/me/preferences')).body).toEqual({ emailOnGroupTask: false, email: 'ana@aguascalientes.gob.mx' });
    const saved = await ana.call('PUT', '/api/me/preferences', { emailOnGroupTask: true });
    expect(saved).toEqual({ status: 200, body: { emailOnGroupTask: true, email: 'ana@aguascalientes.gob.mx' } });
    expect((await ana.call('GET', '/api/me/preferences')).body.emailOnGroupTask).toBe(true);
    // Opted in, but the task is not for their group: nothing for them.
    await redes.call('PUT', '/api/me/preferences', { emailOnGroupTask: true });
    expect((await s!.oficio.audit.query({ action: 'preferences.update' })).items.map((e) => e.subject).sort()).toEqual(['mesa-ayuda', 'red-datos']);
    expect((await ana.call('PUT', '/api/me/preferences', { emailOnGroupTask: 'sí' })).status).toBe(400);

    const key = await start();
    const task = await taskOf(key);
    await waitFor(() => mails.length >= 1, 10_000, 'the mail');
    await s!.oficio.live.idle();
    await waitFor(outboxSettled, 10_000, 'the outbox to settle');
    expect(mails.map((m) => m.to)).toEqual([['ana@aguascalientes.gob.mx']]);
    const mail = parseMail(mails[0]!.raw);
    const folio = (await s!.oficio.cases.ofInstance(key))?.folio;
    expect(folio).toMatch(/^[A-Z][A-Z0-9]*-\d{4}-\d{6}$/);
    expect(mail.subject).toBe(`Nueva tarea: Atender reporte — ${folio}`);
    expect(mail.text).toContain(`Hola, ${(await s!.oficio.identity.findByUsername('mesa-ayuda'))!.displayName}:`);
    expect(mail.text).toContain('Llegó una tarea para su grupo «Encargada de Mesa de Ayuda»: «Atender reporte», del proceso vivo-correo.');
    expect(mail.text).toContain(`Folio de la solicitud: ${folio}`);
    expect(mail.text).toContain(`${PUBLIC_URL}/tareas/${task.userTaskKey}`);

    // Told again (a poll, the catch-up at start, another server): nothing more is sent.
    expect(await s!.oficio.live.mailer.taskArrived(task)).toBe(0);
    // Opting out stops them; Eva opting in gets the next one, and Ana does not.
    await ana.call('PUT', '/api/me/preferences', { emailOnGroupTask: false });
    const eva = await s!.signIn('mesa-ayuda-2');
    await eva.call('PUT', '/api/me/preferences', { emailOnGroupTask: true });
    await taskOf(await start());
    await waitFor(() => mails.length >= 2, 10_000, "Eva's mail");
    await s!.oficio.live.idle();
    await waitFor(outboxSettled, 10_000, 'the outbox to settle');
    expect(mails.map((m) => m.to)).toEqual([['ana@aguascalientes.gob.mx'], ['eva@aguascalientes.gob.mx']]);
  });

  it('given no mail server, then the step completes, the task is there and its mail waits saying why', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await served({ smtpPort: port });
    await withEmail('mesa-ayuda', 'ana@aguascalientes.gob.mx');
    const ana = await s!.signIn('mesa-ayuda');
    await ana.call('PUT', '/api/me/preferences', { emailOnGroupTask: true });

    const key = await start();
    const task = await taskOf(key);
    const [waiting] = await waitFor(
      async () => {
        const { items } = await openOutbox(s!.oficio.store).find({});
        return items[0]?.state === 'failing' ? items : undefined;
      },
      10_000,
      'the mail to wait',
    );
    expect(waiting).toMatchObject({
      to: ['ana@aguascalientes.gob.mx'],
      origin: { kind: 'task-notification', userTaskKey: task.userTaskKey },
      lastError: { message: expect.stringContaining('no está disponible') },
    });
    // The process goes on.
    expect((await ana.call('POST', `/api/tasks/${task.userTaskKey}/complete`, { data: {} })).status).toBe(204);
    expect((await s!.oficio.engine.getProcessInstance({ processInstanceKey: key })).state).toBe('COMPLETED');
  });
});

describe("the SLA warning to a group's lead", () => {
  it('given an open task reaching the due-soon threshold, then its lead is warned once — on the stream, in the list and by mail — also after restarts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'oficio-sla-'));
    const path = join(dir, 'oficio.sqlite');
    await served({ store: createSqliteStore({ path }) });
    await withEmail('mesa-ayuda', 'jefa.mesa@aguascalientes.gob.mx');
    const key = await start();
    const task = await taskOf(key);
    // Due in 10 h: due soon once less than a fifth of that is left, 8 h after it was created.
    const record = await waitFor(() => s!.oficio.store.collection<{ state: string; warnAt: string }>(SLA_WARNINGS).get(task.userTaskKey!), 5000, 'the warning scheduled');
    expect(record).toMatchObject({ state: 'scheduled', warnAt: new Date(Date.parse(task.creationDate!) + 8 * 3_600_000).toISOString() });

    // A restart before the warning is due: the new process warns.
    const until = new Date(s!.oficio.clock.now()).toISOString();
    await s!.close();
    await served({ store: createSqliteStore({ path }), start: until });
    await s!.oficio.clock.advance('PT7H59M');
    await s!.oficio.live.idle();
    // Signed in now (sessions follow the clock too): not warned yet.
    const lead = await s!.signIn('mesa-ayuda');
    const stream = await lead.stream();
    expect((await lead.call('GET', '/api/me/sla-warnings')).body).toEqual({ items: [] });
    expect(await s!.oficio.store.collection<{ state: string }>(SLA_WARNINGS).get(task.userTaskKey!)).toMatchObject({ state: 'scheduled' });

    await s!.oficio.clock.advance('PT2M');
    const warned = await stream.next((e) => e.event === 'sla-warning', 'the warning on the stream');
    const folio = (await s!.oficio.cases.ofInstance(key))?.folio ?? null;
    const expected = { userTaskKey: task.userTaskKey, taskName: 'Atender reporte', processName: 'vivo-correo', processInstanceKey: key, folio, group: 'mesa-ayuda', dueDate: task.dueDate };
    expect(warned.data).toMatchObject(expected);
    expect((await lead.call('GET', '/api/me/sla-warnings')).body.items).toEqual([warned.data]);
    // Only the lead: another member of the group is not warned.
    await s!.oficio.identity.createUser({ username: 'mesa-ayuda-2', displayName: 'Eva Martínez', groups: ['mesa-ayuda'], password: DEMO_PASSWORD });
    expect((await (await s!.signIn('mesa-ayuda-2')).call('GET', '/api/me/sla-warnings')).body.items).toEqual([]);

    await waitFor(() => mails.length >= 1, 10_000, "the lead's mail");
    const mail = parseMail(mails[0]!.raw);
    expect(mails[0]!.to).toEqual(['jefa.mesa@aguascalientes.gob.mx']);
    expect(mail.subject).toBe(folio ? `Por vencer: Atender reporte — ${folio}` : 'Por vencer: Atender reporte');
    expect(mail.text).toContain('sigue abierta en el grupo «Encargada de Mesa de Ayuda» y vence el');
    expect(mail.text).toContain('Nadie la ha tomado todavía.');
    expect(mail.text).toContain(`${PUBLIC_URL}/tareas/${task.userTaskKey}`);
    expect((await s!.oficio.audit.query({ action: 'task.slaWarning' })).items).toHaveLength(1);

    // Another restart, and time goes on to the breach: no second warning.
    const later = new Date(s!.oficio.clock.now()).toISOString();
    await s!.close();
    await served({ store: createSqliteStore({ path }), start: later });
    await s!.oficio.clock.advance('PT3H');
    await s!.oficio.live.idle();
    await waitFor(outboxSettled, 10_000, 'the outbox to settle');
    expect(mails).toHaveLength(1);
    expect((await s!.oficio.audit.query({ action: 'task.slaWarning' })).items).toHaveLength(1);

    // Completed, it leaves the lead's list.
    const again = await s!.signIn('mesa-ayuda');
    expect((await again.call('POST', `/api/tasks/${task.userTaskKey}/complete`, { data: {} })).status).toBe(204);
    await waitFor(async () => (await again.call('GET', '/api/me/sla-warnings')).body.items.length === 0, 5000, 'the list to drop it');
  });
});
