// The start-form catalogue through the API: who sees which process (PR05: only jefe-informatica
// starts Red de Datos), the start form in the caller's language, starting with data validated on
// the server (400 naming each failing field in Spanish, or English on request), the audit event of
// each start, and the citizen's public CAS complaint form — without signing in, rate-limited per IP.
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import type { createApp } from '../../server/http/app.js';
import { loadForms } from '../../forms/index.js';
import { PUBLIC_SUBMISSIONS } from '../../server/http/routes/public.js';
import { createHttpHarness, type HttpHarness } from './harness.js';

const PROCESSES = fileURLToPath(new URL('../../processes/', import.meta.url));
const RED_DATOS = 'dgsti-p01-pr05-red-datos';
const CAS_QUEJA = 'dgsti-p01-pr01-cas-queja';
const SOPORTE = 'dgsti-p01-pr03-soporte-tecnico';
const forms = loadForms();
const solicitud = forms.get('dgsti-p01-pr05-solicitud')!.examples.valid[0]!;
const queja = forms.get('dgsti-p01-pr01-cas-queja-registro')!.examples.valid[0]!;

let h: HttpHarness;
/** The app with the engine's manual clock as its `now` (SLAs and rate-limit windows follow h.clock). */
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  h = await createHttpHarness();
  app = h.app;
  await h.engine.deployResourcesFromFiles([RED_DATOS, CAS_QUEJA, SOPORTE].map((id) => `${PROCESSES}${id}.bpmn`));
});
afterEach(() => h.close());

const signIn = (username: string) => h.signIn(username);

const fieldsOf = (res: request.Response) => (res.body.errors as Array<{ field: string }>).map((e) => e.field).sort();

describe('the catalogue', () => {
  it('shows jefe-informatica the Red de Datos request with its start form title in Spanish, or English on request', async () => {
    const jefe = await signIn('jefe-informatica');
    const res = await jefe.get('/api/processes');
    expect(res.status).toBe(200);
    const entry = res.body.items.find((p: { processDefinitionId: string }) => p.processDefinitionId === RED_DATOS);
    expect(entry).toEqual({
      processDefinitionId: RED_DATOS,
      processDefinitionKey: expect.any(String),
      name: 'Red de Datos',
      version: 1,
      versionTag: 'DGSTI-P01-PR05',
      startFormId: 'dgsti-p01-pr05-solicitud',
      startFormTitle: 'Solicitud de servicio de red de datos',
      publicStart: false,
    });
    const en = await jefe.get('/api/processes').set('Accept-Language', 'en-US');
    expect(en.body.items.find((p: { processDefinitionId: string }) => p.processDefinitionId === RED_DATOS).startFormTitle).toBe('Data network service request');
  });

  it('hides Red de Datos from mesa-ayuda (not a starter group, PR05 3.c), shows processes open to all, and shows admins everything', async () => {
    const ids = async (username: string) =>
      ((await (await signIn(username)).get('/api/processes')).body.items as Array<{ processDefinitionId: string }>).map((p) => p.processDefinitionId).sort();
    expect(await ids('mesa-ayuda')).toEqual([CAS_QUEJA, SOPORTE]);
    expect(await ids('admin')).toEqual([CAS_QUEJA, RED_DATOS, SOPORTE].sort());
    expect((await request(app).get('/api/processes')).status).toBe(401);
  });

  it('offers the DGPT stages on their own only to the Gestor de Proyectos, while anyone may file a project request (7.2.1)', async () => {
    const dgpt = [
      'dgpt-p01-desarrollo-si',
      'dgpt-p01-pr01-solicitud',
      'dgpt-p01-pr02-conceptualizacion',
      'dgpt-p01-pr03-analisis-diseno',
      'dgpt-p01-pr04-construccion',
      'dgpt-p01-pr05-implementacion',
    ];
    await h.engine.deployResourcesFromFiles(dgpt.map((id) => `${PROCESSES}${id}.bpmn`));
    const startable = async (username: string) =>
      ((await (await signIn(username)).get('/api/processes')).body.items as Array<{ processDefinitionId: string }>)
        .map((p) => p.processDefinitionId)
        .filter((id) => id.startsWith('dgpt-'))
        .sort();
    expect(await startable('solicitante')).toEqual(['dgpt-p01-desarrollo-si', 'dgpt-p01-pr01-solicitud']);
    expect(await startable('gestion-proyectos')).toEqual([...dgpt].sort());
  });

  it('lists only the latest version of a redeployed process', async () => {
    const changed = (await import('node:fs')).readFileSync(`${PROCESSES}${SOPORTE}.bpmn`, 'utf8').replace('name="Reporte de soporte técnico"', 'name="Reporte de soporte técnico (v2)"');
    await h.engine.createDeployment({ resources: [{ name: `${SOPORTE}.bpmn`, content: changed }] });
    const items = (await (await signIn('mesa-ayuda')).get('/api/processes')).body.items as Array<{ processDefinitionId: string; version: number }>;
    expect(items.filter((p) => p.processDefinitionId === SOPORTE).map((p) => p.version)).toEqual([2]);
  });
});

