// DGSTI-P01-PR01 Centros de Atención y Servicios (CAS) end to end on the embedded engine with every
// worker running: the citizen's complaint (3.a–3.d), the cash cut that releases refunds (6.3, 3.c,
// 3.e), preventive and corrective maintenance (6.2, 3.f–3.i) and installing a service (6.1).
import { jest } from '@jest/globals';
import { loadForms } from '../../forms/index.js';
import { createStoredKioskLog, type KioskLog } from '../../workers/adapters/kiosk.js';
import type { Variables } from '../../server/engine/port.js';
import { recordCollectionsOf } from '../../server/workers/runner.js';
import { decodeMail, createProcessHarness, completeTask, path, settled, taskAt, variablesOf, type ProcessHarness } from './harness.js';

jest.setTimeout(60_000);

const forms = loadForms();
/** The first valid example of a form: what a person would submit. */
const example = (formId: string, index = 0): Variables => structuredClone(forms.get(formId)!.examples.valid[index]!) as Variables;

let h: ProcessHarness;
let kioskLog: KioskLog;
beforeEach(async () => {
  h = await createProcessHarness();
  const collections = recordCollectionsOf(h.store);
  kioskLog = createStoredKioskLog(collections);
});
afterEach(async () => {
  await h.close();
});

/** A kiosk payment whose change was (partly) not dispensed. */
async function recordPayment(kioscoId: string, transaccionId: string, fechaHora: string, montoPagado: number, importe: number, cambioDevuelto: number) {
  await kioskLog.record({ transaccionId, kioscoId, fechaHora, montoPagado, importe, cambioDevuelto, servicio: 'Refrendo vehicular' });
}

async function startComplaint(data: Variables = example('dgsti-p01-pr01-cas-queja-registro')) {
  const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: 'dgsti-p01-pr01-cas-queja', variables: data });
  return processInstanceKey;
}

async function startCashCut(kioscoId: string, conteo: Record<string, number>, tolerancia = 0) {
  const { processInstanceKey } = await h.engine.createProcessInstance({
    processDefinitionId: 'dgsti-p01-pr01c-resguardo-efectivo',
    variables: { kioscoId, motivo: 'programado', tolerancia },
  });
  await completeTask(h, processInstanceKey, 'retirar-bolsa', example('dgsti-p01-pr01c-resguardo-efectivo-retiro'));
  const conteoForm = example('dgsti-p01-pr01c-resguardo-efectivo-conteo');
  await completeTask(h, processInstanceKey, 'conteo-boveda', { ...conteoForm, corte: { fecha: new Date(h.clock.now()).toISOString(), conteo } });
  return processInstanceKey;
}

const zeros = { '1000': 0, '500': 0, '200': 0, '100': 0, '50': 0, '20': 0, '10': 0, '5': 0, '2': 0, '1': 0, '0.50': 0 };

async function openTasks(processInstanceKey: string, elementId: string) {
  await h.engine.idle();
  return (await h.engine.searchUserTasks({ filter: { processInstanceKey, elementId, state: 'CREATED' } })).items;
}

