// Scenarios for the task elements of the embedded engine and for job workers, with Camunda 8
// (Zeebe) semantics: what a worker receives, what a user task looks like, how messages, retries,
// timeouts and cancellation behave. Run against a fresh harness per test.
import { itWhen, EMBEDDED_TRAITS, type EngineHarness, type EngineTraits, type TestEngine } from '../harness.js';
import { chain, endEvent, startEvent } from '../fixtures.js';
import {
  eachHarness,
  START,
  bpmn,
  completingWorker,
  deployXml,
  elementInstancesOf,
  elementTrail,
  holdingWorker,
  instanceState,
  openUserTask,
  rejectionOf,
  rootVariables,
  waitForInstanceState,
  withFlowRefs,
} from '../harness.js';
import { waitFor } from '../../support/wait-for.js';
import { EngineError, type Job, type JobActionReceipt, type Variables } from '../../../server/engine/port.js';

// ---------------------------------------------------------------------------------------------
// Inline fixture builders

const taskDefinition = (type: string, retries = '3') => `<zeebe:taskDefinition type="${type}" retries="${retries}"/>`;

const serviceTask = (id: string, type: string, extensions = '', name = id) =>
  `<bpmn:serviceTask id="${id}" name="${name}"><bpmn:extensionElements>${taskDefinition(type)}${extensions}</bpmn:extensionElements></bpmn:serviceTask>`;

const userTask = (id: string, extensions = '', name = id) =>
  `<bpmn:userTask id="${id}" name="${name}"><bpmn:extensionElements><zeebe:userTask/>${extensions}</bpmn:extensionElements></bpmn:userTask>`;

/** A process document: the body plus the modeler's incoming/outgoing references. */
const processXml = (id: string, body: string, extra = '') => withFlowRefs(bpmn(id, body, extra));