describe('the start form', () => {
  it("answers the schema, uiSchema and every text in the caller's language", async () => {
    const jefe = await signIn('jefe-informatica');
    const es = await jefe.get(`/api/processes/${RED_DATOS}/start-form`);
    expect(es.status).toBe(200);
    expect(es.body).toMatchObject({ processDefinitionId: RED_DATOS, name: 'Red de Datos', version: 1 });
    expect(es.body.form).toMatchObject({ id: 'dgsti-p01-pr05-solicitud', title: 'Solicitud de servicio de red de datos', manualReference: expect.stringContaining('PR05') });
    expect(es.body.form.schema.properties.direccionIp).toEqual({ type: 'string', format: 'ipv4' });
    expect(es.body.form.uiSchema['ui:order'][0]).toBe('dependencia');
    expect(es.body.form.labels.direccionIp).toBe('Dirección IP');
    expect(es.body.form.options.tipoServicio['apertura-puertos']).toBe('Apertura de puertos');
    const en = await jefe.get(`/api/processes/${RED_DATOS}/start-form`).set('Accept-Language', 'en');
    expect(en.body.form.labels.direccionIp).toBe('IP address');
  });

  it('is refused to those who may not start the process (403), and unknown processes are 404', async () => {
    const mesa = await signIn('mesa-ayuda');
    const refused = await mesa.get(`/api/processes/${RED_DATOS}/start-form`);
    expect(refused.status).toBe(403);
    expect(refused.body.title).toMatch(/jefe-informatica/);
    expect((await mesa.get('/api/processes/no-existe/start-form')).status).toBe(404);
  });
});