describe('PR01 queja ciudadana (dgsti-p01-pr01-cas-queja)', () => {
  it("channels the complaint, finds the movement without change and refunds only after the same kiosk's cash cut (3.b–3.d)", async () => {
    // Given: kiosk CAS-03 kept $137.50 of change from a $500 payment
    await recordPayment('CAS-03', 'TX-0042', '2026-03-01T18:26:00Z', 500, 362.5, 0);
    const queja = await startComplaint();

    // When: the auxiliary channels it to Operación de CAS
    const canalizar = await taskAt(h, queja, 'canalizar-operacion-cas');
    expect(canalizar.candidateGroups).toEqual(['cas-atencion']);
    expect(canalizar.externalFormReference).toBe('dgsti-p01-pr01-cas-queja-canalizar');
    expect(canalizar.dueDate).toBe('2026-03-02T10:00:00.000Z'); // 1 hour from the complaint (3.c)
    await completeTask(h, queja, 'canalizar-operacion-cas', example('dgsti-p01-pr01-cas-queja-canalizar'));

    // Then: the kiosk movement is identified and the head of operations attends it
    const atender = await taskAt(h, queja, 'atender-queja');
    expect(atender.candidateGroups).toEqual(['cas-operacion']);
    const identified = await variablesOf(h, queja);
    expect(identified.transaccionesSinCambio).toEqual([{ transaccionId: 'TX-0042', fechaHora: '2026-03-01T18:26:00.000Z', cambioDebido: 137.5 }]);
    expect(identified.cambioPendiente).toBe(137.5);
    await completeTask(h, queja, 'atender-queja', { procedeDevolucion: true, transaccionId: 'TX-0042', montoDevolucion: 137.5, respuestaCiudadano: 'Se devolverá tras el corte.' });
    expect(await openTasks(queja, 'escalar-queja')).toHaveLength(0);

    // When another kiosk's cash is cut, the refund stays waiting
    await recordPayment('CAS-07', 'TX-0700', '2026-03-02T08:00:00Z', 200, 200, 0);
    const otherCut = await startCashCut('CAS-07', { ...zeros, '200': 1 });
    await settled(h, otherCut);
    expect(await openTasks(queja, 'entregar-devolucion')).toHaveLength(0);
    expect((await h.engine.searchElementInstances({ filter: { processInstanceKey: queja, elementId: 'corte-realizado', state: 'ACTIVE' } })).items).toHaveLength(1);

    // When CAS-03's cash is cut, the refund is released and the citizen told by e-mail
    // (the undispensed change stayed in the bag: it is a pending refund of the reconciliation)
    const cut = await startCashCut('CAS-03', { ...zeros, '500': 1 });
    await settled(h, cut);
    expect((await variablesOf(h, cut)).conciliacion).toMatchObject({ diferencia: 0, devolucionesPendientes: [{ transaccionId: 'TX-0042', monto: 137.5 }] });
    const entregar = await taskAt(h, queja, 'entregar-devolucion');
    expect(entregar.candidateGroups).toEqual(['cas-atencion']);
    const aviso = h.mails.find((m) => m.to.includes('jlmartinez@example.com'));
    expect(aviso).toBeDefined();
    expect(decodeMail(aviso!.raw)).toContain('devolución');

    // Then: the refund needs the complaint form, the IFE copy and the signature (3.d)
    await completeTask(h, queja, 'entregar-devolucion', example('dgsti-p01-pr01-cas-queja-devolucion'));
    await settled(h, queja);
    expect(await path(h, queja)).toEqual(
      expect.arrayContaining([
        'queja-ciudadana',
        'registrar-queja',
        'canalizar-operacion-cas',
        'identificar-movimientos',
        'atender-queja',
        'corte-realizado',
        'avisar-devolucion-lista',
        'entregar-devolucion',
        'devolucion-entregada',
      ]),
    );
  });

  it('escalates a complaint not attended within 1 hour, and the attention continues (3.c)', async () => {
    // Given: a complaint whose movement is not in the kiosk log (TRANSACCION_NO_ENCONTRADA)
    const queja = await startComplaint();
    await completeTask(h, queja, 'canalizar-operacion-cas', example('dgsti-p01-pr01-cas-queja-canalizar'));
    const atender = await taskAt(h, queja, 'atender-queja');
    expect(atender.dueDate).toBe('2026-03-02T10:00:00.000Z');
    expect(await path(h, queja)).toContain('transaccion-no-encontrada');

    // When: 59 minutes pass nothing happens; at 1 hour the escalation task appears
    await h.clock.advance('PT59M');
    expect(await openTasks(queja, 'escalar-queja')).toHaveLength(0);
    await h.clock.advance('PT1M');
    const escalar = await taskAt(h, queja, 'escalar-queja');
    expect(escalar.candidateGroups).toEqual(['cas-operacion']);
    expect(escalar.externalFormReference).toBe('dgsti-p01-pr01-cas-queja-escalamiento');
    expect(await openTasks(queja, 'atender-queja')).toHaveLength(1);

    // Then: both are finished; no refund is due
    await completeTask(h, queja, 'escalar-queja', example('dgsti-p01-pr01-cas-queja-escalamiento'));
    await completeTask(h, queja, 'atender-queja', example('dgsti-p01-pr01-cas-queja-atender', 1));
    await settled(h, queja);
    expect(await path(h, queja)).toEqual(expect.arrayContaining(['queja-escalada', 'queja-sin-devolucion']));
  });
});

