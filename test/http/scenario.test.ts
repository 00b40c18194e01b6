// Issue 4's "Done when", as one story through the API (supertest, in-process): a requester signs in
// and asks for a Red de Datos service with bad data (400 naming the fields), then good data; the
// help desk and the network staff work the tasks the model gives them until the request is done;
// an auditor reads the instance with its history, verifies the audit chain, exports it as CSV —
// and, once someone tampers with an audit row in the store, verification fails naming that row.
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { loadForms } from '../../forms/index.js';
import { AUDIT_EVENTS_COLLECTION, auditEventId } from '../../server/core/audit/index.js';
import { waitFor } from '../support/wait-for.js';
import { createHttpHarness, type Agent, type HttpHarness } from './harness.js';

const PROCESSES = fileURLToPath(new URL('../../processes/', import.meta.url));
const RED_DATOS = 'dgsti-p01-pr05-red-datos';
const forms = loadForms();
const solicitud = forms.get('dgsti-p01-pr05-solicitud')!.examples.valid[0]!;

interface TaskItem {
  userTaskKey: string;
  elementId: string;
  name: string;
  processInstanceKey: string;
  assignee: string | null;
  candidateGroups: string[];
  dueDate: string | null;
  formId: string | null;
}

let h: HttpHarness;
beforeAll(async () => {
  h = await createHttpHarness();
  await h.engine.deployResourcesFromFiles([`${PROCESSES}${RED_DATOS}.bpmn`]);
});
afterAll(() => h.close());

const fieldsOf = (res: request.Response) => (res.body.errors as Array<{ field: string }>).map((e) => e.field).sort();

/** The open tasks of the instance `staff` sees in their tasklist. */
async function tasksOf(staff: Agent, processInstanceKey: string): Promise<TaskItem[]> {
  const res = await staff.get(`/api/tasks?processDefinitionId=${RED_DATOS}`);
  expect(res.status).toBe(200);
  return (res.body.items as TaskItem[]).filter((t) => t.processInstanceKey === processInstanceKey);
}

