// PR06: backups in non-working hours, six months in the vault, six months of tape stock.
import { afterEach, describe, expect, it } from '@jest/globals';
import scheduleBackup from '../../workers/backup.schedule/index.js';
import recordBackup from '../../workers/backup.record/index.js';
import releaseTapes from '../../workers/backup.release-tapes/index.js';
import checkTapeStock from '../../workers/backup.check-stock/index.js';
import { isWorkingTime, offHoursWindow } from '../../workers/shared/windows.js';
import { localParts } from '../../workers/shared/time.js';
import { completed, createEngineFixture, createFixture, outcomeOf, runOnce, serviceTaskProcess, type EngineFixture, type Fixture } from './helpers.js';
import { waitFor } from '../support/wait-for.js';

type Respaldo = { id: string; ventana: { inicio: string; fin: string }; herramienta: string; cintas: string[] };

describe('the off-hours window (PR06 3.c)', () => {
  it('given any moment of a year, every hour of the window falls outside Mon–Fri 06:00–20:00 Aguascalientes', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const wrong: string[] = [];
    for (let t = start; t < start + 366 * 86_400_000; t += 37 * 60_000 * 7) {
      const { inicio, fin } = offHoursWindow(new Date(t), 6);
      if (inicio.getTime() < t) wrong.push(`${new Date(t).toISOString()}: starts before now`);
      for (let m = inicio.getTime(); m < fin.getTime(); m += 15 * 60_000)
        if (isWorkingTime(new Date(m))) wrong.push(`${new Date(t).toISOString()}: ${new Date(m).toISOString()} is working time`);
    }
    expect(wrong).toEqual([]);
  });

  it('given Monday 10:00 (working), then the window opens at 20:00 that evening local time', () => {
    const { inicio, fin } = offHoursWindow(new Date('2026-03-02T16:00:00Z'), 6);
    expect(inicio.toISOString()).toBe('2026-03-03T02:00:00.000Z'); // Mon 20:00 UTC-6
    expect(fin.toISOString()).toBe('2026-03-03T08:00:00.000Z'); // Tue 02:00
  });

  it('given Monday 03:00 with three off-hours left, then a six-hour window waits for the evening', () => {
    const { inicio } = offHoursWindow(new Date('2026-03-02T09:00:00Z'), 6);
    expect(localParts(inicio)).toMatchObject({ weekday: 1, hour: 20 });
  });

  it('given Saturday noon, then the window starts at once (the weekend is non-working)', () => {
    const { inicio } = offHoursWindow(new Date('2026-03-07T18:00:00Z'), 6);
    expect(inicio.toISOString()).toBe('2026-03-07T18:00:00.000Z');
  });
});

