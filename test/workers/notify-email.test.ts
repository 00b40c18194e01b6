// notify.email against a real SMTP server on loopback: Spanish templates arrive intact, bad
// addresses are a business outcome, an absent server is retried.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import notifyEmail from '../../workers/notify.email/index.js';
import { catalogue, firmas } from '../../workers/notify.email/catalogue.js';
import { startSmtp, type Mail } from '../processes/harness.js';
import { parseMail } from '../mime.js';
import { createEngineFixture, createFixture, outcomeOf, runOnce, serviceTaskProcess, type EngineFixture, type Fixture } from './helpers.js';
import { waitFor } from '../support/wait-for.js';

const mails: Mail[] = [];
let smtp: { port: number; close(): Promise<void> };

beforeAll(async () => {
  smtp = await startSmtp(mails);
});
afterAll(() => smtp.close());

const mailTo = (port: number) => ({ smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true }, from: 'Mesa de Ayuda <soporte@aguascalientes.gob.mx>' });

/** The text/plain body with its lines as the template wrote them (SMTP sends CRLF). */
const textOf = (mail: Mail) => (parseMail(mail.raw).text ?? '').replace(/\r\n/g, '\n');

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('notify.email', () => {
  let f: Fixture;
  afterEach(async () => {
    mails.length = 0;
    await f.close();
  });

  it('given the acuse-solicitud template, then the requester receives the Spanish acknowledgement with the ticket number', async () => {
    f = createFixture({ mail: mailTo(smtp.port) });
    const answer = await runOnce(f, notifyEmail, {
      para: 'lucia.ramirez@aguascalientes.gob.mx',
      plantilla: 'acuse-solicitud',
      datos: { ticket: { numero: '202603021000001' }, solicitante: { nombre: 'Lucía Ramírez Muñoz' }, categoria: 'Soporte Técnico', descripcion: 'La impresora no imprime' },
    });
    expect(answer.action).toBe('complete');
    const correo = (answer as unknown as { variables: { notificacion: { messageId: string; para: string[]; asunto: string } } }).variables.notificacion;
    expect(correo.para).toEqual(['lucia.ramirez@aguascalientes.gob.mx']);
    expect(correo.asunto).toBe('Acuse de su solicitud — reporte 202603021000001');

    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['lucia.ramirez@aguascalientes.gob.mx']);
    expect(mails[0]!.from).toBe('soporte@aguascalientes.gob.mx');
    const mail = parseMail(mails[0]!.raw);
    expect(mail.subject).toBe('Acuse de su solicitud — reporte 202603021000001');
    expect(mail.text).toContain('Estimado(a) Lucía Ramírez Muñoz:');
    expect(mail.text).toContain('número de reporte 202603021000001');
    expect(mail.text).toContain('Categoría: Soporte Técnico');
    expect(mail.html).toContain('<p>Estimado(a) Lucía Ramírez Muñoz:</p>');
    expect(mail.headers['message-id']).toBe(correo.messageId);
    // The raw message really is encoded (not 8-bit Spanish sent as is).
    expect(mails[0]!.raw).not.toContain('Lucía');
  });

  it('given negativa-atencion with a reason, then the reason is in the body', async () => {
    f = createFixture({ mail: mailTo(smtp.port) });
    const answer = await runOnce(f, notifyEmail, {
      para: ['jefe.area@aguascalientes.gob.mx', 'dir.proyectos@aguascalientes.gob.mx'],
      plantilla: 'negativa-atencion',
      datos: { proyecto: 'Sistema de Nómina 2.0', solicitante: { nombre: 'Ing. Pedro Gómez' }, motivo: 'No hay programadores disponibles en el trimestre' },
    });
    expect(answer.action).toBe('complete');
    const mail = parseMail(mails[0]!.raw);
    expect(mail.subject).toBe('Su solicitud Sistema de Nómina 2.0 no puede ser atendida');
    expect(mail.text).toContain('Motivo: No hay programadores disponibles en el trimestre');
    expect(mails[0]!.to.sort()).toEqual(['dir.proyectos@aguascalientes.gob.mx', 'jefe.area@aguascalientes.gob.mx']);
  });

  it('given cuenta-creada, then the mail says how to set the password and carries none', async () => {
    f = createFixture({ mail: mailTo(smtp.port) });
    await runOnce(f, notifyEmail, { para: 'ana@aguascalientes.gob.mx', plantilla: 'cuenta-creada', datos: { nombre: 'Ana Ruiz', cuenta: { usuario: 'aruiz', estado: 'activa' } } });
    const mail = parseMail(mails[0]!.raw);
    expect(mail.subject).toBe('Su cuenta de acceso aruiz está lista');
    expect(mail.text).toContain('este correo no contiene ninguna contraseña');
    expect(mail.text).toContain('extensión 5001');
  });

  it('given the template only as task header and English requested, then the English alternate is sent', async () => {
    f = createFixture({ mail: mailTo(smtp.port) });
    const answer = await runOnce(
      f,
      notifyEmail,
      { para: 'x@aguascalientes.gob.mx', datos: { ticket: { numero: '1' }, solicitante: { nombre: 'X' } } },
      { headers: { plantilla: 'servicio-atendido', idioma: 'en' } },
    );
    expect(answer.action).toBe('complete');
    expect(parseMail(mails[0]!.raw).subject).toBe('Your ticket 1 was resolved');
  });

  it('given every template of the catalogue, then each renders in Spanish and English without leftover placeholders', () => {
    for (const [id, t] of Object.entries(catalogue)) {
      for (const lang of ['es', 'en'] as const) {
        expect(t[lang].asunto.length).toBeGreaterThan(0);
        expect(`${id}:${t[lang].texto}`).not.toMatch(/\{\{\s*\}\}/);
        expect(`${id}:${t[lang].texto}`).not.toMatch(/Mesa de Ayuda —|Help Desk —|Dirección General de Proyectos de Tecnologías/);
      }
    }
  });

  it('given a help-desk template, then the mail is signed by the Mesa de Ayuda of the DGSTI (manual 7.3)', async () => {
    f = createFixture({ mail: mailTo(smtp.port) });
    await runOnce(f, notifyEmail, {
      para: 'a@aguascalientes.gob.mx',
      plantilla: 'servicio-atendido',
      datos: { ticket: { numero: '7' }, solicitante: { nombre: 'Ana' }, resolucion: 'Listo' },
    });
    const mail = parseMail(mails[0]!.raw);
    expect(textOf(mails[0]!)).toMatch(
      /Si el problema persiste[^\n]*\n\nMesa de Ayuda — Dirección General de Soporte a las TI\nOficialía Mayor del Gobierno del Estado de Aguascalientes\nTel\. ext\. 5001 · soporte@aguascalientes\.gob\.mx\s*$/,
    );
    expect(mail.html).toContain('Mesa de Ayuda — Dirección General de Soporte a las TI');
  });

  it.each(['negativa-atencion', 'liberacion-proyecto'])(
    'given the DGPT template %s, then the mail is signed by the Dirección General de Proyectos de TI (manual 7.2), not the help desk',
    async (plantilla) => {
      f = createFixture({ mail: mailTo(smtp.port) });
      const datos = { proyecto: { nombre: 'Inventarios' }, solicitante: { nombre: 'Ing. Pedro Gómez' }, motivo: 'Sin recursos' };
      await runOnce(f, notifyEmail, { para: 'jefe.area@aguascalientes.gob.mx', plantilla, datos });
      await runOnce(f, notifyEmail, { para: 'jefe.area@aguascalientes.gob.mx', datos }, { headers: { plantilla, idioma: 'en' } });
      const [es, en] = mails.map(textOf);
      expect(es).toContain('\n\nDirección General de Proyectos de Tecnologías de Información\nOficialía Mayor del Gobierno del Estado de Aguascalientes');
      expect(es).not.toContain('Mesa de Ayuda');
      expect(es).not.toContain('Soporte a las TI');
      expect(en).toContain(firmas.dgpt.en);
      expect(en).not.toContain('Help Desk');
    },
  );

  it("given the task header firma, then it picks the signature over the template's own", async () => {
    f = createFixture({ mail: mailTo(smtp.port) });
    await runOnce(
      f,
      notifyEmail,
      { para: 'a@aguascalientes.gob.mx', datos: { proyecto: 'X', solicitante: { nombre: 'Ana' }, motivo: 'm' } },
      { headers: { plantilla: 'negativa-atencion', firma: 'dgsti' } },
    );
    await runOnce(
      f,
      notifyEmail,
      { para: 'a@aguascalientes.gob.mx', datos: { ticket: { numero: '9' }, solicitante: { nombre: 'Ana' } } },
      { headers: { plantilla: 'servicio-atendido', firma: 'dgpt' } },
    );
    const [dgsti, dgpt] = mails.map(textOf);
    expect(dgsti).toContain(firmas.dgsti.es);
    expect(dgsti).not.toContain(firmas.dgpt.es);
    expect(dgpt).toContain(firmas.dgpt.es);
    expect(dgpt).not.toContain('Mesa de Ayuda');
  });

  it('given an unknown signature in the header, then an incident names it and nothing is sent', async () => {
    f = createFixture({ mail: mailTo(smtp.port) });
    const answer = await runOnce(f, notifyEmail, { para: 'a@aguascalientes.gob.mx', plantilla: 'acuse-solicitud' }, { headers: { firma: 'dgma' } });
    expect(answer).toMatchObject({ action: 'fail', retries: 0 });
    expect(answer.action === 'fail' && answer.errorMessage).toContain("'dgma'");
    expect(mails).toHaveLength(0);
  });

  it('given an invalid address, then BPMN error CORREO_INVALIDO and nothing is sent', async () => {
    f = createFixture({ mail: mailTo(smtp.port) });
    const answer = await runOnce(f, notifyEmail, { para: ['bien@aguascalientes.gob.mx', 'no es un correo'], plantilla: 'acuse-solicitud' });
    expect(answer).toMatchObject({ action: 'error', errorCode: 'CORREO_INVALIDO' });
    expect(answer.action === 'error' && answer.errorMessage).toContain('no es un correo');
    expect(mails).toHaveLength(0);
  });

  it('given an unknown template, then an incident (no retry) names it', async () => {
    f = createFixture({ mail: mailTo(smtp.port) });
    const answer = await runOnce(f, notifyEmail, { para: 'a@aguascalientes.gob.mx', plantilla: 'felicitacion-navidad' });
    expect(answer).toMatchObject({ action: 'fail', retries: 0 });
    expect(answer.action === 'fail' && answer.errorMessage).toContain("'felicitacion-navidad'");
  });

  it('given the SMTP server refuses the connection, then the job fails with retries left and a back-off', async () => {
    f = createFixture({ mail: mailTo(await closedPort()) });
    const answer = await runOnce(f, notifyEmail, { para: 'a@aguascalientes.gob.mx', plantilla: 'acuse-solicitud' }, { retries: 3 });
    expect(answer).toMatchObject({ action: 'fail', retries: 2, retryBackOff: 5000 });
    expect(answer.action === 'fail' && answer.errorMessage).toMatch(/no está disponible/);
  });

  it('given the same job runs again after the mail went out, then it is not sent twice', async () => {
    f = createFixture({ mail: mailTo(smtp.port) });
    const vars = { para: 'a@aguascalientes.gob.mx', plantilla: 'servicio-atendido', datos: { ticket: { numero: '7' } } };
    const first = await runOnce(f, notifyEmail, vars, { jobKey: 'mail-1' });
    const again = await runOnce(f, notifyEmail, vars, { jobKey: 'mail-1' });
    expect(again).toEqual(first);
    expect(mails).toHaveLength(1);
  });
});

