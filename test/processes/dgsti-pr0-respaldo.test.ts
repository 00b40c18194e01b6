// DGSTI-P01-PR06 Programación de Respaldo de Información: the monthly timer start, the backup done
// once its tapes are in the bank vault, the six months there before they come back to the CECAP
// (3.e, 3.f) in the retention instance the vault message starts, and tape shortages (3.e).
import { createProcessHarness, taskAt, completeTask, settled, path, variablesOf, START, type ProcessHarness } from './harness.js';
import { start } from './dgsti-pr0-helpers.js';

let h: ProcessHarness;
beforeEach(async () => {
  h = await createProcessHarness();
});
afterEach(async () => {
  await h.close();
});

const openTasks = async (key: string) => (await h.engine.searchUserTasks({ filter: { processInstanceKey: key, state: 'CREATED' } })).items.map((t) => t.elementId);

/** The PR06 instances started by the "Cintas en bóveda" message (one per backup), with their backup id. */
async function retentionInstances(): Promise<Array<{ key: string; respaldoId: string }>> {
  const { items } = await h.engine.searchProcessInstances({ filter: { processDefinitionId: 'dgsti-p01-pr06-respaldo' } });
  const found: Array<{ key: string; respaldoId: string }> = [];
  for (const i of items) {
    const steps = await path(h, i.processInstanceKey);
    if (steps[0] !== 'cintas-en-boveda') continue;
    found.push({ key: i.processInstanceKey, respaldoId: ((await variablesOf(h, i.processInstanceKey)).respaldo as { id: string }).id });
  }
  return found;
}

async function runBackup(key: string) {
  const ejecutar = await taskAt(h, key, 'ejecutar-respaldo');
  expect(ejecutar.candidateGroups).toEqual(['sistemas-operativos']);
  const { respaldo } = (await variablesOf(h, key)) as { respaldo: { id: string; cintas: string[]; ventana: { inicio: string; fin: string } } };
  expect(respaldo.cintas.length).toBeGreaterThan(0);
  await completeTask(h, key, 'ejecutar-respaldo', { contenido: 'SIIF y Nómina', ejecutadoEn: new Date(h.clock.now()).toISOString(), etiquetas: respaldo.cintas });
  await completeTask(h, key, 'trasladar-boveda', { fechaTraslado: new Date(h.clock.now()).toISOString().slice(0, 10), boveda: 'Banco del Bajío', recibidoPor: 'Gerente de bóveda' });
}