describe('backup workers', () => {
  let f: Fixture;
  afterEach(() => f.close());

  it('given a fresh install, then scheduling takes four tapes from the seeded stock of 24, off-hours, with Commvault', async () => {
    f = createFixture();
    const out = await completed(f, scheduleBackup, { tipo: 'mensual', sistemas: ['SIIF'] }, { now: '2026-03-02T16:00:00Z' });
    const respaldo = out.respaldo as Respaldo;
    expect(respaldo.herramienta).toBe('Commvault');
    expect(respaldo.cintas).toEqual(['CINTA-001', 'CINTA-002', 'CINTA-003', 'CINTA-004']);
    expect(isWorkingTime(new Date(respaldo.ventana.inicio))).toBe(false);
    expect(await f.services.adapters.tapes.count()).toEqual({ disponibles: 20, enUso: 4, enBoveda: 0, total: 24 });
  });

  it('given two backups scheduled at once, then they never share a tape', async () => {
    f = createFixture();
    const outs = await Promise.all(Array.from({ length: 5 }, () => completed(f, scheduleBackup, { tipo: 'extraordinario', cintasRequeridas: 3 })));
    const all = outs.flatMap((o) => (o.respaldo as Respaldo).cintas);
    expect(new Set(all).size).toBe(15);
  });

  it('given more tapes asked for than are available, then BPMN error SIN_CINTAS and none stay reserved', async () => {
    f = createFixture({ settings: { initialTapeStock: 5 } });
    const answer = await runOnce(f, scheduleBackup, { tipo: 'extraordinario', cintasRequeridas: 8 });
    expect(answer).toMatchObject({ action: 'error', errorCode: 'SIN_CINTAS' });
    expect((await f.services.adapters.tapes.count()).disponibles).toBe(5);
  });

  it('given the same schedule job runs twice, then the same backup and tapes are answered', async () => {
    f = createFixture();
    const a = await completed(f, scheduleBackup, { tipo: 'mensual' }, { jobKey: 'j1', now: '2026-03-02T16:00:00Z' });
    const b = await completed(f, scheduleBackup, { tipo: 'mensual' }, { jobKey: 'j1', now: '2026-03-02T16:05:00Z' });
    expect(b).toEqual(a);
    expect((await f.services.adapters.tapes.count()).enUso).toBe(4);
  });

  it('given tapes recorded on 3 March, then release is refused on 2 September and accepted on 3 September', async () => {
    f = createFixture();
    const { respaldo } = (await completed(f, scheduleBackup, { tipo: 'mensual' }, { now: '2026-03-02T16:00:00Z' })) as { respaldo: Respaldo };
    const reg = await completed(
      f,
      recordBackup,
      { respaldo: { id: respaldo.id, cintas: respaldo.cintas }, contenido: 'SIIF, nómina', ejecutadoEn: '2026-03-03T04:00:00Z' },
      { now: '2026-03-03T15:00:00Z' },
    );
    expect(reg.registroRespaldo).toEqual({ id: `REG-${respaldo.id}`, registradoEn: '2026-03-03T15:00:00.000Z' });
    expect((await f.services.adapters.tapes.count()).enBoveda).toBe(4);

    const early = await runOnce(f, releaseTapes, { respaldo: { id: respaldo.id } }, { now: '2026-09-02T15:00:00Z' });
    expect(early).toMatchObject({ action: 'error', errorCode: 'RETENCION_INCUMPLIDA' });
    expect(early.action === 'error' && early.errorMessage).toContain('2026-09-03T15:00:00.000Z');
    expect((await f.services.adapters.tapes.count()).enBoveda).toBe(4);

    const onTime = await completed(f, releaseTapes, { respaldo: { id: respaldo.id } }, { now: '2026-09-03T15:00:00Z' });
    expect(onTime.cintasLiberadas).toEqual(respaldo.cintas);
    expect(await f.services.adapters.tapes.count()).toEqual({ disponibles: 24, enUso: 0, enBoveda: 0, total: 24 });
    // Released twice (a retry): the same answer, nothing else moves.
    expect((await completed(f, releaseTapes, { respaldo: { id: respaldo.id } }, { now: '2026-09-04T15:00:00Z' })).cintasLiberadas).toEqual(respaldo.cintas);
  });

  it('given tapes never recorded into the vault, then release is refused', async () => {
    f = createFixture();
    const { respaldo } = (await completed(f, scheduleBackup, { tipo: 'mensual' })) as { respaldo: Respaldo };
    expect(await runOnce(f, releaseTapes, { respaldo: { id: respaldo.id } }, { now: '2030-01-01T00:00:00Z' })).toMatchObject({ action: 'error', errorCode: 'RETENCION_INCUMPLIDA' });
  });

  it('given 24 tapes and 4 a month, then six months are covered; at 5 a month they are not (30 required)', async () => {
    f = createFixture();
    expect((await completed(f, checkTapeStock, {})).existencia).toMatchObject({ disponibles: 24, requeridas: 24, suficiente: true });
    expect((await completed(f, checkTapeStock, { cintasPorMes: 5 })).existencia).toMatchObject({ disponibles: 24, requeridas: 30, suficiente: false });
    expect((await completed(f, checkTapeStock, { mesesCobertura: 3 })).existencia).toMatchObject({ requeridas: 12, suficiente: true });
  });

  it('given tapes in the vault, then they still count toward the six-month stock (they come back)', async () => {
    f = createFixture();
    const { respaldo } = (await completed(f, scheduleBackup, { tipo: 'mensual' })) as { respaldo: Respaldo };
    await completed(f, recordBackup, { respaldo: { id: respaldo.id, cintas: respaldo.cintas }, contenido: 'SIIF', ejecutadoEn: '2026-03-03T04:00:00Z' });
    expect((await completed(f, checkTapeStock, {})).existencia).toMatchObject({ disponibles: 20, requeridas: 24, suficiente: true, enBoveda: 4, total: 24 });
  });
});

describe('backups on the embedded engine', () => {
  let e: EngineFixture;
  afterEach(() => e.close());

  it('given release before six months, then the boundary for RETENCION_INCUMPLIDA catches it', async () => {
    e = await createEngineFixture('2026-03-02T16:00:00Z', [releaseTapes]);
    const { respaldo } = (await completed(e, scheduleBackup, { tipo: 'mensual' }, { now: '2026-03-02T16:00:00Z' })) as { respaldo: Respaldo };
    await completed(e, recordBackup, { respaldo, contenido: 'SIIF', ejecutadoEn: '2026-03-03T04:00:00Z' }, { now: '2026-03-02T16:00:00Z' });
    await e.engine.createDeployment({ resources: [{ name: 'r.bpmn', content: serviceTaskProcess('liberar', 'backup.release-tapes', { errorCode: 'RETENCION_INCUMPLIDA' }) }] });
    const { processInstanceKey } = await e.engine.createProcessInstance({ processDefinitionId: 'liberar', variables: { respaldo: { id: respaldo.id } } });
    await waitFor(async () => (await e.engine.getProcessInstance({ processInstanceKey })).state === 'COMPLETED', 5000, 'completion');
    expect((await outcomeOf(e.engine, processInstanceKey)).path).toContain('failedEnd');
  });
});