describe('notify.email on the embedded engine', () => {
  let e: EngineFixture;
  afterEach(async () => {
    mails.length = 0;
    await e.close();
  });

  it('given a bad address, then the error boundary catches CORREO_INVALIDO', async () => {
    e = await createEngineFixture('2026-03-02T15:00:00Z', [notifyEmail], { mail: mailTo(smtp.port) });
    await e.engine.createDeployment({
      resources: [{ name: 'p.bpmn', content: serviceTaskProcess('aviso', 'notify.email', { errorCode: 'CORREO_INVALIDO', headers: { plantilla: 'servicio-atendido' } }) }],
    });
    const { processInstanceKey } = await e.engine.createProcessInstance({ processDefinitionId: 'aviso', variables: { para: 'lucia@@aguascalientes' } });
    await waitFor(async () => (await e.engine.getProcessInstance({ processInstanceKey })).state === 'COMPLETED', 5000, 'completion');
    expect((await outcomeOf(e.engine, processInstanceKey)).path).toContain('failedEnd');
  });

  it('given the SMTP server is down, then the job is retried with back-off and ends in an incident', async () => {
    e = await createEngineFixture('2026-03-02T15:00:00Z', [notifyEmail], { mail: mailTo(await closedPort()) });
    await e.engine.createDeployment({ resources: [{ name: 'p.bpmn', content: serviceTaskProcess('aviso2', 'notify.email', { retries: 2, headers: { plantilla: 'servicio-atendido' } }) }] });
    const { processInstanceKey } = await e.engine.createProcessInstance({ processDefinitionId: 'aviso2', variables: { para: 'lucia@aguascalientes.gob.mx' } });
    const incidents = () => e.engine.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } });
    // First attempt fails; the retry waits for its back-off on the engine clock.
    await waitFor(async () => {
      await e.engine.idle();
      return true;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await incidents()).items).toHaveLength(0);
    await e.clock.advance('PT10S');
    const found = await waitFor(async () => (await incidents()).items[0], 10_000, 'incident');
    expect(found.errorMessage).toMatch(/no está disponible/);
  });
});