describe('PR01 6.3 resguardo de efectivo (dgsti-p01-pr01c-resguardo-efectivo)', () => {
  beforeEach(async () => {
    // CAS-11 took 362.50 net (500 paid, 137.50 change dispensed) and 200 (exact payment): 562.50 expected
    await recordPayment('CAS-11', 'TX-1101', '2026-03-01T15:00:00Z', 500, 362.5, 137.5);
    await recordPayment('CAS-11', 'TX-1102', '2026-03-01T16:00:00Z', 200, 200, 0);
  });

  it('counts in the vault in front of the cameras and closes the cut when the difference is within tolerance', async () => {
    const cut = await startCashCut('CAS-11', { ...zeros, '500': 1, '50': 1, '10': 1, '2': 1, '0.50': 1 }, 5);
    await settled(h, cut);
    const v = await variablesOf(h, cut);
    expect(v.conciliacion).toMatchObject({ esperado: 562.5, contado: 562.5, diferencia: 0, dentroDeTolerancia: true });
    const steps = await path(h, cut);
    expect(steps).toEqual(expect.arrayContaining(['retirar-bolsa', 'conteo-boveda', 'conciliar-corte', 'publicar-corte-realizado', 'corte-conciliado']));
    expect(steps).not.toContain('investigar-diferencia');
  });

  it('asks to investigate a difference beyond the tolerance', async () => {
    const cut = await startCashCut('CAS-11', { ...zeros, '500': 1 }, 5); // 62.50 short
    const investigar = await taskAt(h, cut, 'investigar-diferencia');
    expect(investigar.candidateGroups).toEqual(['cas-operacion']);
    expect((await variablesOf(h, cut)).conciliacion).toMatchObject({ diferencia: -62.5, faltante: 62.5, dentroDeTolerancia: false });
    await completeTask(h, cut, 'investigar-diferencia', example('dgsti-p01-pr01c-resguardo-efectivo-investigacion'));
    await settled(h, cut);
    expect(await path(h, cut)).toEqual(expect.arrayContaining(['publicar-corte-realizado', 'investigar-diferencia', 'diferencia-investigada']));
  });
});

