// `oficio deploy --engine camunda` and `oficio workers` against the REST double, driven in-process
// as a user runs them, with the SDK's strict schemas on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../server/cli.js';
import { TASK_LISTENER_TYPE } from '../../../server/engine/camunda/index.js';
import { bpmn, deployXml, waitForInstanceState, withFlowRefs } from '../harness.js';
import { waitFor } from '../../support/wait-for.js';
import { chain, endEvent, startEvent } from '../fixtures.js';
import { startCamundaDouble, type CamundaDouble } from './double.js';
import { STRICT } from './harness.js';

let double: CamundaDouble;
let dataDir: string;

beforeEach(async () => {
  double = await startCamundaDouble();
  dataDir = mkdtempSync(join(tmpdir(), 'oficio-camunda-cli-'));
});
afterEach(async () => {
  await double.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function oficio(args: string[], env: NodeJS.ProcessEnv = {}, until?: Promise<unknown>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: { OFICIO_DATA_DIR: dataDir, OFICIO_LANG: 'es', ...env },
    ...(until ? { until } : {}),
  });
  return { code, stdout, stderr };
}

const cluster = () => ({ ZEEBE_REST_ADDRESS: double.url, CAMUNDA_AUTH_STRATEGY: 'NONE', ...STRICT });

describe('oficio deploy --engine camunda', () => {
  it("given models of the manual, then they are deployed to the cluster with Oficio's task listeners and each process is listed", async () => {
    const files = ['processes/dgsti-p01-pr03-soporte-tecnico.bpmn', 'processes/dgsti-p01-pr07-accesos.bpmn'];
    const { code, stdout, stderr } = await oficio(['deploy', '--engine', 'camunda', ...files], cluster());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('dgsti-p01-pr03-soporte-tecnico');
    expect(stdout).toContain('dgsti-p01-pr07-accesos');

    const [deployment] = double.requestsTo('POST /deployments');
    const sent = (deployment!.body as { resources: Array<{ name: string; content: string }> }).resources;
    expect(sent.map((r) => r.name)).toEqual(['dgsti-p01-pr03-soporte-tecnico.bpmn', 'dgsti-p01-pr07-accesos.bpmn']);
    for (const resource of sent) expect(resource.content).toContain(`type="${TASK_LISTENER_TYPE}"`);
    const { items } = await double.engine.searchProcessDefinitions({});
    expect(items.map((d) => d.processDefinitionId).sort()).toEqual(['dgsti-p01-pr03-soporte-tecnico', 'dgsti-p01-pr07-accesos']);
  });

  it('given ENGINE=camunda, then deploy goes to the cluster without the flag', async () => {
    const { code } = await oficio(['deploy', 'processes/dgsti-p01-pr07-accesos.bpmn'], { ENGINE: 'camunda', ...cluster() });
    expect(code).toBe(0);
    expect(double.requestsTo('POST /deployments')).toHaveLength(1);
  });

  it('given an engine that does not exist, then deploy refuses to start, naming the allowed ones', async () => {
    const { code, stderr } = await oficio(['deploy', '--engine', 'zeebe', 'processes/dgsti-p01-pr07-accesos.bpmn'], cluster());
    expect(code).toBe(2);
    expect(stderr).toContain('--engine debe ser embedded o camunda');
  });

  it('given a cluster nobody answers at, then deploy fails saying where and what to check', async () => {
    const { code, stderr } = await oficio(['deploy', '--engine', 'camunda', 'processes/dgsti-p01-pr07-accesos.bpmn'], {
      ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9',
      CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: '1',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('No se pudo trabajar con Camunda en http://127.0.0.1:9');
    expect(stderr).toContain('ZEEBE_REST_ADDRESS');
  });
});

describe('oficio workers', () => {
  it('given neither ENGINE=camunda nor ZEEBE_REST_ADDRESS, then it refuses, saying npm start already runs the workers', async () => {
    const { code, stderr } = await oficio(['workers']);
    expect(code).toBe(2);
    expect(stderr).toContain('defina ENGINE=camunda o ZEEBE_REST_ADDRESS');
  });

  it('given a cluster, then every worker of workers/ takes its jobs as an SDK job worker until stopped: a send task publishes its message and the waiting instance goes on', async () => {
    const message = '<bpmn:message id="Msg_pago" name="pago-recibido"><bpmn:extensionElements><zeebe:subscription correlationKey="=pedido"/></bpmn:extensionElements></bpmn:message>';
    await deployXml(
      double.engine,
      withFlowRefs(bpmn('cli-espera', [startEvent(), '<bpmn:receiveTask id="esperar" messageRef="Msg_pago"/>', endEvent(), chain('start', 'esperar', 'end')].join('\n'), message)),
      'espera.bpmn',
    );
    await deployXml(
      double.engine,
      withFlowRefs(
        bpmn(
          'cli-avisa',
          [
            startEvent(),
            '<bpmn:sendTask id="avisar"><bpmn:extensionElements><zeebe:taskDefinition type="message.publish"/></bpmn:extensionElements></bpmn:sendTask>',
            endEvent(),
            chain('start', 'avisar', 'end'),
          ].join('\n'),
        ),
      ),
      'avisa.bpmn',
    );
    const waiting = (await double.engine.createProcessInstance({ processDefinitionId: 'cli-espera', variables: { pedido: 'P-7' } })).processInstanceKey;
    const sender = (
      await double.engine.createProcessInstance({ processDefinitionId: 'cli-avisa', variables: { nombreMensaje: 'pago-recibido', claveCorrelacion: 'P-7', variables: { pagado: 120 } } })
    ).processInstanceKey;

    let stop!: () => void;
    const until = new Promise<void>((resolve) => (stop = resolve));
    const running = oficio(['workers'], cluster(), until);
    try {
      await waitForInstanceState(double.engine, sender, 'COMPLETED', 10_000);
      await waitForInstanceState(double.engine, waiting, 'COMPLETED', 10_000);
      const { items } = await double.engine.searchVariables({ filter: { processInstanceKey: waiting, name: 'pagado' } });
      expect(items.map((v) => v.value)).toEqual(['120']);
      // Each job type of workers/ was asked for through the SDK's activation.
      await waitFor(() => double.requestsTo('POST /jobs/activation').some((r) => (r.body as { type?: string }).type === 'ticket.register'), 5000, 'the other workers polling');
      expect(double.requestsTo('POST /messages/publication').map((r) => (r.body as { name?: string }).name)).toEqual(['pago-recibido']);
    } finally {
      stop();
    }
    const { code, stdout } = await running;
    expect(code).toBe(0);
    expect(stdout).toContain('workers atienden los trabajos de Camunda en ' + double.url);
    expect(stdout).toContain('message.publish');
    expect(stdout).toContain('Deteniendo los workers');
  });
});
