// ticket.register / ticket.close: the manual's OTRS numbers and the "Control de atención a usuarios".
import { afterEach, describe, expect, it } from '@jest/globals';
import registerTicket from '../../workers/ticket.register/index.js';
import closeTicket from '../../workers/ticket.close/index.js';
import { TICKET_COLLECTIONS, formatTicketNumber } from '../../workers/adapters/tickets.js';
import { completed, createEngineFixture, createFixture, outcomeOf, runOnce, type EngineFixture, type Fixture } from './helpers.js';
import { waitFor } from '../support/wait-for.js';

const solicitud = {
  solicitante: { nombre: 'Lucía Ramírez', correo: 'lucia.ramirez@aguascalientes.gob.mx', extension: '4321' },
  dependencia: 'Secretaría de Finanzas',
  area: 'Recursos Humanos',
  categoria: 'Soporte Técnico',
  descripcion: 'La impresora no imprime',
  canal: 'telefono',
};

describe('ticket.register', () => {
  let f: Fixture;
  afterEach(() => f.close());

  it('given a request on 2 March 2026 at 09:15 in Aguascalientes, then the ticket number is OTRS "Date": 20260302 + SystemID 10 + 00001', async () => {
    f = createFixture();
    const out = await completed(f, registerTicket, solicitud, { now: '2026-03-02T15:15:00Z' });
    expect(out.ticket).toEqual({ numero: '202603021000001', abiertoEn: '2026-03-02T15:15:00.000Z' });
  });

  it('given it is 23:30 of 2 March in Aguascalientes (05:30 UTC on the 3rd), then the number carries the local date', async () => {
    f = createFixture();
    const out = await completed(f, registerTicket, solicitud, { now: '2026-03-03T05:30:00Z' });
    expect((out.ticket as { numero: string }).numero).toBe('202603021000001');
  });

  it('given the counter of a new day, then it starts again at 1', async () => {
    f = createFixture();
    await completed(f, registerTicket, solicitud, { now: '2026-03-02T15:00:00Z' });
    await completed(f, registerTicket, solicitud, { now: '2026-03-02T16:00:00Z' });
    const next = await completed(f, registerTicket, solicitud, { now: '2026-03-03T15:00:00Z' });
    expect((next.ticket as { numero: string }).numero).toBe('202603031000001');
  });

  it('given 50 registrations at the same moment, then 50 distinct consecutive numbers are issued', async () => {
    f = createFixture();
    const outs = await Promise.all(Array.from({ length: 50 }, () => completed(f, registerTicket, solicitud, { now: '2026-03-02T15:00:00Z' })));
    const numbers = outs.map((o) => (o.ticket as { numero: string }).numero).sort();
    expect(new Set(numbers).size).toBe(50);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => formatTicketNumber('20260302', '10', i + 1)));
    for (const n of numbers) expect(n).toMatch(/^20260302 ?10\d{5}$/);
  });

  it('given the same job runs twice (a retry after a crash), then it gets the same ticket and the counter does not move', async () => {
    f = createFixture();
    const first = await completed(f, registerTicket, solicitud, { now: '2026-03-02T15:00:00Z', jobKey: 'job-A' });
    const again = await completed(f, registerTicket, solicitud, { now: '2026-03-02T15:01:00Z', jobKey: 'job-A' });
    expect(again.ticket).toEqual(first.ticket);
    const other = await completed(f, registerTicket, solicitud, { now: '2026-03-02T15:02:00Z', jobKey: 'job-B' });
    expect((other.ticket as { numero: string }).numero).toBe('202603021000002');
  });

  it('given a configured SystemID, then it is used', async () => {
    f = createFixture({ settings: { ticketSystemId: '42' } });
    const out = await completed(f, registerTicket, solicitud, { now: '2026-03-02T15:00:00Z' });
    expect((out.ticket as { numero: string }).numero).toBe('202603024200001');
  });

  it('given a request without categoría, then an incident names the field', async () => {
    f = createFixture();
    const { categoria: _c, ...sinCategoria } = solicitud;
    const answer = await runOnce(f, registerTicket, sinCategoria);
    expect(answer).toMatchObject({ action: 'fail', retries: 0 });
    expect(answer.action === 'fail' && answer.errorMessage).toContain('categoria');
  });
});