describe('a Red de Datos request from start to audit', () => {
  it('is started by jefe-informatica, worked by the staff, read and verified by an auditor; a tampered audit row is named', async () => {
    // 1. The requester signs in. Only jefe-informatica may start Red de Datos (PR05 3.c).
    const jefe = await h.signIn('jefe-informatica');
    const me = await jefe.get('/api/auth/me');
    expect(me.body.user).toMatchObject({ username: 'jefe-informatica', groups: ['jefe-informatica'] });
    const catalogue = await jefe.get('/api/processes');
    expect(catalogue.body.items.map((p: { processDefinitionId: string }) => p.processDefinitionId)).toContain(RED_DATOS);
    const startForm = await jefe.get(`/api/processes/${RED_DATOS}/start-form`);
    expect(startForm.status).toBe(200);
    expect(startForm.body.form.id).toBe('dgsti-p01-pr05-solicitud');

    // 2. Bad data: an IPv4 with an octet over 255, an Internet access ending before it starts — 400 naming both fields.
    const bad = await jefe.post(`/api/processes/${RED_DATOS}/instances`, {
      data: { ...forms.get('dgsti-p01-pr05-solicitud')!.examples.valid[1]!, direccionIp: '10.20.300.40', fechaInicio: '2026-06-30', fechaFin: '2026-03-10' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(bad)).toEqual(['direccionIp', 'fechaFin']);
    const messages = Object.fromEntries((bad.body.errors as Array<{ field: string; message: string }>).map((e) => [e.field, e.message]));
    expect(messages.direccionIp).toMatch(/Dirección IP.*IPv4/);
    expect(messages.fechaFin).toMatch(/posterior a 2026-06-30/);
    expect((await h.engine.searchProcessInstances({ filter: { processDefinitionId: RED_DATOS } })).items).toEqual([]);

    // 3. Good data: the request starts.
    const started = await jefe.post(`/api/processes/${RED_DATOS}/instances`, { data: solicitud });
    expect(started.status).toBe(201);
    const { processInstanceKey } = started.body as { processInstanceKey: string };
    expect(processInstanceKey).toMatch(/^\d+$/);
    const own = await jefe.get('/api/instances');
    expect(own.body.items.map((i: { processInstanceKey: string }) => i.processInstanceKey)).toEqual([processInstanceKey]);

    // 4. The help desk and the network staff work whatever tasks the model gives their groups —
    //    find each in the tasklist, claim it, open it for its form, complete it with valid data —
    //    until the request is done.
    const staff = { 'mesa-ayuda': await h.signIn('mesa-ayuda'), 'red-datos': await h.signIn('red-datos') };
    const auditor = await h.signIn('auditor');
    const worked: Array<{ by: string; elementId: string; userTaskKey: string; data: Record<string, unknown> }> = [];
    const stateOf = async () => (await auditor.get(`/api/instances/${processInstanceKey}`)).body.instance.state as string;
    for (let round = 0; round < 20 && (await stateOf()) === 'ACTIVE'; round++) {
      // Wait until some group has an open task of the request (or the request ends without one).
      const found = await waitFor(
        async () => {
          for (const [username, agent] of Object.entries(staff)) {
            const open = await tasksOf(agent, processInstanceKey);
            if (open.length) return { username, agent, task: open[0]! };
          }
          return (await stateOf()) === 'ACTIVE' ? undefined : ('done' as const);
        },
        5000,
        'a task of the request, or its end',
      );
      if (found === 'done') break;
      const { username, agent, task } = found;
      expect(task.assignee).toBeNull();
      expect(task.candidateGroups).toContain(username);
      if (!worked.length) {
        // Filed directly by jefe-informatica, the request first reaches the help desk: the Encargada
        // de Mesa de Ayuda confirms the category and dispatches it (DGSTI-P01 A2, 10 minutes).
        expect(task).toMatchObject({ name: 'Canalizar solicitud', elementId: 'canalizar-solicitud', candidateGroups: ['mesa-ayuda'], formId: 'dgsti-p01-canalizar-solicitud' });
        expect(username).toBe('mesa-ayuda');
        const { startDate } = (await auditor.get(`/api/instances/${processInstanceKey}`)).body.instance as { startDate: string };
        expect(Date.parse(task.dueDate!) - Date.parse(startDate)).toBe(10 * 60_000);
      }

      // Staff of another group neither open nor claim it.
      for (const [other, otherAgent] of Object.entries(staff)) {
        if (task.candidateGroups.includes(other)) continue;
        expect((await otherAgent.get(`/api/tasks/${task.userTaskKey}`)).status).toBe(403);
        expect((await otherAgent.post(`/api/tasks/${task.userTaskKey}/claim`)).status).toBe(403);
      }
      expect((await agent.post(`/api/tasks/${task.userTaskKey}/claim`)).status).toBe(204);
      const opened = await agent.get(`/api/tasks/${task.userTaskKey}`);
      expect(opened.status).toBe(200);
      expect(opened.body.task).toMatchObject({ userTaskKey: task.userTaskKey, assignee: username, state: 'CREATED' });
      expect(opened.body.actions).toMatchObject({ complete: true, unclaim: true });
      const formId = opened.body.form.id as string;
      expect(formId).toBe(task.formId);
      expect(opened.body.form.schema).toEqual(expect.objectContaining({ type: 'object' }));

      // The form's own validation first: an empty submission names its required fields.
      const required = (forms.get(formId)!.schema.required as string[] | undefined) ?? [];
      if (required.length) {
        const empty = await agent.post(`/api/tasks/${task.userTaskKey}/complete`, { data: {} });
        expect(empty.status).toBe(400);
        expect(fieldsOf(empty)).toEqual(expect.arrayContaining(required));
      }
      // Twenty minutes on the job (within the session's 30 idle minutes).
      await h.clock.advance('PT20M');
      const data = forms.get(formId)!.examples.valid[0]!;
      expect((await agent.post(`/api/tasks/${task.userTaskKey}/complete`, { data })).status).toBe(204);
      worked.push({ by: username, elementId: task.elementId, userTaskKey: task.userTaskKey, data });
    }
    await waitFor(async () => (await stateOf()) === 'COMPLETED', 5000, 'the request to complete');
    // Red de Datos gives issuing the OTRS ticket (A1) to the ticket.register worker, the dispatch
    // (A2, "Canalizar solicitud") to mesa-ayuda and the technicians' "Ejecutar servicio" to red-datos.
    expect(worked.map((w) => [w.by, w.elementId])).toEqual([
      ['mesa-ayuda', 'canalizar-solicitud'],
      ['red-datos', 'ejecutar-servicio'],
    ]);
    expect(await tasksOf(staff['mesa-ayuda'], processInstanceKey)).toEqual([]);
    // Completed tasks still show who did them (each group sees its own).
    for (const [username, agent] of Object.entries(staff)) {
      const done = await agent.get(`/api/tasks?processDefinitionId=${RED_DATOS}&state=COMPLETED`);
      expect(done.body.items.map((t: TaskItem) => [t.userTaskKey, t.assignee])).toEqual(worked.filter((w) => w.by === username).map((w) => [w.userTaskKey, w.by]));
    }

    // 5. The auditor reads the instance: the element history with who completed each user task,
    //    and the variables with every value they took and who set it.
    const users = Object.fromEntries(await Promise.all(['jefe-informatica', 'red-datos', 'mesa-ayuda'].map(async (u) => [u, (await h.identity.findByUsername(u))!] as const)));
    const detail = await auditor.get(`/api/instances/${processInstanceKey}`);
    expect(detail.status).toBe(200);
    expect(detail.body.instance).toMatchObject({
      processInstanceKey,
      processDefinitionId: RED_DATOS,
      state: 'COMPLETED',
      endDate: expect.any(String),
      iniciadoPor: { id: users['jefe-informatica']!.id },
    });
    const elements = detail.body.elements as Array<{ elementId: string; type: string; state: string; userTaskKey?: string; completedBy?: { id: string; name: string } }>;
    expect(elements.map((e) => e.elementId)).toEqual(
      expect.arrayContaining(['solicitud-red-datos', 'registrar-ticket', 'canalizar-solicitud', 'ejecutar-servicio', 'cerrar-ticket', 'servicio-realizado']),
    );
    expect(elements.every((e) => e.state === 'COMPLETED')).toBe(true);
    const userTasks = elements.filter((e) => e.type === 'USER_TASK');
    expect(userTasks.map((e) => [e.elementId, e.userTaskKey, e.completedBy?.id])).toEqual(worked.map((w) => [w.elementId, w.userTaskKey, users[w.by]!.id]));
    expect(userTasks[0]!.completedBy).toEqual({ id: users['mesa-ayuda']!.id, name: users['mesa-ayuda']!.displayName });
    expect(userTasks[1]!.completedBy).toEqual({ id: users['red-datos']!.id, name: users['red-datos']!.displayName });

    const variables = detail.body.variables as Array<{ name: string; value: unknown; history: Array<{ value: unknown; changedAt: string; changedBy?: unknown }> }>;
    const variable = (name: string) => {
      const found = variables.find((v) => v.name === name);
      if (!found) throw new Error(`no variable ${name} in ${variables.map((v) => v.name).join(', ')}`);
      return found;
    };
    // Every variable carries its history of values, the last one being its current value.
    for (const v of variables) expect({ name: v.name, last: v.history.at(-1)?.value }).toEqual({ name: v.name, last: v.value });
    // The start form's values, set once when jefe-informatica started the request.
    const starter = { id: users['jefe-informatica']!.id, name: users['jefe-informatica']!.displayName };
    const tecnico = { id: users['red-datos']!.id, name: users['red-datos']!.displayName };
    const mesaAyuda = { id: users['mesa-ayuda']!.id, name: users['mesa-ayuda']!.displayName };
    expect(variable('direccionIp')).toMatchObject({
      value: solicitud.direccionIp,
      history: [{ value: solicitud.direccionIp, changedAt: detail.body.instance.startDate, changedBy: starter }],
    });
    expect(variable('iniciadoPor').value).toMatchObject({ id: users['jefe-informatica']!.id, username: 'jefe-informatica' });
    // The help desk's dispatch, set when mesa-ayuda completed "Canalizar solicitud" (twenty minutes later).
    const canalizar = userTasks.find((e) => e.elementId === 'canalizar-solicitud') as { endDate?: string } | undefined;
    expect(variable('confirmaCategoria')).toMatchObject({
      value: worked[0]!.data.confirmaCategoria,
      history: [{ value: worked[0]!.data.confirmaCategoria, changedAt: canalizar?.endDate, changedBy: mesaAyuda }],
    });
    expect(Date.parse(canalizar!.endDate!) - Date.parse(detail.body.instance.startDate)).toBe(20 * 60_000);
    // The technician's report, set when red-datos completed "Ejecutar servicio" (twenty minutes after that).
    const ejecutar = userTasks.find((e) => e.elementId === 'ejecutar-servicio') as { endDate?: string } | undefined;
    expect(variable('trabajoRealizado')).toMatchObject({
      value: worked[1]!.data.trabajoRealizado,
      history: [{ value: worked[1]!.data.trabajoRealizado, changedAt: ejecutar?.endDate, changedBy: tecnico }],
    });
    expect(Date.parse(ejecutar!.endDate!) - Date.parse(detail.body.instance.startDate)).toBe(40 * 60_000);
    // The ticket the help desk's worker issued.
    expect(variable('ticket').value).toMatchObject({ numero: expect.stringMatching(/^\d{9,}$/) });
    const actions = (detail.body.audit as Array<{ action: string }>).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['instance.start', 'task.claim', 'task.complete']));
    const diagram = await auditor.get(detail.body.diagram);
    expect(diagram.status).toBe(200);
    expect(diagram.text).toContain('id="ejecutar-servicio"');

    // 6. The audit chain is intact.
    const intact = await auditor.get('/api/audit/verify');
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({ intact: true, events: expect.any(Number), lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // 7. The CSV export, with Spanish headers, holds the start and each completion.
    const csv = await auditor.get(`/api/audit.csv?processInstanceKey=${processInstanceKey}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toMatch(/^secuencia,fecha,actor,acción,instancia,tarea,asunto,datos/);
    const rows = lines.slice(1);
    expect(rows.filter((l) => l.includes('instance.start'))).toHaveLength(1);
    expect(rows.find((l) => l.includes('instance.start'))).toContain(processInstanceKey);
    const shown = { 'canalizar-solicitud': 'confirmaCategoria', 'ejecutar-servicio': 'trabajoRealizado' } as Record<string, string>;
    for (const w of worked) {
      const completion = rows.find((l) => l.includes('task.complete') && l.includes(w.userTaskKey));
      expect(completion).toContain(String(w.data[shown[w.elementId]!]));
    }

    // 8. Someone changes one event's data directly in the store: verification fails naming that row.
    const { items: completions } = await h.audit.query({ action: 'task.complete', processInstanceKey, userTaskKey: worked[1]!.userTaskKey });
    const target = completions[0]!;
    const events = h.store.collection<Record<string, unknown>>(AUDIT_EVENTS_COLLECTION);
    const row = (await events.get(auditEventId(target.sequence)))!;
    const { id: _id, version, ...fields } = row;
    await events.update(auditEventId(target.sequence), { ...fields, data: { trabajoRealizado: 'No se hizo nada' } }, version);

    const broken = await auditor.get('/api/audit/verify');
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ intact: false, brokenAt: target.sequence, reasonCode: 'hash mismatch', events: target.sequence - 1 });
    expect(broken.body.message).toContain(String(target.sequence));
    expect(broken.body.reason).toMatch(/modificado/);
  });
});
