// Issue 12 #9: saving a draft does not copy its data into the append-only audit trail. The draft
// lives in its own collection with a version; its audit event records that version, the data's
// sha256 and size — so a user saving a large draft over and over grows the drafts by one document,
// not the trail by megabytes.
import { createHash } from 'node:crypto';
import { canonicalJson, type AuditEvent } from '../../server/core/audit/index.js';
import { TASK_DRAFTS } from '../../server/core/tasks/index.js';
import { actorOf, type User } from '../../server/core/identity/index.js';
import { createTestOficio, type TestOficio } from '../support/oficio.js';

const START = '2026-03-02T15:00:00.000Z';

const PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs_sonda-borrador" targetNamespace="http://oficio.test">
  <bpmn:process id="sonda-borrador" name="sonda-borrador" isExecutable="true">
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="revisar"/>
    <bpmn:userTask id="revisar" name="Revisar"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="revisar" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>
  </bpmn:process>
</bpmn:definitions>`;

let oficio: TestOficio;
let mesa: User;
let userTaskKey: string;

beforeEach(async () => {
  oficio = await createTestOficio({ start: START, demoPassword: 'Oficio#2026demo' });
  await oficio.engine.createDeployment({ resources: [{ name: 'sonda-borrador.bpmn', content: PROCESS }] });
  const { processInstanceKey } = await oficio.engine.createProcessInstance({ processDefinitionId: 'sonda-borrador' });
  userTaskKey = (await oficio.engine.searchUserTasks({ filter: { processInstanceKey } })).items[0]!.userTaskKey!;
  mesa = (await oficio.identity.findByUsername('mesa-ayuda'))!;
});

afterEach(() => oficio.close());

const draftEvents = async (): Promise<AuditEvent[]> => (await oficio.audit.query({ action: 'task.draftSave', userTaskKey }, { order: 'asc' })).items;

describe('saving a large draft', () => {
  it('records the draft’s version, sha256 and size in the trail, never its data; the draft keeps the data and a version', async () => {
    const big = { notas: 'x'.repeat(512 * 1024) };

    await oficio.tasklist.saveDraft(mesa, actorOf(mesa), userTaskKey, big);
    await oficio.tasklist.saveDraft(mesa, actorOf(mesa), userTaskKey, { ...big, otra: 'línea' });

    const [first, second] = await draftEvents();
    const text = canonicalJson({ ...big, otra: 'línea' });
    // Compared by their keys first: a failure must not print the whole draft.
    expect(Object.keys(first!.data as object).sort()).toEqual(['bytes', 'sha256', 'version']);
    expect(first!.data).toMatchObject({ version: 1 });
    expect(second!.data).toEqual({ version: 2, sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) });
    // The trail holds a few hundred bytes per save, whatever the draft weighs.
    for (const event of [first!, second!]) expect(JSON.stringify(event).length).toBeLessThan(2000);

    const stored = await oficio.store.collection<{ data: unknown }>(TASK_DRAFTS).find({ userTaskKey });
    expect(stored.items).toHaveLength(1);
    expect(stored.items[0]!.version).toBe(2);
    expect(stored.items[0]!.data).toEqual({ ...big, otra: 'línea' });
    expect(((await oficio.tasklist.get(mesa, userTaskKey, 'es')).draft?.data as { otra?: string }).otra).toBe('línea');
  });
});