describe('ticket.close', () => {
  let f: Fixture;
  afterEach(() => f.close());

  it('given a ticket opened at 09:00 and closed at 10:35, then 95 minutes are recorded in "Control de atención a usuarios"', async () => {
    f = createFixture();
    const opened = await completed(f, registerTicket, solicitud, { now: '2026-03-02T15:00:00Z' });
    const numero = (opened.ticket as { numero: string }).numero;
    const out = await completed(f, closeTicket, { ticket: { numero }, resolucion: 'Se reemplazó el tóner', atendidoPor: 'Técnico Juan Pérez' }, { now: '2026-03-02T16:35:00Z' });
    expect(out.ticketCerrado).toEqual({ numero, cerradoEn: '2026-03-02T16:35:00.000Z', minutosAbierto: 95 });
    const control = await f.store.collection<Record<string, unknown>>(TICKET_COLLECTIONS.control).get(numero);
    expect(control).toMatchObject({
      folio: numero,
      fecha: '2026-03-02T15:00:00.000Z',
      solicitante: solicitud.solicitante,
      dependencia: 'Secretaría de Finanzas',
      categoria: 'Soporte Técnico',
      descripcion: 'La impresora no imprime',
      tecnico: 'Técnico Juan Pérez',
      fechaCierre: '2026-03-02T16:35:00.000Z',
      minutos: 95,
    });
  });

  it('given the close runs again later, then the first closure stands', async () => {
    f = createFixture();
    const opened = await completed(f, registerTicket, solicitud, { now: '2026-03-02T15:00:00Z' });
    const ticket = { numero: (opened.ticket as { numero: string }).numero };
    const first = await completed(f, closeTicket, { ticket }, { now: '2026-03-02T15:10:00Z' });
    const again = await completed(f, closeTicket, { ticket }, { now: '2026-03-02T18:00:00Z' });
    expect(again).toEqual(first);
    expect(await f.store.collection(TICKET_COLLECTIONS.control).count()).toBe(1);
  });

  it('given an unknown number, then BPMN error TICKET_NO_ENCONTRADO', async () => {
    f = createFixture();
    const answer = await runOnce(f, closeTicket, { ticket: { numero: '202603021099999' } });
    expect(answer).toMatchObject({ action: 'error', errorCode: 'TICKET_NO_ENCONTRADO' });
  });
});

describe('tickets on the embedded engine', () => {
  let e: EngineFixture;
  afterEach(() => e.close());

  it('given a process that registers a ticket at 09:00 and closes it two hours later, then the engine clock gives 120 minutes', async () => {
    e = await createEngineFixture('2026-03-02T15:00:00Z', [registerTicket, closeTicket]);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://oficio.test">
  <bpmn:process id="mesa" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="registrar"><bpmn:extensionElements><zeebe:taskDefinition type="ticket.register" retries="3"/></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:intermediateCatchEvent id="espera"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="cerrar"><bpmn:extensionElements><zeebe:taskDefinition type="ticket.close" retries="3"/></bpmn:extensionElements><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="registrar"/>
    <bpmn:sequenceFlow id="f2" sourceRef="registrar" targetRef="espera"/>
    <bpmn:sequenceFlow id="f3" sourceRef="espera" targetRef="cerrar"/>
    <bpmn:sequenceFlow id="f4" sourceRef="cerrar" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>`;
    await e.engine.createDeployment({ resources: [{ name: 'mesa.bpmn', content: xml }] });
    const { processInstanceKey } = await e.engine.createProcessInstance({ processDefinitionId: 'mesa', variables: solicitud });
    await waitFor(async () => (await outcomeOf(e.engine, processInstanceKey)).path.includes('registrar'), 5000, 'ticket registered');
    await e.clock.advance('PT2H');
    await waitFor(async () => (await e.engine.getProcessInstance({ processInstanceKey })).state === 'COMPLETED', 5000, 'instance completed');
    const { variables } = await outcomeOf(e.engine, processInstanceKey);
    expect(variables.ticket).toEqual({ numero: '202603021000001', abiertoEn: '2026-03-02T15:00:00.000Z' });
    expect(variables.ticketCerrado).toEqual({ numero: '202603021000001', cerradoEn: '2026-03-02T17:00:00.000Z', minutosAbierto: 120 });
  });
});
