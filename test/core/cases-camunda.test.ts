// Folios on Camunda 8 (through the adapter, against the REST double): the cluster shares no
// transaction with Oficio's store, so the catalogue reserves the folio first and passes it as the
// `folio` variable. A start the cluster refuses leaves its number voided with the reason — an
// auditor sees every number of the series accounted for — and the next start takes the next one.
import { loadForms } from '../../forms/index.js';
import type { Oficio } from '../../server/oficio.js';
import { createOficio } from '../../server/oficio.js';
import { silentLogger } from '../../server/log.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import { startCamundaDouble, type CamundaDouble } from '../engine/camunda/double.js';
import { STRICT } from '../engine/camunda/harness.js';
import { bpmn, withFlowRefs } from '../engine/harness.js';
import { TEST_PASSWORD_COST, testConfig } from '../support/oficio.js';

const queja = loadForms().get('dgsti-p01-pr01-cas-queja-registro')!.examples.valid[0]! as Record<string, unknown>;

const QUEJA = withFlowRefs(
  bpmn(
    'folio-camunda',
    `<bpmn:extensionElements><zeebe:properties><zeebe:property name="oficio:folioSerie" value="CAS"/></zeebe:properties></bpmn:extensionElements>
    <bpmn:startEvent id="inicio"><bpmn:extensionElements><zeebe:properties><zeebe:property name="oficio:startForm" value="dgsti-p01-pr01-cas-queja-registro"/><zeebe:property name="oficio:publicStart" value="true"/></zeebe:properties></bpmn:extensionElements></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  ),
);

let double: CamundaDouble;
let oficio: Oficio;

beforeEach(async () => {
  double = await startCamundaDouble();
  oficio = await createOficio(testConfig({ ENGINE: 'camunda', ZEEBE_REST_ADDRESS: double.url, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SDK_LOG_LEVEL: 'silent', ...STRICT }), {
    store: createSqliteStore({ path: ':memory:' }),
    passwordCost: TEST_PASSWORD_COST,
    log: silentLogger(),
    attachmentSweep: false,
  });
  await oficio.engine.createDeployment({ resources: [{ name: 'folio-camunda.bpmn', content: QUEJA }] });
});
afterEach(async () => {
  await oficio.close();
  await double.close();
});

const citizen = { kind: 'public' as const, ip: '10.1.2.3' };

describe('on Camunda', () => {
  it('the folio reaches the cluster as the `folio` variable, and the case is written when the start succeeds', async () => {
    const started = await oficio.catalogue.start('folio-camunda', queja, citizen, 'es');
    expect(started.folio).toBe('CAS-2026-000001');
    const sent = double.requests.filter((r) => r.method === 'POST' && r.route === '/process-instances');
    expect(sent.map((r) => (r.body as { variables?: { folio?: string } }).variables?.folio)).toEqual(['CAS-2026-000001']);
    expect(await oficio.cases.ofInstance(started.processInstanceKey)).toMatchObject({ folio: 'CAS-2026-000001', kiosk: 'CAS-03', summary: queja.descripcion });
  });

  it('a start the cluster refuses voids its folio with the reason; the next start takes the next number', async () => {
    double.intercept('POST /process-instances', () => ({
      status: 400,
      body: {
        type: 'about:blank',
        title: 'INVALID_ARGUMENT',
        status: 400,
        detail: 'Expected to create instance of process with none start event, but it is not executable',
        instance: '/v2/process-instances',
      },
    }));
    await expect(oficio.catalogue.start('folio-camunda', queja, citizen, 'es')).rejects.toMatchObject({ kind: 'invalid' });
    double.intercept('POST /process-instances', () => undefined);
    const next = await oficio.catalogue.start('folio-camunda', queja, citizen, 'es');
    expect(next.folio).toBe('CAS-2026-000002');

    const numbers = await oficio.cases.ofSeries('CAS', 2026);
    expect(numbers.map((c) => [c.folio, c.voided ? 'anulado' : c.processInstanceKey])).toEqual([
      ['CAS-2026-000001', 'anulado'],
      ['CAS-2026-000002', next.processInstanceKey],
    ]);
    expect(numbers[0]!.voided!.reason).toContain('Camunda refused to start');
    // The refused start's intent says which folio it was for.
    const { items } = await oficio.audit.query({ action: 'instance.start.intent' }, { order: 'asc' });
    expect(items.map((e) => (e.data as { folio?: string }).folio)).toEqual(['CAS-2026-000001', 'CAS-2026-000002']);
    // A voided folio is no request to find.
    await oficio.identity.seedDemoUsers({ password: 'Oficio#2026demo' });
    const auditor = (await oficio.identity.findByUsername('auditor'))!;
    expect((await oficio.caseSearch.search(auditor, 'CAS-2026-000001', 10)).instances).toEqual([]);
  });
});