describe('starting a process', () => {
  it('refuses bad data naming each field in Spanish (invalid IPv4, end before start), then starts with good data and records it', async () => {
    const jefe = await signIn('jefe-informatica');
    const bad = await jefe.post(`/api/processes/${RED_DATOS}/instances`, {
      data: { ...solicitud, tipoServicio: 'acceso-internet', direccionIp: '10.20.300.40', fechaInicio: '2026-06-30', fechaFin: '2026-03-10' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.type).toBe('urn:oficio:problem:http.formInvalid');
    expect(fieldsOf(bad)).toEqual(['direccionIp', 'fechaFin']);
    const byField = Object.fromEntries((bad.body.errors as Array<{ field: string; message: string; code: string }>).map((e) => [e.field, e]));
    expect(byField.direccionIp).toEqual({ field: 'direccionIp', code: 'format', message: expect.stringMatching(/^«Dirección IP» no es válido: se espera una dirección IPv4/) });
    expect(byField.fechaFin!.message).toBe('«Fecha de fin del acceso a internet» debe ser igual o posterior a 2026-06-30.');
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.ts|stack/);

    const missing = await jefe.post(`/api/processes/${RED_DATOS}/instances`, { data: { tipoServicio: 'falla' } }).set('Accept-Language', 'en');
    expect(fieldsOf(missing)).toEqual(['area', 'dependencia', 'direccionIp', 'extension', 'nombre', 'telefono']);
    expect(missing.body.errors.find((e: { field: string }) => e.field === 'direccionIp').message).toBe('"IP address" is required.');
    expect(await h.engine.searchProcessInstances({})).toMatchObject({ items: [] });

    const good = await jefe.post(`/api/processes/${RED_DATOS}/instances`, { data: solicitud });
    expect(good.status).toBe(201);
    // The folio people quote: the first of its series this year (the engine key stays for operators).
    expect(good.body).toEqual({ processInstanceKey: expect.any(String), folio: expect.stringMatching(/^[A-Z]+-2026-000001$/) });
    const { items: variables } = await h.engine.searchVariables({ filter: { processInstanceKey: good.body.processInstanceKey, name: { $in: ['iniciadoPor', 'direccionIp'] } } });
    const value = (name: string) => JSON.parse(variables.find((v) => v.name === name)!.value);
    const jefeUser = (await h.identity.findByUsername('jefe-informatica'))!;
    expect(value('iniciadoPor')).toEqual({ id: jefeUser.id, username: 'jefe-informatica', nombre: jefeUser.displayName });
    expect(value('direccionIp')).toBe('10.20.30.40');

    const { items: events } = await h.audit.query({ action: 'instance.start' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { id: jefeUser.id, name: jefeUser.displayName },
      processInstanceKey: good.body.processInstanceKey,
      subject: RED_DATOS,
      data: { processDefinitionId: RED_DATOS, version: 1, folio: good.body.folio, data: solicitud },
      ip: expect.stringContaining('127.0.0.1'),
    });
  });

  it('does not let a user outside the starter groups start it, nor a body without data, nor a forged iniciadoPor', async () => {
    const mesa = await signIn('mesa-ayuda');
    expect((await mesa.post(`/api/processes/${RED_DATOS}/instances`, { data: solicitud })).status).toBe(403);
    const noData = await mesa.post(`/api/processes/${SOPORTE}/instances`, {});
    expect(noData.status).toBe(400);
    expect(fieldsOf(noData)).toEqual(['body/data']);
    // iniciadoPor is the platform's to set: a forged one is refused, naming it, rather than dropped.
    const admin = await signIn('admin');
    const forged = await admin.post(`/api/processes/${RED_DATOS}/instances`, { data: { ...solicitud, iniciadoPor: { id: 'x', username: 'otro', nombre: 'Otro' } } });
    expect(forged.status).toBe(400);
    expect(fieldsOf(forged)).toEqual(['iniciadoPor']);
    const started = await admin.post(`/api/processes/${RED_DATOS}/instances`, { data: solicitud });
    expect(started.status).toBe(201);
    const { items } = await h.engine.searchVariables({ filter: { processInstanceKey: started.body.processInstanceKey, name: 'iniciadoPor' } });
    expect(JSON.parse(items[0]!.value)).toMatchObject({ username: 'admin' });
  });
});

describe('the public CAS complaint form', () => {
  it('is read and submitted without signing in, and the audit event is anonymous with the IP', async () => {
    const form = await request(app).get(`/api/public/forms/${CAS_QUEJA}`);
    expect(form.status).toBe(200);
    expect(form.body.form.id).toBe('dgsti-p01-pr01-cas-queja-registro');
    const bad = await request(app)
      .post(`/api/public/forms/${CAS_QUEJA}/instances`)
      .send({ data: { ...queja, montoPagado: -5 } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toContain('montoPagado');
    const res = await request(app).post(`/api/public/forms/${CAS_QUEJA}/instances`).send({ data: queja });
    expect(res.status).toBe(201);
    const { items } = await h.audit.query({ action: 'instance.start' });
    expect(items[0]).toMatchObject({
      actor: 'anonymous',
      actorId: 'anonymous',
      ip: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/),
      processInstanceKey: res.body.processInstanceKey,
      data: { publicForm: true, data: queja },
    });
  });

  it('is not offered for processes that are not public (404, whether they exist or not)', async () => {
    for (const id of [RED_DATOS, SOPORTE, 'no-existe']) {
      expect((await request(app).get(`/api/public/forms/${id}`)).status).toBe(404);
      expect((await request(app).post(`/api/public/forms/${id}/instances`).send({ data: solicitud })).status).toBe(404);
    }
  });

  it(`refuses the submission after ${PUBLIC_SUBMISSIONS} from one IP in 10 minutes with 429 and Retry-After, and lets it in once the window has slid`, async () => {
    for (let i = 0; i < PUBLIC_SUBMISSIONS; i++) {
      if (i === 5) await h.clock.advance('PT4M');
      expect((await request(app).post(`/api/public/forms/${CAS_QUEJA}/instances`).send({ data: queja })).status).toBe(201);
    }
    const refused = await request(app).post(`/api/public/forms/${CAS_QUEJA}/instances`).send({ data: queja });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ status: 429, type: 'urn:oficio:problem:http.rateLimited', retryAfterSeconds: 360 });
    expect(refused.headers['retry-after']).toBe('360');
    expect(refused.body.title).toMatch(/360 segundos/);
    expect(refused.body).not.toHaveProperty('stack');
    // The form itself can still be read (a signed-in start of this process shares the limit: test/security/uploads.test.ts).
    expect((await request(app).get(`/api/public/forms/${CAS_QUEJA}`)).status).toBe(200);
    await h.clock.advance('PT6M');
    expect((await request(app).post(`/api/public/forms/${CAS_QUEJA}/instances`).send({ data: queja })).status).toBe(201);
  });
});

describe('the OpenAPI document', () => {
  it('describes the catalogue and public routes from their zod schemas', async () => {
    const doc = (await request(app).get('/api/openapi.json')).body;
    expect(doc.paths['/api/processes/{processId}/instances'].post.requestBody.content['application/json'].schema.required).toEqual(['data']);
    expect(doc.paths['/api/public/forms/{processId}/instances'].post.security).toEqual([]);
    expect(doc.paths['/api/processes'].get.responses['200'].content['application/json'].schema.properties.items.type).toBe('array');
  });
});