describe('PR01 6.2 mantenimiento preventivo y correctivo (dgsti-p01-pr01b-mantenimiento-cas)', () => {
  it('creates one preventive maintenance task a day with the cleaning checklist (3.f, 3.h–3.i)', async () => {
    const before = await h.engine.searchUserTasks({ filter: { processDefinitionId: 'dgsti-p01-pr01b-mantenimiento-cas', elementId: 'mantenimiento-preventivo' } });
    expect(before.items).toHaveLength(0);

    await h.clock.advance('P3D');
    await h.engine.idle();
    const { items } = await h.engine.searchUserTasks({ filter: { processDefinitionId: 'dgsti-p01-pr01b-mantenimiento-cas', elementId: 'mantenimiento-preventivo', state: 'CREATED' } });
    expect(items).toHaveLength(3);
    expect(items.every((t) => t.candidateGroups?.includes('cas-operacion') && t.externalFormReference === 'dgsti-p01-pr01b-mantenimiento-cas-preventivo')).toBe(true);
    expect(items.map((t) => t.dueDate).sort()).toEqual(['2026-03-04T09:00:00.000Z', '2026-03-05T09:00:00.000Z', '2026-03-06T09:00:00.000Z']);

    const first = items[0]!;
    await h.engine.completeUserTask({ userTaskKey: first.userTaskKey!, variables: example('dgsti-p01-pr01b-mantenimiento-cas-preventivo') });
    await settled(h, first.processInstanceKey!);
    expect(await path(h, first.processInstanceKey!)).toEqual(['mantenimiento-diario', 'mantenimiento-preventivo', 'mantenimiento-registrado']);
  });

  it('escalates a kiosk failure not solved within 2 hours (3.g)', async () => {
    const { processInstanceKey } = await h.engine.createProcessInstance({
      processDefinitionId: 'dgsti-p01-pr01b-mantenimiento-cas',
      variables: example('dgsti-p01-pr01b-mantenimiento-cas-reporte-falla'),
    });
    const falla = await taskAt(h, processInstanceKey, 'atender-falla');
    expect(falla.dueDate).toBe('2026-03-02T11:00:00.000Z');
    await h.clock.advance('PT1H59M');
    expect(await openTasks(processInstanceKey, 'escalar-falla')).toHaveLength(0);
    await h.clock.advance('PT1M');
    const escalar = await taskAt(h, processInstanceKey, 'escalar-falla');
    expect(escalar.candidateGroups).toEqual(['cas-operacion']);
    await completeTask(h, processInstanceKey, 'escalar-falla', example('dgsti-p01-pr01b-mantenimiento-cas-escalamiento-falla'));
    await completeTask(h, processInstanceKey, 'atender-falla', example('dgsti-p01-pr01b-mantenimiento-cas-atender-falla'));
    await settled(h, processInstanceKey);
    expect(await path(h, processInstanceKey)).toEqual(expect.arrayContaining(['reporte-falla', 'falla-fuera-de-tiempo', 'falla-escalada', 'falla-atendida']));
  });

  it('closes a failure attended in time without escalation', async () => {
    const { processInstanceKey } = await h.engine.createProcessInstance({
      processDefinitionId: 'dgsti-p01-pr01b-mantenimiento-cas',
      variables: example('dgsti-p01-pr01b-mantenimiento-cas-reporte-falla'),
    });
    await h.clock.advance('PT1H');
    await completeTask(h, processInstanceKey, 'atender-falla', example('dgsti-p01-pr01b-mantenimiento-cas-atender-falla'));
    await settled(h, processInstanceKey);
    expect(await path(h, processInstanceKey)).toEqual(['reporte-falla', 'atender-falla', 'falla-atendida']);
  });
});

describe('PR01 6.1 instalación de servicios (dgsti-p01-pr01a-instalacion-servicios-cas)', () => {
  it('configures, tests on a kiosk until the test passes, and publishes to every kiosk', async () => {
    const { processInstanceKey } = await h.engine.createProcessInstance({
      processDefinitionId: 'dgsti-p01-pr01a-instalacion-servicios-cas',
      variables: example('dgsti-p01-pr01a-instalacion-servicios-cas-solicitud'),
    });
    const configurar = await taskAt(h, processInstanceKey, 'configurar-servicio');
    expect(configurar.candidateGroups).toEqual(['cas-operacion']);
    await completeTask(h, processInstanceKey, 'configurar-servicio', example('dgsti-p01-pr01a-instalacion-servicios-cas-configurar'));
    // The first test fails: back to configuration
    await completeTask(h, processInstanceKey, 'probar-en-kiosco', example('dgsti-p01-pr01a-instalacion-servicios-cas-prueba', 1));
    await completeTask(h, processInstanceKey, 'configurar-servicio', example('dgsti-p01-pr01a-instalacion-servicios-cas-configurar'));
    await completeTask(h, processInstanceKey, 'probar-en-kiosco', example('dgsti-p01-pr01a-instalacion-servicios-cas-prueba'));
    await completeTask(h, processInstanceKey, 'publicar-en-kioscos', example('dgsti-p01-pr01a-instalacion-servicios-cas-publicar'));
    await settled(h, processInstanceKey);
    const steps = await path(h, processInstanceKey);
    expect(steps.filter((s) => s === 'configurar-servicio')).toHaveLength(2);
    expect(steps.slice(-2)).toEqual(['publicar-en-kioscos', 'servicio-instalado']);
  });
});

// ---------------------------------------------------------------------------------------------
