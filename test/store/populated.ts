// A store as a working Oficio leaves it, for the migration tests: deployed definitions, instances at
// a user task, at a timer, at a job and completed (documents at versions above 1), variables and their
// history, jobs waiting, users with a session, attachments (one of several chunks) and audit events.
// Plus what checks that a copy of it is alive: the engine, started on the copy, finishes the work.
import { createHash } from 'node:crypto';
import { createAttachments } from '../../server/core/attachments/index.js';
import { createAuditTrail } from '../../server/core/audit/index.js';
import { createIdentity } from '../../server/core/identity/index.js';
import { createEmbeddedEngine, createManualClock } from '../../server/engine/embedded/index.js';
import type { Store } from '../../server/store/port.js';
import { bpmn, deployXml, instanceState } from '../engine/harness.js';
import { waitFor } from '../support/wait-for.js';

export const POPULATED_START = '2026-03-02T09:00:00.000Z';
export const DEMO_PASSWORD = 'Migracion-2026!';

const revisionThenNotice = bpmn(
  'migracion',
  `
  <bpmn:startEvent id="inicio"/>
  <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="revisar"/>
  <bpmn:userTask id="revisar" name="Revisar"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="revisar" targetRef="espera"/>
  <bpmn:intermediateCatchEvent id="espera"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="espera" targetRef="notificar"/>
  <bpmn:serviceTask id="notificar" name="Notificar"><bpmn:extensionElements><zeebe:taskDefinition type="migracion.notificar"/></bpmn:extensionElements></bpmn:serviceTask>
  <bpmn:sequenceFlow id="f4" sourceRef="notificar" targetRef="fin"/>
  <bpmn:endEvent id="fin"/>`,
);

export interface Populated {
  /** Waiting at the user task. */
  atTask: string;
  /** Past the user task, waiting at the one-hour timer. */
  atTimer: string;
  /** Past the timer, its job handed out to a worker that never answered. */
  atJob: string;
  /** Went all the way through. */
  completed: string;
  /** The attachments' ids with the sha256 of their bytes. */
  attachments: Array<{ id: string; sha256: string; size: number }>;
}

/** Fills `store` (then closes nothing: the caller owns it). */
export async function populate(store: Store): Promise<Populated> {
  const clock = createManualClock(POPULATED_START);
  const engine = createEmbeddedEngine({ store, clock });
  const audit = createAuditTrail({ store, now: () => clock.now() });
  const identity = createIdentity({ store, now: () => new Date(clock.now()), passwordCost: { ln: 10, r: 8, p: 1 } });
  const attachments = createAttachments({ store, audit, now: () => new Date(clock.now()) });
  try {
    await deployXml(engine, revisionThenNotice, 'migracion.bpmn');
    await identity.seedDemoUsers({ password: DEMO_PASSWORD });
    const login = await identity.login('mesa-ayuda', DEMO_PASSWORD, { ip: '10.0.0.7' });
    const actor = { id: login.user.id, name: login.user.displayName };

    const keys: string[] = [];
    for (const folio of ['A-1', 'A-2', 'A-3', 'A-4']) {
      const { processInstanceKey } = await engine.createProcessInstance({ processDefinitionId: 'migracion', variables: { folio, prioridad: 2 } });
      keys.push(processInstanceKey);
      await audit.record({ actor, action: 'instance.start', processInstanceKey, data: { folio } });
    }
    const [atTask, atTimer, atJob, completed] = keys as [string, string, string, string];
    const review = async (key: string) => {
      const task = await waitFor(async () => (await engine.searchUserTasks({ filter: { processInstanceKey: key, state: 'CREATED' } })).items[0]);
      await engine.assignUserTask({ userTaskKey: task.userTaskKey!, assignee: 'mesa-ayuda' });
      await engine.completeUserTask({ userTaskKey: task.userTaskKey!, variables: { dictamen: 'procede', prioridad: 1 } });
      await audit.record({ actor, action: 'task.complete', processInstanceKey: key, userTaskKey: task.userTaskKey!, data: { dictamen: 'procede' } });
    };
    // Two go past the timer; one's job is completed, the other's was handed out and never answered.
    await review(completed);
    await review(atJob);
    await clock.advance('PT1H');
    const jobs = await waitFor(async () => {
      const handed = await engine.activateJobs({ type: 'migracion.notificar', maxJobsToActivate: 10, timeout: 1000, worker: 'populate' });
      return handed.length > 0 ? handed : undefined;
    });
    const done = jobs.find((job) => job.processInstanceKey === completed);
    await engine.completeJob({ jobKey: done!.jobKey, variables: { notificado: true } });
    await waitFor(async () => (await instanceState(engine, completed)) === 'COMPLETED', 5000, 'the completed instance');
    await review(atTimer);

    const big = Buffer.alloc(700 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 10)) & 0xff;
    const small = Buffer.from('Oficio de solicitud: alta de usuario en SIGUE\n', 'utf8');
    const saved = [
      await attachments.save({ nombre: 'respaldo.ldf', tipo: 'application/octet-stream', bytes: big, uploadedBy: { id: actor.id, name: actor.name }, processInstanceKey: atTask }),
      await attachments.save({ nombre: 'oficio.txt', tipo: 'text/plain', bytes: small, uploadedBy: { id: actor.id, name: actor.name } }),
    ];
    await identity.logout(login.sessionId);
    await identity.login('auditor', DEMO_PASSWORD, { ip: '10.0.0.8' });
    return {
      atTask,
      atTimer,
      atJob,
      completed,
      attachments: saved.map((a, i) => ({
        id: a.id,
        sha256: createHash('sha256')
          .update(i === 0 ? big : small)
          .digest('hex'),
        size: a.tamano,
      })),
    };
  } finally {
    await engine.close();
  }
}
