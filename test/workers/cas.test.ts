// PR01 CAS kiosks: complaints matched to the transaction log; the cash cut reconciled by denomination.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import findMissingChange from '../../workers/cas.find-missing-change/index.js';
import reconcileCashCut from '../../workers/cas.reconcile/index.js';
import { completed, createEngineFixture, createFixture, outcomeOf, runOnce, serviceTaskProcess, type EngineFixture, type Fixture } from './helpers.js';
import { waitFor } from '../support/wait-for.js';
import type { KioskLog } from '../../workers/adapters/kiosk.js';

/** 5 March 2026 in Aguascalientes (UTC-6). */
const local = (hhmm: string) => new Date(`2026-03-05T${hhmm}:00-06:00`).toISOString();

async function recordDay(log: KioskLog) {
  await log.record({ transaccionId: 'T1', kioscoId: 'K-01', fechaHora: local('10:00'), montoPagado: 500, importe: 320, cambioDevuelto: 180, servicio: 'Tenencia' });
  await log.record({ transaccionId: 'T2', kioscoId: 'K-01', fechaHora: local('11:20'), montoPagado: 200, importe: 150.5, cambioDevuelto: 49.5, servicio: 'Acta de nacimiento' });
  // The machine owed 360 and gave 300: 60 missing.
  await log.record({ transaccionId: 'T3', kioscoId: 'K-01', fechaHora: local('12:00'), montoPagado: 1000, importe: 640, cambioDevuelto: 300, servicio: 'Refrendo' });
  // Owed 13, gave nothing.
  await log.record({ transaccionId: 'T4', kioscoId: 'K-01', fechaHora: local('12:25'), montoPagado: 100, importe: 87, cambioDevuelto: 0, servicio: 'Constancia' });
  // Outside the ±30 min of a 12:10 complaint, same amount, also short.
  await log.record({ transaccionId: 'T6', kioscoId: 'K-01', fechaHora: local('13:00'), montoPagado: 1000, importe: 900, cambioDevuelto: 50 });
  // Another kiosk at the same time.
  await log.record({ transaccionId: 'T7', kioscoId: 'K-02', fechaHora: local('12:05'), montoPagado: 1000, importe: 640, cambioDevuelto: 0 });
}

describe('cas.find-missing-change', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = createFixture();
    await recordDay(f.services.adapters.kioskLog);
  });
  afterEach(() => f.close());

  it('given a complaint at 12:10 for 1000 paid expecting 360, then transaction T3 is found with 60 pesos owed', async () => {
    const out = await completed(f, findMissingChange, { kioscoId: 'K-01', fechaHora: local('12:10'), montoPagado: 1000, montoEsperadoDevolucion: 360 });
    expect(out).toEqual({ transaccionesSinCambio: [{ transaccionId: 'T3', fechaHora: local('12:00'), cambioDebido: 60 }], cambioPendiente: 60 });
  });

  it('given a complaint with nothing matching, then TRANSACCION_NO_ENCONTRADA', async () => {
    const answer = await runOnce(f, findMissingChange, { kioscoId: 'K-01', fechaHora: local('10:05'), montoPagado: 500, montoEsperadoDevolucion: 180 });
    expect(answer).toMatchObject({ action: 'error', errorCode: 'TRANSACCION_NO_ENCONTRADA' });
  });
});

describe('cas.reconcile', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = createFixture();
    await recordDay(f.services.adapters.kioskLog);
  });
  afterEach(() => f.close());

  it('given the worked example, then expected, counted, shortage and pending refunds add up', async () => {
    // Kept by the kiosk up to 12:30: T1 320 + T2 150.50 + T3 700 + T4 100 = 1,270.50.
    // Counted: 1×1000 + 1×200 + 1×50 + 1×10 + 1×0.50 = 1,260.50 → 10 short.
    const out = await completed(f, reconcileCashCut, { kioscoId: 'K-01', corte: { fecha: local('12:30'), conteo: { '1000': 1, '200': 1, '50': 1, '10': 1, '0.5': 1 } }, tolerancia: 5 });
    expect(out.conciliacion).toEqual({
      esperado: 1270.5,
      contado: 1260.5,
      diferencia: -10,
      faltante: 10,
      sobrante: 0,
      devolucionesPendientes: [
        { transaccionId: 'T3', monto: 60 },
        { transaccionId: 'T4', monto: 13 },
      ],
      dentroDeTolerancia: false,
      transacciones: 4,
    });
  });

  it('given a second cut, then it starts after the first and a 2-peso surplus is within a 5-peso tolerance', async () => {
    await completed(f, reconcileCashCut, { kioscoId: 'K-01', corte: { fecha: local('12:30'), conteo: { '1000': 1, '200': 1, '50': 1, '20': 1, '0.50': 1 } } });
    // After 12:30 only T6: kept 1000 − 50 = 950. Counted 500×1 + 200×2 + 50×1 + 2×1 = 952.
    const out = await completed(f, reconcileCashCut, { kioscoId: 'K-01', corte: { fecha: local('18:00'), conteo: { '500': 1, '200': 2, '50': 1, '2': 1 } }, tolerancia: 5 });
    expect(out.conciliacion).toMatchObject({
      esperado: 950,
      contado: 952,
      diferencia: 2,
      faltante: 0,
      sobrante: 2,
      devolucionesPendientes: [{ transaccionId: 'T6', monto: 50 }],
      dentroDeTolerancia: true,
      desde: local('12:30'),
      transacciones: 1,
    });
  });

  it('given the same cut reconciled twice (a retry), then the same answer', async () => {
    const vars = { kioscoId: 'K-01', corte: { fecha: local('12:30'), conteo: { '1000': 1, '200': 1, '50': 1, '20': 1, '0.5': 1 } } };
    const a = await completed(f, reconcileCashCut, vars);
    expect(a.conciliacion).toMatchObject({ diferencia: 0, dentroDeTolerancia: true });
    expect(await completed(f, reconcileCashCut, vars)).toEqual(a);
  });

  it('given a denomination that does not exist (300), then an incident names it', async () => {
    const answer = await runOnce(f, reconcileCashCut, { kioscoId: 'K-01', corte: { fecha: local('12:30'), conteo: { '300': 1 } } });
    expect(answer).toMatchObject({ action: 'fail', retries: 0 });
    expect(answer.action === 'fail' && answer.errorMessage).toMatch(/corte\.conteo\.300/);
  });
});

describe('CAS on the embedded engine', () => {
  let e: EngineFixture;
  afterEach(() => e.close());

  it('given a complaint, then the process receives the transactions without change', async () => {
    e = await createEngineFixture('2026-03-05T18:15:00Z', [findMissingChange]);
    await recordDay(e.services.adapters.kioskLog);
    await e.engine.createDeployment({ resources: [{ name: 'q.bpmn', content: serviceTaskProcess('queja', 'cas.find-missing-change', { errorCode: 'TRANSACCION_NO_ENCONTRADA' }) }] });
    const { processInstanceKey } = await e.engine.createProcessInstance({
      processDefinitionId: 'queja',
      variables: { kioscoId: 'K-01', fechaHora: local('12:10'), montoPagado: 1000, montoEsperadoDevolucion: 360 },
    });
    await waitFor(async () => (await e.engine.getProcessInstance({ processInstanceKey })).state === 'COMPLETED', 5000, 'completion');
    const { path, variables } = await outcomeOf(e.engine, processInstanceKey);
    expect(path).toContain('end');
    expect(variables.cambioPendiente).toBe(60);
  });
});