/** start → the given element → end. */
const around = (id: string, element: string) => processXml(id, [startEvent(), element, endEvent(), chain('start', element.match(/id="([^"]+)"/)![1]!, 'end')].join('\n'));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const instant = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));
const codeOf = (error: unknown) => (error instanceof EngineError ? error.code : `not an EngineError: ${String(error)}`);

// ---------------------------------------------------------------------------------------------

export function taskScenarios(make: () => Promise<EngineHarness>, traits: EngineTraits = EMBEDDED_TRAITS) {
  const itClock = itWhen(traits.manualClock);
  let h: EngineHarness | undefined;
  let engine: TestEngine;

  eachHarness(make, (ready) => {
    h = ready;
    engine = ready.engine;
  });

  const deploy = (xml: string, name = 'task-scenario.bpmn') => deployXml(engine, xml, name);
  const start = async (processDefinitionId: string, variables: Variables = {}) => (await engine.createProcessInstance({ processDefinitionId, variables })).processInstanceKey;
  const elementsNamed = async (processInstanceKey: string, elementId: string) => elementInstancesOf(engine, processInstanceKey, { elementId });

  // -------------------------------------------------------------------------------------------
  describe('service task', () => {
    it('given a service task with task headers and 5 retries, when the instance reaches it, then a worker receives a job carrying the instance variables, the headers and the retries', async () => {
      const { processes } = await deploy(
        around(
          'task-service-job',
          serviceTask(
            'cobrar',
            'cobrar-tarjeta',
            '<zeebe:taskHeaders><zeebe:header key="pasarela" value="redsys"/><zeebe:header key="moneda" value="EUR"/></zeebe:taskHeaders>',
            'Cobrar con tarjeta',
          ).replace('retries="3"', 'retries="5"'),
        ),
      );
      const processInstanceKey = await start('task-service-job', { pedido: 'A-1', importe: 120, cliente: { nombre: 'Ana', vip: true } });

      const [waiting] = await elementsNamed(processInstanceKey, 'cobrar');
      expect(waiting).toMatchObject({ type: 'SERVICE_TASK', state: 'ACTIVE' });

      const { jobs } = completingWorker(engine, 'cobrar-tarjeta');
      await waitFor(() => jobs.length === 1, 5000, 'the job to be handed out');
      const job = jobs[0]!;
      expect(job).toMatchObject({
        type: 'cobrar-tarjeta',
        elementId: 'cobrar',
        processDefinitionId: 'task-service-job',
        processDefinitionVersion: 1,
        processDefinitionKey: processes[0]!.processDefinitionKey,
        processInstanceKey,
        elementInstanceKey: waiting!.elementInstanceKey,
        retries: 5,
        customHeaders: { pasarela: 'redsys', moneda: 'EUR' },
      });
      expect(job.variables).toEqual({ pedido: 'A-1', importe: 120, cliente: { nombre: 'Ana', vip: true } });
      expect(job.deadline).toBeGreaterThan(Date.parse(START));
    });

    it('given a zeebe:taskDefinition without retries, when the job is handed out, then it has the Zeebe default of 3 retries', async () => {
      await deploy(around('task-service-default-retries', serviceTask('paso', 'paso-simple').replace(' retries="3"', '')));
      await start('task-service-default-retries');
      const { jobs } = completingWorker(engine, 'paso-simple');
      await waitFor(() => jobs.length === 1);
      expect(jobs[0]!.retries).toBe(3);
    });

    it('given a waiting service task, when the worker completes the job with variables, then they are merged into the root scope (overwriting same names) and the instance moves on', async () => {
      await deploy(
        processXml(
          'task-service-complete',
          [startEvent(), serviceTask('cobrar', 'cobrar'), serviceTask('enviar', 'enviar'), endEvent(), chain('start', 'cobrar', 'enviar', 'end')].join('\n'),
        ),
      );
      const processInstanceKey = await start('task-service-complete', { pedido: 'A-1', importe: 120 });

      completingWorker(engine, 'cobrar', () => ({ importe: 130, cobro: { id: 'C-9', ok: true } }));
      const enviar = completingWorker(engine, 'enviar', () => ({ enviado: true }));
      await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');

      expect(await rootVariables(engine, processInstanceKey)).toEqual({
        pedido: 'A-1',
        importe: 130,
        cobro: { id: 'C-9', ok: true },
        enviado: true,
      });
      // The next task already saw what the first one wrote.
      expect(enviar.jobs[0]!.variables).toMatchObject({ importe: 130, cobro: { id: 'C-9', ok: true } });
      expect(await elementTrail(engine, processInstanceKey)).toEqual(['start', 'cobrar', 'enviar', 'end']);
      expect(await elementTrail(engine, processInstanceKey, 'COMPLETED')).toEqual(['start', 'cobrar', 'enviar', 'end']);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('other elements implemented by a job worker', () => {
    const ext = (type: string) => `<bpmn:extensionElements>${taskDefinition(type)}</bpmn:extensionElements>`;
    const cases: Array<{ kind: string; elementType: string; element: string; endsTheProcess: boolean }> = [
      { kind: 'a send task', elementType: 'SEND_TASK', element: `<bpmn:sendTask id="paso" name="Enviar correo">${ext('trabajo')}</bpmn:sendTask>`, endsTheProcess: false },
      {
        kind: 'a business rule task with zeebe:taskDefinition',
        elementType: 'BUSINESS_RULE_TASK',
        element: `<bpmn:businessRuleTask id="paso" name="Evaluar reglas">${ext('trabajo')}</bpmn:businessRuleTask>`,
        endsTheProcess: false,
      },
      {
        kind: 'a script task with zeebe:taskDefinition',
        elementType: 'SCRIPT_TASK',
        element: `<bpmn:scriptTask id="paso" name="Script externo">${ext('trabajo')}</bpmn:scriptTask>`,
        endsTheProcess: false,
      },
      {
        kind: 'a message intermediate throw event with zeebe:taskDefinition',
        elementType: 'INTERMEDIATE_THROW_EVENT',
        element: `<bpmn:intermediateThrowEvent id="paso" name="Avisar">${ext('trabajo')}<bpmn:messageEventDefinition/></bpmn:intermediateThrowEvent>`,
        endsTheProcess: false,
      },
      {
        kind: 'a message end event with zeebe:taskDefinition',
        elementType: 'END_EVENT',
        element: `<bpmn:endEvent id="paso" name="Avisar y terminar">${ext('trabajo')}<bpmn:messageEventDefinition/></bpmn:endEvent>`,
        endsTheProcess: true,
      },
    ];

    it.each(cases)(
      'given $kind, when the instance reaches it, then it waits for a job of its type and goes on once a worker completes it',
      async ({ elementType, element, endsTheProcess }) => {
        const body = endsTheProcess ? [startEvent(), element, chain('start', 'paso')] : [startEvent(), element, endEvent(), chain('start', 'paso', 'end')];
        await deploy(processXml('task-job-element', body.join('\n')));
        const processInstanceKey = await start('task-job-element', { destino: 'ana@oficio.test' });

        const [waiting] = await elementsNamed(processInstanceKey, 'paso');
        expect(waiting).toMatchObject({ type: elementType, state: 'ACTIVE' });
        expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');

        const { jobs } = completingWorker(engine, 'trabajo', () => ({ hecho: true }));
        await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');

        expect(jobs).toHaveLength(1);
        expect(jobs[0]).toMatchObject({ type: 'trabajo', elementId: 'paso', processInstanceKey, variables: { destino: 'ana@oficio.test' } });
        expect(await rootVariables(engine, processInstanceKey)).toEqual({ destino: 'ana@oficio.test', hecho: true });
        expect(await elementTrail(engine, processInstanceKey, 'COMPLETED')).toEqual(endsTheProcess ? ['start', 'paso'] : ['start', 'paso', 'end']);
      },
    );
  });

  // -------------------------------------------------------------------------------------------
  describe('script task with zeebe:script', () => {
    it('given script tasks with FEEL expressions and result variables, when the instance runs, then the results are stored at root and no job is involved', async () => {
      await deploy(
        processXml(
          'task-script-feel',
          [
            startEvent(),
            `<bpmn:scriptTask id="sumar" name="Sumar"><bpmn:extensionElements><zeebe:script expression="=a + b" resultVariable="suma"/></bpmn:extensionElements></bpmn:scriptTask>`,
            `<bpmn:scriptTask id="resumir" name="Resumir"><bpmn:extensionElements><zeebe:script expression='={total: suma * 2, cuantas: count(lineas), primera: upper case(lineas[1])}' resultVariable="resumen"/></bpmn:extensionElements></bpmn:scriptTask>`,
            endEvent(),
            chain('start', 'sumar', 'resumir', 'end'),
          ].join('\n'),
        ),
      );
      const processInstanceKey = await start('task-script-feel', { a: 2, b: 3, lineas: ['uno', 'dos'] });

      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      expect(await rootVariables(engine, processInstanceKey)).toEqual({
        a: 2,
        b: 3,
        lineas: ['uno', 'dos'],
        suma: 5,
        resumen: { total: 10, cuantas: 2, primera: 'UNO' },
      });
      const scripts = await elementInstancesOf(engine, processInstanceKey, { type: 'SCRIPT_TASK' });
      expect(scripts.map((s) => [s.elementId, s.state])).toEqual([
        ['sumar', 'COMPLETED'],
        ['resumir', 'COMPLETED'],
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('user task', () => {
    it('given a Camunda user task with form, assignment, schedule, priority and headers, when the instance reaches it, then a CREATED user task carries all of them', async () => {
      const { processes } = await deploy(
        around(
          'task-user-attributes',
          userTask(
            'revisar',
            `<zeebe:formDefinition externalReference="https://forms.oficio.test/revisar"/>
             <zeebe:assignmentDefinition assignee="ana" candidateGroups="compras, finanzas" candidateUsers="luis, marta"/>
             <zeebe:taskSchedule dueDate="2026-01-12T17:00:00Z" followUpDate="2026-01-09T09:00:00Z"/>
             <zeebe:priorityDefinition priority="80"/>
             <zeebe:taskHeaders><zeebe:header key="departamento" value="compras"/></zeebe:taskHeaders>`,
            'Revisar solicitud',
          ),
        ),
      );
      const processInstanceKey = await start('task-user-attributes', { solicitud: 'S-7' });

      const task = await openUserTask(engine, processInstanceKey, 'revisar');
      const [element] = await elementsNamed(processInstanceKey, 'revisar');
      expect(element).toMatchObject({ type: 'USER_TASK', state: 'ACTIVE' });
      expect(task).toMatchObject({
        name: 'Revisar solicitud',
        state: 'CREATED',
        elementId: 'revisar',
        assignee: 'ana',
        candidateGroups: ['compras', 'finanzas'],
        candidateUsers: ['luis', 'marta'],
        externalFormReference: 'https://forms.oficio.test/revisar',
        priority: 80,
        customHeaders: { departamento: 'compras' },
        processDefinitionId: 'task-user-attributes',
        processDefinitionVersion: 1,
        processDefinitionKey: processes[0]!.processDefinitionKey,
        processInstanceKey,
        elementInstanceKey: element!.elementInstanceKey,
      });
      expect(instant(task.dueDate)).toBe(Date.parse('2026-01-12T17:00:00Z'));
      expect(instant(task.followUpDate)).toBe(Date.parse('2026-01-09T09:00:00Z'));
      expect(instant(task.creationDate)).toBe(Date.parse(START));
      expect(task.completionDate).toBeUndefined();
      expect(await engine.getUserTask({ userTaskKey: task.userTaskKey })).toMatchObject({ userTaskKey: task.userTaskKey, name: 'Revisar solicitud', state: 'CREATED' });
      expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');
    });

    it('given a user task with nothing but zeebe:userTask, when it is created, then it is unassigned, has no candidates and the default priority 50', async () => {
      await deploy(around('task-user-minimal', userTask('tarea')));
      const processInstanceKey = await start('task-user-minimal');
      const task = await openUserTask(engine, processInstanceKey, 'tarea');
      expect(task.assignee || undefined).toBeUndefined();
      expect(task.candidateGroups ?? []).toEqual([]);
      expect(task.candidateUsers ?? []).toEqual([]);
      expect(task.dueDate || undefined).toBeUndefined();
      expect(task.priority).toBe(50);
    });

    it('given assignment, schedule and priority written as FEEL expressions, when the user task is created, then they are evaluated against the instance variables', async () => {
      await deploy(
        around(
          'task-user-feel',
          userTask(
            'aprobar',
            `<zeebe:assignmentDefinition assignee="=solicitante" candidateGroups='=["finanzas", region]' candidateUsers="=aprobadores"/>
             <zeebe:taskSchedule dueDate="=date and time(limite)" followUpDate='=date and time(limite) - duration("P1D")'/>
             <zeebe:priorityDefinition priority="=if urgente then 90 else 30"/>`,
          ),
        ),
      );
      const processInstanceKey = await start('task-user-feel', {
        solicitante: 'carla',
        region: 'norte',
        aprobadores: ['luis', 'marta'],
        limite: '2026-02-01T12:00:00Z',
        urgente: true,
      });

      const task = await openUserTask(engine, processInstanceKey, 'aprobar');
      expect(task).toMatchObject({ assignee: 'carla', candidateGroups: ['finanzas', 'norte'], candidateUsers: ['luis', 'marta'], priority: 90 });
      expect(instant(task.dueDate)).toBe(Date.parse('2026-02-01T12:00:00Z'));
      expect(instant(task.followUpDate)).toBe(Date.parse('2026-01-31T12:00:00Z'));
    });

    it('given open user tasks of several instances, when searching by candidate group, assignee, state and instance, then the matching tasks come back sorted by due date', async () => {
      await deploy(around('task-user-search', userTask('atender', `<zeebe:assignmentDefinition candidateGroups="=[grupo]"/><zeebe:taskSchedule dueDate="=date and time(limite)"/>`)));
      const tarde = await start('task-user-search', { grupo: 'compras', limite: '2026-01-20T10:00:00Z' });
      const pronto = await start('task-user-search', { grupo: 'finanzas', limite: '2026-01-10T10:00:00Z' });
      const medio = await start('task-user-search', { grupo: 'compras', limite: '2026-01-15T10:00:00Z' });
      const keyOf = async (pi: string) => (await openUserTask(engine, pi, 'atender')).userTaskKey;
      const [tardeTask, prontoTask, medioTask] = [await keyOf(tarde), await keyOf(pronto), await keyOf(medio)];
      const instancesOf = (items: Array<{ processInstanceKey?: string }>) => items.map((t) => t.processInstanceKey);

      const compras = await engine.searchUserTasks({ filter: { candidateGroup: 'compras' }, sort: [{ field: 'dueDate', order: 'ASC' }] });
      expect(instancesOf(compras.items)).toEqual([medio, tarde]);
      expect(compras.page.totalItems).toBe(2);

      const comprasDesc = await engine.searchUserTasks({ filter: { candidateGroup: 'compras' }, sort: [{ field: 'dueDate', order: 'DESC' }] });
      expect(instancesOf(comprasDesc.items)).toEqual([tarde, medio]);

      const all = await engine.searchUserTasks({ filter: { processDefinitionId: 'task-user-search' }, sort: [{ field: 'dueDate', order: 'ASC' }] });
      expect(instancesOf(all.items)).toEqual([pronto, medio, tarde]);

      const one = await engine.searchUserTasks({ filter: { processInstanceKey: pronto } });
      expect(one.items.map((t) => t.userTaskKey)).toEqual([prontoTask]);

      await engine.assignUserTask({ userTaskKey: tardeTask, assignee: 'ana' });
      const ana = await engine.searchUserTasks({ filter: { assignee: 'ana' } });
      expect(ana.items.map((t) => t.userTaskKey)).toEqual([tardeTask]);

      await engine.completeUserTask({ userTaskKey: medioTask });
      const open = await engine.searchUserTasks({ filter: { processDefinitionId: 'task-user-search', state: 'CREATED' }, sort: [{ field: 'dueDate', order: 'ASC' }] });
      expect(open.items.map((t) => t.userTaskKey)).toEqual([prontoTask, tardeTask]);
      const done = await engine.searchUserTasks({ filter: { processDefinitionId: 'task-user-search', state: 'COMPLETED' } });
      expect(done.items.map((t) => t.userTaskKey)).toEqual([medioTask]);
    });

    it('given an open user task, when it is claimed, claimed again without override, reassigned and unassigned, then the assignee follows and the conflicting claim is rejected', async () => {
      await deploy(around('task-user-claim', userTask('revisar', '<zeebe:assignmentDefinition candidateGroups="compras"/>')));
      const processInstanceKey = await start('task-user-claim');
      const { userTaskKey } = await openUserTask(engine, processInstanceKey, 'revisar');
      const assignee = async () => (await engine.getUserTask({ userTaskKey })).assignee || undefined;

      await engine.assignUserTask({ userTaskKey, assignee: 'ana', allowOverride: false });
      expect(await assignee()).toBe('ana');

      const conflict = await rejectionOf(engine.assignUserTask({ userTaskKey, assignee: 'luis', allowOverride: false }));
      expect(['CONFLICT', 'INVALID_STATE']).toContain(codeOf(conflict));
      expect(await assignee()).toBe('ana');

      await engine.assignUserTask({ userTaskKey, assignee: 'luis', allowOverride: true });
      expect(await assignee()).toBe('luis');

      await engine.unassignUserTask({ userTaskKey });
      expect(await assignee()).toBeUndefined();

      await engine.assignUserTask({ userTaskKey, assignee: 'marta', allowOverride: false });
      expect(await assignee()).toBe('marta');
      expect((await engine.getUserTask({ userTaskKey })).state).toBe('CREATED');
      expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');
    });

    itClock(
      'given an open user task, when it is completed with variables, then the task is COMPLETED, the variables reach the root and the instance moves on; completing it again is rejected',
      async () => {
        await deploy(
          processXml('task-user-complete', [startEvent(), userTask('revisar'), serviceTask('notificar', 'notificar'), endEvent(), chain('start', 'revisar', 'notificar', 'end')].join('\n')),
        );
        const processInstanceKey = await start('task-user-complete', { solicitud: 'S-7' });
        const { userTaskKey } = await openUserTask(engine, processInstanceKey, 'revisar');

        await h!.clock.advance('PT2H');
        await engine.completeUserTask({ userTaskKey, variables: { aprobado: true, comentario: 'conforme' } });

        const task = await engine.getUserTask({ userTaskKey });
        expect(task.state).toBe('COMPLETED');
        expect(instant(task.completionDate)).toBe(Date.parse(START) + 2 * 3_600_000);
        expect(await rootVariables(engine, processInstanceKey)).toEqual({ solicitud: 'S-7', aprobado: true, comentario: 'conforme' });
        expect((await elementsNamed(processInstanceKey, 'revisar'))[0]!.state).toBe('COMPLETED');
        expect((await elementsNamed(processInstanceKey, 'notificar'))[0]!.state).toBe('ACTIVE');

        const again = await rejectionOf(engine.completeUserTask({ userTaskKey, variables: { aprobado: false } }));
        expect(['NOT_FOUND', 'INVALID_STATE']).toContain(codeOf(again));
        expect((await rootVariables(engine, processInstanceKey)).aprobado).toBe(true);

        const { jobs } = completingWorker(engine, 'notificar');
        await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');
        expect(jobs[0]!.variables).toMatchObject({ aprobado: true, comentario: 'conforme' });
      },
    );
  });

  // -------------------------------------------------------------------------------------------
  describe('receive task', () => {
    it('given two instances waiting in a receive task, when a message with one correlation key is published, then only that instance completes, with the message variables', async () => {
      const message = `<bpmn:message id="Msg_pago" name="pago-recibido"><bpmn:extensionElements><zeebe:subscription correlationKey="=pedido"/></bpmn:extensionElements></bpmn:message>`;
      await deploy(
        processXml(
          'task-receive',
          [startEvent(), `<bpmn:receiveTask id="esperarPago" name="Esperar pago" messageRef="Msg_pago"/>`, endEvent(), chain('start', 'esperarPago', 'end')].join('\n'),
          message,
        ),
      );
      const a = await start('task-receive', { pedido: 'A-1' });
      const b = await start('task-receive', { pedido: 'B-2' });
      const [waitingA] = await elementsNamed(a, 'esperarPago');
      expect(waitingA).toMatchObject({ type: 'RECEIVE_TASK', state: 'ACTIVE' });

      await engine.publishMessage({ name: 'pago-recibido', correlationKey: 'B-2', variables: { importe: 50 } });
      expect(await instanceState(engine, b)).toBe('COMPLETED');
      expect(await rootVariables(engine, b)).toEqual({ pedido: 'B-2', importe: 50 });
      expect(await instanceState(engine, a)).toBe('ACTIVE');
      expect((await elementsNamed(a, 'esperarPago'))[0]!.state).toBe('ACTIVE');

      await engine.publishMessage({ name: 'otro-mensaje', correlationKey: 'A-1' });
      expect(await instanceState(engine, a)).toBe('ACTIVE');

      await engine.publishMessage({ name: 'pago-recibido', correlationKey: 'A-1', variables: { importe: 75 } });
      expect(await instanceState(engine, a)).toBe('COMPLETED');
      expect(await rootVariables(engine, a)).toEqual({ pedido: 'A-1', importe: 75 });
      expect(await elementTrail(engine, a, 'COMPLETED')).toEqual(['start', 'esperarPago', 'end']);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('manual task and undefined task', () => {
    it('given a manual task and an undefined bpmn:task, when an instance starts, then both pass straight through and the instance completes at once', async () => {
      await deploy(
        processXml(
          'task-pass-through',
          [startEvent(), `<bpmn:manualTask id="firmar" name="Firmar a mano"/>`, `<bpmn:task id="anotar" name="Anotar"/>`, endEvent(), chain('start', 'firmar', 'anotar', 'end')].join('\n'),
        ),
      );
      const processInstanceKey = await start('task-pass-through', { x: 1 });

      expect(await instanceState(engine, processInstanceKey)).toBe('COMPLETED');
      const elements = await elementInstancesOf(engine, processInstanceKey);
      expect(elements.map((e) => [e.elementId, e.type, e.state])).toEqual([
        ['start', 'START_EVENT', 'COMPLETED'],
        ['firmar', 'MANUAL_TASK', 'COMPLETED'],
        ['anotar', 'TASK', 'COMPLETED'],
        ['end', 'END_EVENT', 'COMPLETED'],
      ]);
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ x: 1 });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('job workers', () => {
    const oneTask = (processId: string, type: string) => around(processId, serviceTask('trabajo', type));

    it('given 10 waiting jobs, when a worker with maxParallelJobs 2 handles them, then never more than 2 handlers run at once and all 10 instances complete', async () => {
      await deploy(oneTask('task-worker-parallel', 'lento'));
      const keys: string[] = [];
      for (let i = 0; i < 10; i++) keys.push(await start('task-worker-parallel', { n: i }));

      let running = 0;
      let peak = 0;
      const seen: number[] = [];
      engine.createJobWorker({
        jobType: 'lento',
        maxParallelJobs: 2,
        jobTimeoutMs: 60_000,
        jobHandler: async (job) => {
          running++;
          peak = Math.max(peak, running);
          seen.push(job.variables.n as number);
          try {
            await sleep(20);
            return await job.complete({ hecho: job.variables.n });
          } finally {
            running--;
          }
        },
      });
      await waitFor(() => seen.length === 10, 10_000, '10 jobs handled');
      await engine.idle();

      expect(peak).toBe(2);
      expect([...seen].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const [i, key] of keys.entries()) {
        expect(await instanceState(engine, key)).toBe('COMPLETED');
        expect((await rootVariables(engine, key)).hecho).toBe(i);
      }
    });

    it('given a worker with fetchVariables, when it gets a job, then it sees only the listed variables (while a worker without it sees all)', async () => {
      await deploy(
        processXml('task-worker-fetch', [startEvent(), serviceTask('uno', 'solo-algunas'), serviceTask('dos', 'todas'), endEvent(), chain('start', 'uno', 'dos', 'end')].join('\n')),
      );
      const processInstanceKey = await start('task-worker-fetch', { a: 1, b: { grande: 'x'.repeat(100) }, c: 'tres' });
      const limited = completingWorker(engine, 'solo-algunas', () => ({ d: 4 }), { fetchVariables: ['a', 'c', 'noExiste'] });
      const full = completingWorker(engine, 'todas');
      await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');

      expect(limited.jobs[0]!.variables).toEqual({ a: 1, c: 'tres' });
      expect(full.jobs[0]!.variables).toEqual({ a: 1, b: { grande: 'x'.repeat(100) }, c: 'tres', d: 4 });
    });

    itClock(
      'given a worker that fails a job with retries left and a retry back-off, when time passes, then the job is not handed out before the back-off and then comes back with the retries it was given',
      async () => {
        await deploy(oneTask('task-worker-backoff', 'inestable'));
        const processInstanceKey = await start('task-worker-backoff');
        const calls: Job[] = [];
        engine.createJobWorker({
          jobType: 'inestable',
          maxParallelJobs: 1,
          jobTimeoutMs: 600_000,
          jobHandler: (job) => {
            calls.push(job);
            return calls.length === 1 ? job.fail({ retries: 2, errorMessage: 'servicio caído', retryBackOff: 60_000 }) : job.complete({ ok: true });
          },
        });
        await waitFor(() => calls.length === 1);
        await engine.idle();
        expect(calls[0]!.retries).toBe(3);

        await h!.clock.advance(59_000);
        await engine.idle();
        expect(calls).toHaveLength(1);
        expect((await engine.searchIncidents({ filter: { processInstanceKey } })).items).toHaveLength(0);
        expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');

        await h!.clock.advance(1_000);
        await waitFor(() => calls.length === 2, 5000, 'the job to come back after its back-off');
        expect(calls[1]!.jobKey).toBe(calls[0]!.jobKey);
        expect(calls[1]!.retries).toBe(2);
        await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');
        expect(await rootVariables(engine, processInstanceKey)).toEqual({ ok: true });
      },
    );

    it('given a job failed with no retries left, when its retries are raised and the incident resolved, then the job is handed out again and the instance completes', async () => {
      await deploy(oneTask('task-worker-no-retries', 'cobrar'));
      const processInstanceKey = await start('task-worker-no-retries');
      const calls: Job[] = [];
      engine.createJobWorker({
        jobType: 'cobrar',
        maxParallelJobs: 1,
        jobTimeoutMs: 600_000,
        jobHandler: (job) => {
          calls.push(job);
          return calls.length === 1 ? job.fail({ retries: 0, errorMessage: 'tarjeta rechazada' }) : job.complete({ cobrado: true });
        },
      });
      const incident = await waitFor(async () => (await engine.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } })).items[0], 5000, 'an incident');
      expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'tarjeta rechazada', elementId: 'trabajo', jobKey: calls[0]!.jobKey });
      expect((await engine.getProcessInstance({ processInstanceKey })).hasIncident).toBe(true);
      await engine.idle();
      expect(calls).toHaveLength(1);

      await engine.updateJob({ jobKey: calls[0]!.jobKey, changeset: { retries: 1 } });
      await engine.resolveIncident({ incidentKey: incident.incidentKey! });
      await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');

      expect(calls).toHaveLength(2);
      expect(calls[1]!.retries).toBe(1);
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ cobrado: true });
      const after = await engine.searchIncidents({ filter: { processInstanceKey } });
      expect(after.items.map((i) => i.state)).toEqual(['RESOLVED']);
      expect((await engine.getProcessInstance({ processInstanceKey })).hasIncident).toBe(false);
    });

    itClock('given a worker whose handler never answers (jobTimeoutMs 1000), when 1 s passes, then the job is handed out again, to a second worker, with its retries untouched', async () => {
      await deploy(oneTask('task-worker-timeout', 'colgado'));
      const processInstanceKey = await start('task-worker-timeout');
      const first: Job[] = [];
      let release: (receipt: JobActionReceipt) => void = () => {};
      engine.createJobWorker({
        jobType: 'colgado',
        maxParallelJobs: 1,
        jobTimeoutMs: 1000,
        jobHandler: (job) => {
          first.push(job);
          return new Promise<JobActionReceipt>((resolve) => (release = resolve));
        },
      });
      try {
        await waitFor(() => first.length === 1);
        expect(first[0]!.deadline).toBe(Date.parse(START) + 1000);

        const second = completingWorker(engine, 'colgado', () => ({ por: 'segundo' }), { maxParallelJobs: 1, jobTimeoutMs: 60_000 });
        await h!.clock.advance(500);
        await sleep(50);
        expect(second.jobs).toHaveLength(0);

        await h!.clock.advance(500);
        await waitFor(() => second.jobs.length === 1, 5000, 'the timed-out job to reach the second worker');
        expect(second.jobs[0]!.jobKey).toBe(first[0]!.jobKey);
        expect(second.jobs[0]!.retries).toBe(3);
        await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');
        expect(await rootVariables(engine, processInstanceKey)).toEqual({ por: 'segundo' });
        expect(first).toHaveLength(1);
      } finally {
        release('JOB_ACTION_RECEIPT');
      }
    });

    itClock('given an activated job with a 1 s timeout, when updateJob extends the timeout to 60 s, then the job is not handed out again until the new deadline', async () => {
      await deploy(oneTask('task-worker-extend', 'largo'));
      const processInstanceKey = await start('task-worker-extend');
      // The first worker takes the job, leaves it unanswered and goes away.
      const first = holdingWorker(engine, 'largo', { maxParallelJobs: 1, jobTimeoutMs: 1000 });
      await waitFor(() => first.jobs.length === 1);
      first.worker.stop();
      const second = completingWorker(engine, 'largo', () => ({ fin: true }), { maxParallelJobs: 1, jobTimeoutMs: 60_000 });

      await engine.updateJob({ jobKey: first.jobs[0]!.jobKey, changeset: { timeout: 60_000 } });
      await h!.clock.advance(30_000);
      await engine.idle();
      expect(second.jobs).toHaveLength(0);
      expect(await instanceState(engine, processInstanceKey)).toBe('ACTIVE');

      await h!.clock.advance(30_000);
      await waitFor(() => second.jobs.length === 1, 5000, 'the job to reach the second worker after the extended deadline');
      expect(second.jobs[0]!.jobKey).toBe(first.jobs[0]!.jobKey);
      await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ fin: true });
    });

    it('given a completed job, when the worker completes it again, then the call is rejected and nothing changes', async () => {
      await deploy(oneTask('task-worker-double', 'una-vez'));
      const processInstanceKey = await start('task-worker-double');
      const { jobs } = completingWorker(engine, 'una-vez', () => ({ n: 1 }));
      await waitForInstanceState(engine, processInstanceKey, 'COMPLETED');

      const error = await rejectionOf(jobs[0]!.complete({ n: 2 }));
      expect(['NOT_FOUND', 'INVALID_STATE']).toContain(codeOf(error));
      expect(await rootVariables(engine, processInstanceKey)).toEqual({ n: 1 });
      expect(await elementTrail(engine, processInstanceKey)).toEqual(['start', 'trabajo', 'end']);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('cancelling an instance', () => {
    itClock(
      'given an instance with an activated job and an open user task, when it is cancelled, then it is TERMINATED, the user task CANCELED and the job can no longer be completed or handed out',
      async () => {
        await deploy(
          processXml(
            'task-cancel',
            [
              startEvent(),
              `<bpmn:parallelGateway id="fork"/>`,
              serviceTask('cobrar', 'cobrar'),
              userTask('aprobar'),
              `<bpmn:parallelGateway id="join"/>`,
              endEvent(),
              chain('start', 'fork'),
              chain('fork', 'cobrar', 'join'),
              chain('fork', 'aprobar', 'join'),
              chain('join', 'end'),
            ].join('\n'),
          ),
        );
        const { jobs } = holdingWorker(engine, 'cobrar');
        const processInstanceKey = await start('task-cancel');
        await waitFor(() => jobs.length === 1);
        const { userTaskKey } = await openUserTask(engine, processInstanceKey, 'aprobar');

        await engine.cancelProcessInstance({ processInstanceKey });

        const instance = await engine.getProcessInstance({ processInstanceKey });
        expect(instance.state).toBe('TERMINATED');
        expect(instance.endDate).toBeDefined();
        expect((await engine.getUserTask({ userTaskKey })).state).toBe('CANCELED');
        expect((await engine.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED' } })).items).toHaveLength(0);
        expect((await elementsNamed(processInstanceKey, 'cobrar'))[0]!.state).toBe('TERMINATED');
        expect((await elementsNamed(processInstanceKey, 'aprobar'))[0]!.state).toBe('TERMINATED');
        expect(await elementTrail(engine, processInstanceKey, 'ACTIVE')).toEqual([]);

        const error = await rejectionOf(jobs[0]!.complete({ cobrado: true }));
        expect(['NOT_FOUND', 'INVALID_STATE']).toContain(codeOf(error));
        expect(await rootVariables(engine, processInstanceKey)).toEqual({});

        const late = completingWorker(engine, 'cobrar');
        await h!.clock.advance('PT2H');
        await engine.idle();
        expect(late.jobs).toHaveLength(0);
        expect(jobs).toHaveLength(1);
      },
    );
  });
}
