// The Camunda side of the live tasklist: the poller reads searchUserTasks (here the embedded engine's,
// which answers as Camunda's does) and tells the same changes the embedded engine tells by itself —
// created, assigned, unassigned, completed — once each, oldest first.
import { afterEach, expect, it } from '@jest/globals';
import { pollTaskChanges, type TaskChange } from '../../server/core/live/index.js';
import { silentLogger } from '../../server/log.js';
import { bpmn } from '../engine/harness.js';
import { createTestOficio, type TestOficio } from '../support/oficio.js';
import { waitFor } from '../support/wait-for.js';

const MODEL = bpmn(
  'sondeo',
  `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="tarea"/>
    <bpmn:userTask id="tarea" name="Revisar"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="tarea" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
);

let oficio: TestOficio;
let poller: { stop(): void } | undefined;
afterEach(async () => {
  poller?.stop();
  await oficio?.close();
});

it('given tasks created, claimed, given back and completed on the engine, then the poller tells each change once, in order', async () => {
  oficio = await createTestOficio({ start: '2026-03-02T15:00:00.000Z' });
  await oficio.engine.createDeployment({ resources: [{ name: 'sondeo.bpmn', content: MODEL }] });
  // A task open before the poller starts is where it takes stock from: not a change.
  const { processInstanceKey: before } = await oficio.engine.createProcessInstance({ processDefinitionId: 'sondeo' });
  const told: TaskChange[] = [];
  let polls = 0;
  const counting = {
    searchUserTasks: (input: Parameters<typeof oficio.engine.searchUserTasks>[0]) => (polls++, oficio.engine.searchUserTasks(input)),
    getUserTask: (input: { userTaskKey: string }) => oficio.engine.getUserTask(input),
  };
  poller = pollTaskChanges(counting, (change) => told.push(change), { intervalMs: 10, log: silentLogger() });
  await waitFor(() => polls >= 2, 5000, 'a first poll');

  const { processInstanceKey } = await oficio.engine.createProcessInstance({ processDefinitionId: 'sondeo' });
  const created = await waitFor(() => told.find((c) => c.change === 'created'), 5000, 'the new task');
  expect(created.task).toMatchObject({ processInstanceKey, name: 'Revisar', candidateGroups: ['mesa-ayuda'] });
  const key = created.task.userTaskKey!;

  await oficio.engine.assignUserTask({ userTaskKey: key, assignee: 'mesa-ayuda' });
  await waitFor(() => told.some((c) => c.change === 'assigned'), 5000, 'the claim');
  await oficio.engine.unassignUserTask({ userTaskKey: key });
  await waitFor(() => told.some((c) => c.change === 'unassigned'), 5000, 'the unclaim');
  await oficio.engine.completeUserTask({ userTaskKey: key });
  await waitFor(() => told.some((c) => c.change === 'completed'), 5000, 'the completion');

  expect(told.map((c) => [c.change, c.task.userTaskKey, c.task.assignee ?? null, c.previousAssignee ?? null])).toEqual([
    ['created', key, null, null],
    ['assigned', key, 'mesa-ayuda', null],
    ['unassigned', key, null, 'mesa-ayuda'],
    ['completed', key, null, null],
  ]);
  expect(told.some((c) => c.task.processInstanceKey === before)).toBe(false);
});
