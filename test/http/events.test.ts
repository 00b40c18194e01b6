// The live tasklist over a real listening server: GET /api/events streams each task change to the
// users who may see the task — and to nobody else —, resumes after a reconnection from the id of the
// last event seen (or says to reload the list), is bounded per user and in total with refusals in
// words, ends when its session does and never keeps the server from closing; its request is logged
// when it opens, not as one long request.
import { afterEach, describe, expect, it } from '@jest/globals';
import { bpmn } from '../engine/harness.js';
import { captureLog } from '../support/log.js';
import { waitFor } from '../support/wait-for.js';
import { DEMO_PASSWORD } from './harness.js';
import { serve, type SseEvent, type Served } from './sse.js';

const task = (id: string, name: string, group: string) =>
  bpmn(
    id,
    `
    <bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="tarea"/>
    <bpmn:userTask id="tarea" name="${name}">
      <bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="${group}"/><zeebe:taskSchedule dueDate="=string(now() + duration(&quot;PT4H&quot;))"/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="tarea" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  );

const isTask = (e: SseEvent) => e.event === 'task';

let s: Served;
afterEach(async () => {
  await s?.close();
});

async function served(env: NodeJS.ProcessEnv = {}, log?: ReturnType<typeof captureLog>) {
  s = await serve({ env: { OFICIO_EVENTS_HEARTBEAT_SECONDS: '0.05', ...env }, ...(log ? { log: log.log } : {}) });
  await s.oficio.engine.createDeployment({
    resources: [
      { name: 'vivo-mesa.bpmn', content: task('vivo-mesa', 'Atender reporte', 'mesa-ayuda') },
      { name: 'vivo-redes.bpmn', content: task('vivo-redes', 'Configurar puerto', 'red-datos') },
    ],
  });
  return s;
}

const start = async (processDefinitionId: string) => (await s.oficio.engine.createProcessInstance({ processDefinitionId })).processInstanceKey;

describe('GET /api/events', () => {
  it("given a new task of a group, then its candidates' streams receive it as the tasklist lists it, and an unrelated user's does not", async () => {
    await served();
    const mesa = await s.signIn('mesa-ayuda');
    const red = await s.signIn('red-datos');
    const admin = await s.signIn('admin');
    const mesaStream = await mesa.stream();
    const redStream = await red.stream();
    const adminStream = await admin.stream();
    expect(mesaStream.status).toBe(200);
    expect(mesaStream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(mesaStream.headers['cache-control']).toContain('no-cache');
    // EventSource is told how soon to come back.
    expect((await mesaStream.next((e) => e.retry !== undefined, 'retry:')).retry).toBeGreaterThan(0);

    const mesaKey = await start('vivo-mesa');
    const created = await mesaStream.next(isTask, 'the new task');
    expect(created.id).toEqual(expect.any(String));
    expect(created.data).toMatchObject({
      change: 'created',
      task: { name: 'Atender reporte', processInstanceKey: mesaKey, candidateGroups: ['mesa-ayuda'], assignee: null, state: 'CREATED' },
    });
    expect(created.data.task.sla).toMatchObject({ status: 'on-time' });
    // The same row GET /api/tasks answers.
    const listed = await mesa.call('GET', '/api/tasks');
    expect(listed.body.items).toEqual([created.data.task]);

    // red-datos's first task event is its own group's task, created after: mesa-ayuda's never reached it.
    const redKey = await start('vivo-redes');
    const redFirst = await redStream.next(isTask, "red-datos's task");
    expect(redFirst.data.task.processInstanceKey).toBe(redKey);
    // Those who read every task see both, in order.
    expect((await adminStream.next(isTask)).data.task.processInstanceKey).toBe(mesaKey);
    expect((await adminStream.next(isTask)).data.task.processInstanceKey).toBe(redKey);
    // …and mesa-ayuda's next event is not red-datos's task.
    await start('vivo-mesa');
    expect((await mesaStream.next(isTask)).data.task.candidateGroups).toEqual(['mesa-ayuda']);
  });

  it('given a task claimed, given back, claimed and completed, then every candidate sees each change', async () => {
    await served();
    await s.oficio.identity.createUser({ username: 'mesa-ayuda-2', displayName: 'Segunda de Mesa', groups: ['mesa-ayuda'], password: DEMO_PASSWORD });
    const ana = await s.signIn('mesa-ayuda');
    const eva = await s.signIn('mesa-ayuda-2');
    const evaStream = await eva.stream();
    await start('vivo-mesa');
    const { data } = await evaStream.next(isTask, 'the new task');
    const key = data.task.userTaskKey as string;

    expect((await ana.call('POST', `/api/tasks/${key}/claim`)).status).toBe(204);
    expect((await evaStream.next(isTask, 'the claim')).data).toMatchObject({ change: 'assigned', task: { userTaskKey: key, assignee: 'mesa-ayuda' } });
    expect((await ana.call('POST', `/api/tasks/${key}/unclaim`)).status).toBe(204);
    expect((await evaStream.next(isTask, 'the unclaim')).data).toMatchObject({ change: 'unassigned', task: { userTaskKey: key, assignee: null } });
    expect((await eva.call('POST', `/api/tasks/${key}/claim`)).status).toBe(204);
    expect((await evaStream.next(isTask)).data).toMatchObject({ change: 'assigned', task: { assignee: 'mesa-ayuda-2' } });
    expect((await eva.call('POST', `/api/tasks/${key}/complete`, { data: {} })).status).toBe(204);
    expect((await evaStream.next(isTask, 'the completion')).data).toMatchObject({ change: 'completed', task: { userTaskKey: key, state: 'COMPLETED' } });
  });

  it('given a reconnection with the id of the last event seen, then the events missed meanwhile come first; an id it no longer has says to reload', async () => {
    await served({ OFICIO_EVENTS_REPLAY: '3' });
    const mesa = await s.signIn('mesa-ayuda');
    const admin = await s.signIn('admin');
    // Someone keeps listening while mesa-ayuda is away.
    const watching = await admin.stream();
    const first = await mesa.stream();
    const firstKey = await start('vivo-mesa');
    const seen = await first.next(isTask);
    first.close();

    const missedKey = await start('vivo-mesa');
    await watching.next((e) => isTask(e) && e.data.task.processInstanceKey === missedKey, 'the task created while away');
    const resumed = await mesa.stream({ lastEventId: seen.id });
    const replayed = await resumed.next(isTask, 'the missed task');
    expect(replayed.data.task.processInstanceKey).toBe(missedKey);
    expect(replayed.data.task.processInstanceKey).not.toBe(firstKey);
    expect(resumed.events.some((e) => e.event === 'reload')).toBe(false);

    // More changes than the server keeps: the client is told to read its list again.
    for (let i = 0; i < 4; i++) await start('vivo-redes');
    await waitFor(() => watching.events.filter(isTask).length >= 6, 5000, 'the changes seen by admin');
    const late = await mesa.stream({ lastEventId: replayed.id });
    expect((await late.next((e) => e.event === 'reload' || isTask(e))).data).toEqual({ reason: 'too-old' });

    // An id of another server (or of before a restart).
    const stranger = await mesa.stream({ lastEventId: 'deadbeef-12' });
    const reload = await stranger.next((e) => e.event === 'reload' || isTask(e));
    expect(reload).toMatchObject({ event: 'reload', data: { reason: 'unknown-id' } });
    // Its id is where the client stands now: the next reconnection resumes from it.
    const again = await mesa.stream({ lastEventId: reload.id });
    const afterKey = await start('vivo-mesa');
    expect((await again.next((e) => e.event === 'reload' || isTask(e))).data.task.processInstanceKey).toBe(afterKey);
  });

  it('given the limits of open streams, then one more of a user is a 429 and one more in all a 503, each saying why', async () => {
    await served({ OFICIO_EVENTS_MAX_STREAMS_PER_USER: '2', OFICIO_EVENTS_MAX_STREAMS: '3' });
    const mesa = await s.signIn('mesa-ayuda');
    const red = await s.signIn('red-datos');
    await mesa.stream();
    await mesa.stream();
    const third = await mesa.stream();
    expect(third.status).toBe(429);
    expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(third.headers['retry-after']).toEqual(expect.any(String));
    expect(third.body.title).toBe('Ya tiene 2 pestañas o equipos recibiendo sus tareas en vivo; cierre alguno e intente de nuevo.');

    expect((await red.stream()).status).toBe(200);
    const full = await red.stream();
    expect(full.status).toBe(503);
    expect(full.body.title).toContain('máximo de 3 listas de tareas en vivo');
  });

  it('given a stream closed by its client, then its place is free again', async () => {
    await served({ OFICIO_EVENTS_MAX_STREAMS_PER_USER: '1' });
    const mesa = await s.signIn('mesa-ayuda');
    const first = await mesa.stream();
    expect((await mesa.stream()).status).toBe(429);
    first.close();
    await waitFor(() => s.oficio.live.events.openStreams === 0, 5000, 'the stream to be let go');
    expect((await mesa.stream()).status).toBe(200);
  });

  it('given sign-out, then the streams of that session end; a deactivated user’s end at the next heartbeat; heartbeats keep the others open', async () => {
    await served();
    const mesa = await s.signIn('mesa-ayuda');
    const red = await s.signIn('red-datos');
    const mesaStream = await mesa.stream();
    const redStream = await red.stream();
    expect((await redStream.next((e) => e.comment !== undefined, 'a heartbeat')).comment).toBeTruthy();

    expect((await mesa.call('POST', '/api/auth/logout')).status).toBe(204);
    await waitFor(() => mesaStream.ended, 5000, "mesa-ayuda's stream to end");
    expect(redStream.ended).toBe(false);

    const user = (await s.oficio.identity.findByUsername('red-datos'))!;
    await s.oficio.identity.updateUser(user.id, { active: false });
    await waitFor(() => redStream.ended, 5000, "the deactivated user's stream to end");
    // Without a session there is no stream.
    expect((await mesa.stream()).status).toBe(401);
  });

  it('given open streams, then the server still closes, and each stream is logged when it opens and when it ends', async () => {
    const log = captureLog('info');
    await served({}, log);
    const mesa = await s.signIn('mesa-ayuda');
    const stream = await mesa.stream();
    await stream.next((e) => e.retry !== undefined);
    const opened = log.lines.find((l) => l.msg === 'event stream opened');
    expect(opened).toMatchObject({ path: '/api/events', status: 200, method: 'GET' });
    expect(opened!.durationMs as number).toBeLessThan(60_000);
    expect(log.lines.some((l) => l.msg === 'request abandoned by the client')).toBe(false);

    await s.close();
    await waitFor(() => stream.ended, 5000, 'the stream to end with the server');
    expect(log.lines.find((l) => l.msg === 'event stream closed')).toMatchObject({ path: '/api/events', openSeconds: expect.any(Number) });
    // One line for the request, not a second one when the stream ended.
    expect(log.lines.filter((l) => l.path === '/api/events' && l.msg !== 'event stream closed')).toHaveLength(1);
    s = undefined as unknown as Served;
  });
});
