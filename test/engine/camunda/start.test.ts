// `npm start` with ENGINE=camunda against the REST double: the manual is deployed to the cluster
// with Oficio's task listeners, Oficio's tasklist shows a task Camunda created, a completion made
// behind Oficio's back with data the task's form refuses is denied in Spanish, and a completion
// through Oficio's API goes through.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import { createCamundaEngine, TASK_LISTENER_TYPE, type CamundaEngine } from '../../../server/engine/camunda/index.js';
import { bpmn, deployXml, rejectionOf, waitForInstanceState, withFlowRefs } from '../harness.js';
import { waitFor } from '../../support/wait-for.js';
import { chain, endEvent, startEvent } from '../fixtures.js';
import { startCamundaDouble, type CamundaDouble } from './double.js';
import { STRICT } from './harness.js';
import { startOficio, type RunningOficio } from '../../server-process.js';

jest.setTimeout(90_000);

const root = fileURLToPath(new URL('../../..', import.meta.url));
const models = readdirSync(join(root, 'processes'))
  .filter((f) => f.endsWith('.bpmn'))
  .map((f) => f.replace(/\.bpmn$/, ''));
const PASSWORD = 'Demo#2026oficio';

let double: CamundaDouble;
let server: RunningOficio;
let api = '';

beforeAll(async () => {
  double = await startCamundaDouble();
  server = await startOficio(PASSWORD, { ENGINE: 'camunda', ZEEBE_REST_ADDRESS: double.url, CAMUNDA_AUTH_STRATEGY: 'NONE', ...STRICT });
  api = server.url;
});

afterAll(async () => {
  await server?.stop();
  await double?.close();
});

async function signIn(username: string) {
  const login = await fetch(`${api}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    get: (path: string) => fetch(`${api}${path}`, { headers: { cookie } }),
    post: (path: string, body: unknown) =>
      fetch(`${api}${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  };
}

describe('npm start with ENGINE=camunda', () => {
  it("deploys every model of the manual to the cluster in one deployment, each Camunda user task with Oficio's listeners, and says which engine it runs on", async () => {
    expect(server.output()).toContain(`Motor: Camunda 8 en ${double.url}`);
    for (const id of models) expect(server.output()).toMatch(new RegExp(`Desplegado ${id} versión 1 `));
    const [deployment, ...more] = double.requestsTo('POST /deployments');
    expect(more).toEqual([]);
    const sent = (deployment!.body as { resources: Array<{ name: string; content: string }> }).resources;
    expect(sent).toHaveLength(models.length);
    for (const resource of sent.filter((r) => r.content.includes('<zeebe:userTask'))) expect(resource.content).toContain(`type="${TASK_LISTENER_TYPE}"`);
  });

  it('shows in its tasklist a task Camunda created, refuses (in Spanish) a completion made behind its back that breaks the form, and completes it through its own API', async () => {
    const outsider: CamundaEngine = createCamundaEngine({ settings: { ZEEBE_REST_ADDRESS: double.url, CAMUNDA_AUTH_STRATEGY: 'NONE', ...STRICT } });
    try {
      await deployXml(
        outsider,
        withFlowRefs(
          bpmn(
            'e2e-escalar',
            [
              startEvent(),
              `<bpmn:userTask id="escalar" name="Escalar la queja"><bpmn:extensionElements><zeebe:userTask/><zeebe:formDefinition externalReference="dgsti-p01-pr01-cas-queja-escalamiento"/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>`,
              endEvent(),
              chain('start', 'escalar', 'end'),
            ].join('\n'),
          ),
        ),
        'e2e-escalar.bpmn',
      );
      const { processInstanceKey } = await outsider.createProcessInstance({ processDefinitionId: 'e2e-escalar' });

      const mesa = await signIn('mesa-ayuda');
      const task = await waitFor(
        async () => {
          const page = (await (await mesa.get('/api/tasks')).json()) as { items: Array<{ userTaskKey: string; processInstanceKey: string; name: string; formId: string | null }> };
          return page.items.find((t) => t.processInstanceKey === processInstanceKey);
        },
        10_000,
        'the task in the tasklist',
      );
      expect(task).toMatchObject({ name: 'Escalar la queja', formId: 'dgsti-p01-pr01-cas-queja-escalamiento' });

      const refused = await rejectionOf(outsider.completeUserTask({ userTaskKey: task.userTaskKey, variables: { causaRetraso: '' } }));
      expect(refused.code).toBe('INVALID_ARGUMENT');
      expect(String(refused.params.reason)).toContain('Causa del retraso');
      expect(String(refused.params.reason)).toContain('Acciones tomadas');

      const done = await mesa.post(`/api/tasks/${task.userTaskKey}/complete`, { data: { causaRetraso: 'Falta de refacción', accionesTomadas: 'Se pidió la pieza al proveedor' } });
      expect(done.status).toBe(204);
      await waitForInstanceState(double.engine, processInstanceKey, 'COMPLETED');
      const detail = (await (await mesa.get(`/api/tasks/${task.userTaskKey}`)).json()) as { task: { state: string } };
      expect(detail.task.state).toBe('COMPLETED');
    } finally {
      await outsider.close();
    }
  });
});
