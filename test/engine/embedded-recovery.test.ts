// Restarting the embedded engine on the same store: what was waiting keeps waiting, and what fell
// due while the engine was down happens as soon as it starts again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import { createTestOficio, openTestOficio } from '../support/oficio.js';
import { bpmn, deployXml, elementIds, instanceState } from './harness.js';
import { waitFor } from '../support/wait-for.js';

const timerThenTask = bpmn(
  'recuperacion',
  `
  <bpmn:startEvent id="inicio"/>
  <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="espera"/>
  <bpmn:intermediateCatchEvent id="espera"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="espera" targetRef="revisar"/>
  <bpmn:userTask id="revisar" name="Revisar"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>
  <bpmn:sequenceFlow id="f3" sourceRef="revisar" targetRef="fin"/>
  <bpmn:endEvent id="fin"/>`,
);

describe('restart on the same store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oficio-recovery-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given an instance waiting on a one-hour timer when the engine stops, when it starts again two hours later, then the timer fires at start and the instance reaches its user task', async () => {
    const path = join(dir, 'oficio.sqlite');
    const firstOficio = await createTestOficio({ start: '2020-03-02T08:00:00Z', store: createSqliteStore({ path }) });
    const first = firstOficio.engine;
    await deployXml(first, timerThenTask);
    const { processInstanceKey } = await first.createProcessInstance({ processDefinitionId: 'recuperacion' });
    expect(await elementIds(first, processInstanceKey, 'ACTIVE')).toEqual(['espera']);
    await firstOficio.close();

    // The system clock is years past the timer's due date.
    const oficio = await openTestOficio(createSqliteStore({ path }));
    const engine = oficio.engine;
    try {
      await waitFor(async () => (await elementIds(engine, processInstanceKey, 'ACTIVE')).includes('revisar'), 5000, 'the overdue timer to fire');
      const { items } = await engine.searchUserTasks({ filter: { processInstanceKey } });
      expect(items.map((t) => t.name)).toEqual(['Revisar']);
      await engine.completeUserTask({ userTaskKey: items[0]!.userTaskKey! });
      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
    } finally {
      await oficio.close();
    }
  });

  it('given a timer not yet due when the engine stops, when it starts again before the due time, then nothing fires early and the timer fires on time', async () => {
    const path = join(dir, 'oficio.sqlite');
    const firstOficio = await createTestOficio({ start: '2026-01-05T09:00:00Z', store: createSqliteStore({ path }) });
    const first = firstOficio.engine;
    await deployXml(first, timerThenTask);
    const { processInstanceKey } = await first.createProcessInstance({ processDefinitionId: 'recuperacion' });
    await firstOficio.close();

    const oficio = await createTestOficio({ start: '2026-01-05T09:30:00Z', store: createSqliteStore({ path }) });
    const { engine, clock } = oficio;
    try {
      await clock.advance(0);
      expect(await elementIds(engine, processInstanceKey, 'ACTIVE')).toEqual(['espera']);
      await clock.advance('PT29M');
      expect(await elementIds(engine, processInstanceKey, 'ACTIVE')).toEqual(['espera']);
      await clock.advance('PT1M');
      expect(await elementIds(engine, processInstanceKey, 'ACTIVE')).toEqual(['revisar']);
    } finally {
      await oficio.close();
    }
  });
});