describe('PR06 Programación de Respaldo de Información', () => {
  it('the monthly replica starts by itself on the 1st at 22:00 Aguascalientes time', async () => {
    const instances = async () => (await h.engine.searchProcessInstances({ filter: { processDefinitionId: 'dgsti-p01-pr06-respaldo' } })).items;
    expect(await instances()).toEqual([]);
    await h.clock.advanceTo('2026-04-02T03:59:00.000Z');
    await h.engine.idle();
    expect(await instances()).toEqual([]);
    await h.clock.advanceTo('2026-04-02T04:00:00.000Z'); // 2026-04-01T22:00:00-06:00
    await h.engine.idle();
    const [monthly] = await instances();
    expect(monthly).toBeDefined();
    await taskAt(h, monthly!.processInstanceKey, 'ejecutar-respaldo');
    expect(await path(h, monthly!.processInstanceKey)).toEqual(['respaldo-mensual', 'programacion', 'programar-respaldo']);
  });

  it('the backup is done once its tapes are in the vault: the instance ends the same day and announces "cintas-en-boveda" with the backup data', async () => {
    const key = await start(h, 'dgsti-p01-pr06-respaldo', {
      tipo: 'extraordinario',
      sistemas: ['SIIF'],
      herramienta: 'Commvault',
      cintasRequeridas: 2,
      motivo: 'Cierre del ejercicio fiscal.',
    });
    await runBackup(key);
    await settled(h, key);
    expect(h.clock.now()).toBe(Date.parse(START)); // no timer was waited for
    const vars = await variablesOf(h, key);
    expect(vars.registroRespaldo).toBeDefined();
    expect(await path(h, key)).toEqual(
      expect.arrayContaining(['registrar-respaldo', 'trasladar-boveda', 'avisar-cintas-en-boveda', 'revisar-existencia', 'respaldo-resguardado', 'respaldo-realizado']),
    );
    const steps = await path(h, key);
    for (const retention of ['retencion-seis-meses', 'regresar-cintas', 'liberar-cintas', 'cintas-reutilizables']) expect(steps).not.toContain(retention);

    const retained = await retentionInstances();
    expect(retained).toEqual([{ key: expect.any(String), respaldoId: (vars.respaldo as { id: string }).id }]);
    const carried = await variablesOf(h, retained[0]!.key);
    expect(carried).toMatchObject({
      respaldo: vars.respaldo,
      registroRespaldo: vars.registroRespaldo,
      tipo: 'extraordinario',
      contenido: 'SIIF y Nómina',
      boveda: 'Banco del Bajío',
      fechaTraslado: '2026-03-02',
    });
  });

  it('the tapes stay six months in the vault: "Regresar cintas" appears in the retention instance after six months, not before, and the tapes are released', async () => {
    const key = await start(h, 'dgsti-p01-pr06-respaldo', {
      tipo: 'extraordinario',
      sistemas: ['SIIF'],
      herramienta: 'Commvault',
      cintasRequeridas: 2,
      motivo: 'Cierre del ejercicio fiscal.',
    });
    await runBackup(key);
    await settled(h, key);
    const [retention] = await retentionInstances();
    expect(retention).toBeDefined();
    const rkey = retention!.key;
    expect(await path(h, rkey)).toEqual(['cintas-en-boveda']);
    // One month short of six: nothing to return yet.
    await h.clock.advance('P5M');
    await h.engine.idle();
    expect(await openTasks(rkey)).not.toContain('regresar-cintas');
    await h.clock.advance('P1M');
    await h.engine.idle();
    const regresar = await taskAt(h, rkey, 'regresar-cintas');
    expect(regresar.candidateGroups).toEqual(['sistemas-operativos']);
    expect(await openTasks(key)).toEqual([]);
    await completeTask(h, rkey, 'regresar-cintas', { fechaRegreso: '2026-09-03', cajaFuerte: 'Caja fuerte CECAP 1', cintasCompletas: true });
    await settled(h, rkey);
    const vars = await variablesOf(h, rkey);
    expect(vars.cintasLiberadas).toEqual((vars.respaldo as { cintas: string[] }).cintas);
    expect(await path(h, rkey)).toEqual(['cintas-en-boveda', 'retencion-seis-meses', 'regresar-cintas', 'liberacion', 'liberar-cintas', 'cintas-reutilizables']);
  });

  it('one retention per backup, and it never releases tapes with less than six months in the vault (RETENCION_INCUMPLIDA: wait a day, try again)', async () => {
    const key = await start(h, 'dgsti-p01-pr06-respaldo', { tipo: 'extraordinario', sistemas: ['SIIF'], cintasRequeridas: 2, motivo: 'Prueba de retención.' });
    await taskAt(h, key, 'ejecutar-respaldo');
    const { respaldo } = (await variablesOf(h, key)) as { respaldo: { id: string; cintas: string[] } };
    // An announcement that comes before the tapes are even recorded (e.g. published by hand)…
    await h.engine.publishMessage({ name: 'cintas-en-boveda', correlationKey: respaldo.id, variables: { respaldo }, timeToLive: 0 });
    await h.engine.idle();
    const [early] = await retentionInstances();
    expect(early).toEqual({ key: expect.any(String), respaldoId: respaldo.id });
    // …the tapes enter the vault two days later; the backup's own announcement finds its retention running and starts no second one.
    await h.clock.advance('P2D');
    await runBackup(key);
    await settled(h, key);
    expect(await retentionInstances()).toEqual([early]);

    await h.clock.advanceTo('2026-09-02T09:00:00.000Z'); // six months after the announcement, two days short of six in the vault
    await completeTask(h, early!.key, 'regresar-cintas', { fechaRegreso: '2026-09-02', cajaFuerte: 'Caja fuerte CECAP 1', cintasCompletas: true });
    await h.engine.idle();
    expect((await variablesOf(h, early!.key)).liberableDesde).toBe('2026-09-04T09:00:00.000Z');
    await h.clock.advance('P1D');
    await h.engine.idle();
    expect((await h.engine.getProcessInstance({ processInstanceKey: early!.key })).state).toBe('ACTIVE');
    await h.clock.advance('P1D');
    await settled(h, early!.key);
    const steps = await path(h, early!.key);
    expect(steps.filter((e) => e === 'retencion-incumplida')).toHaveLength(2);
    expect(steps.at(-1)).toBe('cintas-reutilizables');
    expect((await variablesOf(h, early!.key)).cintasLiberadas).toEqual(respaldo.cintas);
  });

  // The built-in inventory starts with 24 tapes (4 a month × 6); a 22-tape backup leaves fewer than a month's worth.
  it('a stock that does not cover six months of rotation asks for tapes (3.e)', async () => {
    const key = await start(h, 'dgsti-p01-pr06-respaldo', { tipo: 'extraordinario', sistemas: ['SIIF', 'Nómina'], cintasRequeridas: 22, motivo: 'Migración de servidores.' });
    await runBackup(key);
    const pedido = await taskAt(h, key, 'solicitar-adquisicion');
    expect(pedido.candidateGroups).toEqual(['sistemas-operativos']);
    expect((await variablesOf(h, key)).existencia).toEqual(expect.objectContaining({ suficiente: false }));
    await completeTask(h, key, 'solicitar-adquisicion', { cantidadCintas: 8, requisicion: 'REQ-2026-0142' });
    await settled(h, key);
    expect(await path(h, key)).toEqual(expect.arrayContaining(['stock-revisado', 'avisar-cintas-en-boveda', 'respaldo-realizado']));
  });

  it('no tapes for the backup (SIN_CINTAS): "Solicitar adquisición de cintas", then retry or give up', async () => {
    const key = await start(h, 'dgsti-p01-pr06-respaldo', { tipo: 'extraordinario', sistemas: ['Todo el CECAP'], cintasRequeridas: 100, motivo: 'Respaldo total.' });
    await taskAt(h, key, 'solicitar-adquisicion-urgente');
    expect(await path(h, key)).toContain('sin-cintas');
    await completeTask(h, key, 'solicitar-adquisicion-urgente', { cantidadCintas: 80, requisicion: 'REQ-2026-0150', reintentarRespaldo: true });
    await taskAt(h, key, 'solicitar-adquisicion-urgente'); // still no tapes: asked again
    await completeTask(h, key, 'solicitar-adquisicion-urgente', { cantidadCintas: 80, requisicion: 'REQ-2026-0150', reintentarRespaldo: false });
    await settled(h, key);
    expect(await path(h, key)).toContain('respaldo-no-realizado');
  });
});
