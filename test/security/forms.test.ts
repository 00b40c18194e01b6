// Issue 12, items 3 and 7: forms refuse fields they do not declare, the variables the platform owns
// can never be sent by a starter or a completer (on /api or /v2, whatever the role), and a form's
// patterns are evaluated by a linear-time engine — a pattern it cannot run is refused at save,
// saying why. Each probe is how the hostile review got through.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import request from 'supertest';
import { loadForms } from '../../forms/index.js';
import { createFormRegistry, FORM_VERSIONS_COLLECTION, type FormVersionDoc } from '../../server/core/forms/index.js';
import { completionCheckOf } from '../../server/core/tasks/index.js';
import { createHttpHarness, DEMO_PASSWORD, type HttpHarness } from '../http/harness.js';
import { bpmn } from '../http/v2/harness.js';
import { waitFor } from '../support/wait-for.js';

const PROCESSES = fileURLToPath(new URL('../../processes/', import.meta.url));
const FORMS = fileURLToPath(new URL('../../forms/', import.meta.url));
const SOPORTE = 'dgsti-p01-pr03-soporte-tecnico';
const CAS_QUEJA = 'dgsti-p01-pr01-cas-queja';
const CAS_FORM = 'dgsti-p01-pr01-cas-queja-registro';
const forms = loadForms();
const reporte = forms.get('dgsti-p01-pr03-reporte')!.examples.valid[0]!;
const queja = forms.get(CAS_FORM)!.examples.valid[0]!;
const encuesta = { calificacion: 5, resuelto: true };

/** start → a user task of mesa-ayuda (with `form`, or none) → end. */
const oneTask = (id: string, form?: string) =>
  bpmn(
    id,
    `<bpmn:startEvent id="inicio"/><bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="tarea"/>
    <bpmn:userTask id="tarea" name="Tarea"><bpmn:extensionElements><zeebe:userTask/>${form ? `<zeebe:formDefinition externalReference="${form}"/>` : ''}<zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="tarea" targetRef="fin"/><bpmn:endEvent id="fin"/>`,
  );

let h: HttpHarness;
beforeEach(async () => {
  h = await createHttpHarness();
  await h.engine.deployResourcesFromFiles([SOPORTE, CAS_QUEJA].map((id) => `${PROCESSES}${id}.bpmn`));
  await h.engine.createDeployment({
    resources: [
      { name: 'seg-encuesta.bpmn', content: oneTask('seg-encuesta', 'dgsti-p01-pr03-encuesta') },
      { name: 'seg-sin-formulario.bpmn', content: oneTask('seg-sin-formulario') },
    ],
  });
});
afterEach(() => h.close());

type Problem = { field: string; code?: string; message: string };
const fieldsOf = (res: request.Response) => ((res.body.errors ?? []) as Problem[]).map((e) => e.field).sort();
const v2 = (username: string) => ({
  post: (path: string, body: object) => request(h.app).post(path).auth(username, DEMO_PASSWORD).send(body),
});

async function variable(processInstanceKey: string, name: string): Promise<unknown> {
  const { items } = await h.engine.searchVariables({ filter: { processInstanceKey, scopeKey: processInstanceKey, name } });
  return items[0] ? JSON.parse(items[0].value) : undefined;
}

/** An instance of `processId` started as solicitante would be, with its open task's key. */
async function openTask(processId: string): Promise<{ processInstanceKey: string; userTaskKey: string }> {
  const requester = (await h.identity.findByUsername('solicitante'))!;
  const iniciadoPor = { id: requester.id, username: requester.username, nombre: requester.displayName };
  const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId: processId, variables: { iniciadoPor } });
  const userTaskKey = await waitFor(
    async () => {
      await h.engine.idle();
      return (await h.engine.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED' } })).items[0]?.userTaskKey;
    },
    5000,
    'the open task',
  );
  return { processInstanceKey, userTaskKey };
}

describe('item 3: a form refuses the fields it does not declare', () => {
  it('refuses a start that sends the ticket, naming it, so nobody skips the help desk (A1, A2) — and starts nothing', async () => {
    const solicitante = await h.signIn('solicitante');
    const before = (await h.engine.searchProcessInstances({ filter: { processDefinitionId: SOPORTE } })).items.length;
    const res = await solicitante.post(`/api/processes/${SOPORTE}/instances`, { data: { ...reporte, ticket: { numero: '202603021000099', abiertoEn: '2026-03-02T15:00:00Z' } } });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['ticket']);
    expect(res.body.errors[0].message).toContain('ticket');
    expect((await h.engine.searchProcessInstances({ filter: { processDefinitionId: SOPORTE } })).items.length).toBe(before);
  });

  it('refuses a start with a field its form does not declare, naming the field, instead of storing it', async () => {
    const solicitante = await h.signIn('solicitante');
    const res = await solicitante.post(`/api/processes/${SOPORTE}/instances`, { data: { ...reporte, prioridadUrgente: true } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'prioridadUrgente', code: 'additionalProperties', message: expect.stringContaining('prioridadUrgente') })]);
  });

  it('refuses a forged iniciadoPor at a start instead of dropping it silently', async () => {
    const admin = await h.signIn('admin');
    const res = await admin.post(`/api/processes/${SOPORTE}/instances`, { data: { ...reporte, iniciadoPor: { id: 'x', username: 'otro', nombre: 'Otro' } } });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['iniciadoPor']);
  });

  it('refuses a completion that overwrites iniciadoPor (/api and /v2), and the instance keeps who started it', async () => {
    const mesa = await h.signIn('mesa-ayuda');
    const mesaUser = (await h.identity.findByUsername('mesa-ayuda'))!;
    const forged = { id: mesaUser.id, username: 'mesa-ayuda', nombre: mesaUser.displayName };
    const first = await openTask('seg-encuesta');
    const res = await mesa.post(`/api/tasks/${first.userTaskKey}/complete`, { data: { ...encuesta, iniciadoPor: forged } });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['iniciadoPor']);
    expect(await variable(first.processInstanceKey, 'iniciadoPor')).toMatchObject({ username: 'solicitante' });

    const second = await openTask('seg-encuesta');
    const viaV2 = await v2('mesa-ayuda').post(`/v2/user-tasks/${second.userTaskKey}/completion`, { variables: { ...encuesta, iniciadoPor: forged } });
    expect(viaV2.status).toBe(400);
    expect(fieldsOf(viaV2)).toEqual(['iniciadoPor']);
    expect(await variable(second.processInstanceKey, 'iniciadoPor')).toMatchObject({ username: 'solicitante' });
  });

  it('refuses a completion with a field the task form does not declare, naming it', async () => {
    const mesa = await h.signIn('mesa-ayuda');
    const { userTaskKey } = await openTask('seg-encuesta');
    const res = await mesa.post(`/api/tasks/${userTaskKey}/complete`, { data: { ...encuesta, cerrarSinAtender: true } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cerrarSinAtender', code: 'additionalProperties' })]);
  });

  it('refuses a platform variable even on a task without a form', async () => {
    const mesa = await h.signIn('mesa-ayuda');
    const { userTaskKey } = await openTask('seg-sin-formulario');
    const res = await mesa.post(`/api/tasks/${userTaskKey}/complete`, { data: { ticket: { numero: 'T-1' } } });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['ticket']);
  });

  it('refuses platform variables on /v2 starts, to operators too (who start any process with any other variables)', async () => {
    const operator = await v2('process-owner').post('/v2/process-instances', { processDefinitionId: 'seg-sin-formulario', variables: { ticket: { numero: 'T-1' }, motivo: 'x' } });
    expect(operator.status).toBe(400);
    expect(fieldsOf(operator)).toEqual(['ticket']);
    expect(operator.body.detail).toContain('ticket');
    const admin = await v2('admin').post('/v2/process-instances', { processDefinitionId: 'seg-sin-formulario', variables: { iniciadoPor: { id: 'x' } } });
    expect(admin.status).toBe(400);
    expect(fieldsOf(admin)).toEqual(['iniciadoPor']);
    // Other variables still go through as given.
    expect((await v2('process-owner').post('/v2/process-instances', { processDefinitionId: 'seg-sin-formulario', variables: { motivo: 'x' } })).status).toBe(200);

    const requester = await v2('solicitante').post('/v2/process-instances', { processDefinitionId: SOPORTE, variables: { ...reporte, ticket: { numero: 'T-2' } } });
    expect(requester.status).toBe(400);
    expect(fieldsOf(requester)).toEqual(['ticket']);
  });

  it('refuses to save a designed form that accepts undeclared fields, or that declares a platform variable as a field', async () => {
    const owner = await h.signIn('process-owner');
    const design = (schema: object, labels: Record<string, { es: string; en: string }>) => ({
      title: { es: 'Prueba', en: 'Test' },
      schema,
      uiSchema: {},
      labels,
      manualReference: 'PR03 3.a',
    });
    const label = { es: 'Campo', en: 'Field' };
    const open = await owner.put('/api/forms/seg-abierto', design({ type: 'object', properties: { nombre: { type: 'string' } } }, { nombre: label }));
    expect(open.status).toBe(400);
    expect(open.body.errors).toEqual([expect.objectContaining({ field: 'body/schema', code: 'open_object' })]);

    const nested = await owner.put(
      '/api/forms/seg-anidado',
      design(
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            contacto: { type: 'object', properties: { correo: { type: 'string' } } },
            equipos: { type: 'array', items: { type: 'object', properties: { serie: { type: 'string' } } } },
          },
        },
        { contacto: label, equipos: label },
      ),
    );
    expect(nested.status).toBe(400);
    expect(fieldsOf(nested)).toEqual(['body/schema/properties/contacto', 'body/schema/properties/equipos/items']);

    const owned = await owner.put('/api/forms/seg-propio', design({ type: 'object', additionalProperties: false, properties: { iniciadoPor: { type: 'string' } } }, { iniciadoPor: label }));
    expect(owned.status).toBe(400);
    expect(owned.body.errors).toEqual([expect.objectContaining({ field: 'body/schema/properties/iniciadoPor', code: 'platform_variable' })]);
  });

  it('names the undeclared field of a form closed by propertyNames (the designer’s conditional fields), and closes an open version saved before', async () => {
    const owner = await h.signIn('process-owner');
    const conditional = {
      type: 'object',
      properties: { tipo: { type: 'string', enum: ['alta', 'baja'] } },
      allOf: [{ if: { properties: { tipo: { const: 'baja' } }, required: ['tipo'] }, then: { properties: { motivo: { type: 'string' } } } }],
      propertyNames: { enum: ['tipo', 'motivo'] },
    };
    const saved = await owner.put('/api/forms/seg-condicional', {
      title: { es: 'Prueba', en: 'Test' },
      schema: conditional,
      uiSchema: {},
      labels: { tipo: { es: 'Tipo', en: 'Kind' } },
      manualReference: 'PR07 3.a',
    });
    expect(saved.status).toBe(200);
    const form = (await h.oficio.forms.get('seg-condicional'))!;
    expect(h.oficio.forms.validate(form, { tipo: 'baja', motivo: 'Cambio de área' })).toEqual([]);
    expect(h.oficio.forms.validate(form, { tipo: 'baja', ticket: { numero: 'T-1' } }).map((e) => [e.field, e.keyword])).toEqual([['ticket', 'additionalProperties']]);

    // A version stored before designed forms had to be closed, read by a registry as after a restart.
    const open = {
      id: 'seg-antiguo',
      title: { es: 'Antiguo', en: 'Old' },
      schema: { type: 'object', properties: { nombre: { type: 'string' }, contacto: { type: 'object', properties: { correo: { type: 'string' } } } } },
      uiSchema: {},
      labels: {},
      manualReference: '',
    };
    const definition = JSON.stringify(open);
    await h.store
      .collection<FormVersionDoc>(FORM_VERSIONS_COLLECTION)
      .insert({ id: 'seg-antiguo@1', formId: 'seg-antiguo', number: 1, sha256: 'x', savedAt: '2026-01-01T00:00:00.000Z', author: { id: 'u', name: 'U' }, definition });
    const registry = createFormRegistry({ store: h.store, fileForms: new Map() });
    const old = (await registry.get('seg-antiguo'))!;
    expect(
      registry
        .validate(old, { nombre: 'Ana', contacto: { correo: 'a@b.mx', telefono: '1' }, iniciadoPor: { id: 'x' } })
        .map((e) => e.field)
        .sort(),
    ).toEqual(['contacto/telefono', 'iniciadoPor']);
  });

  it("on Camunda, the completing listener's check (which sees the instance's variables with the submitted ones) holds only the form's fields against a completion", async () => {
    const check = completionCheckOf(h.oficio.forms, 'es');
    const instance = { ticket: { numero: 'T-1' }, iniciadoPor: { id: 'x' }, descripcion: 'La impresora no imprime.' };
    expect(await check('dgsti-p01-pr03-encuesta', { ...instance, ...encuesta })).toBeUndefined();
    expect(await check('dgsti-p01-pr03-encuesta', { ...instance, calificacion: 9, resuelto: true })).toContain('Calificación');
    expect(await check('dgsti-p01-pr01-cas-queja-registro', { ...queja, ciudadano: { ...(queja.ciudadano as object), curp: 'X' } })).toContain('curp');
  });

  it('closes every object of every form of forms/ (additionalProperties: false at each level, items included)', () => {
    const open: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
      const schema = node as Record<string, unknown>;
      const isObject = schema.type === 'object' || (schema.type === undefined && schema.properties !== undefined);
      if (isObject && schema.additionalProperties !== false) open.push(path);
      for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, unknown>)) walk(child, `${path}/properties/${name}`);
      if (schema.items) walk(schema.items, `${path}/items`);
    };
    for (const file of readdirSync(FORMS).filter((f) => f.endsWith('.form.json'))) walk((JSON.parse(readFileSync(`${FORMS}${file}`, 'utf8')) as { schema: unknown }).schema, file);
    expect(open).toEqual([]);
  });
});

describe('item 7: form patterns run in linear time', () => {
  const EVIL = '^(a+)+$';

  it("evaluates a catastrophic pattern saved on the public form without a backtracking engine: the citizen's submission is a 400 and the server answers on", async () => {
    const owner = await h.signIn('process-owner');
    const { examples: _examples, id: _id, ...file } = forms.get(CAS_FORM)!;
    const schema = structuredClone(file.schema) as { properties: Record<string, Record<string, unknown>> };
    schema.properties.descripcion!.pattern = EVIL;
    expect((await owner.put(`/api/forms/${CAS_FORM}`, { ...file, schema })).status).toBe(200);

    // A backtracking engine on this pattern and text takes 2^40 steps: none may run it.
    const nativeTest = RegExp.prototype.test;
    const guard = jest.spyOn(RegExp.prototype, 'test').mockImplementation(function (this: RegExp, text: string) {
      if (this.source === EVIL) throw new Error('a backtracking RegExp ran the form pattern');
      return nativeTest.call(this, text);
    });
    try {
      const res = await request(h.app)
        .post(`/api/public/forms/${CAS_QUEJA}/instances`)
        .send({ data: { ...queja, descripcion: `${'a'.repeat(40)}!` } });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'descripcion', code: 'pattern' })]);
      const good = await request(h.app)
        .post(`/api/public/forms/${CAS_QUEJA}/instances`)
        .send({ data: { ...queja, descripcion: 'aaaa' } });
      expect(good.status).toBe(201);
    } finally {
      guard.mockRestore();
    }
    expect((await request(h.app).get(`/api/public/forms/${CAS_QUEJA}`)).status).toBe(200);
  });

  it('refuses at save a pattern the linear engine cannot run, saying why in the designer’s words (Spanish, or English on request)', async () => {
    const owner = await h.signIn('process-owner');
    const withPattern = (pattern: string) => ({
      title: { es: 'Prueba', en: 'Test' },
      schema: { type: 'object', additionalProperties: false, properties: { codigo: { type: 'string', pattern } } },
      uiSchema: {},
      labels: { codigo: { es: 'Código', en: 'Code' } },
      manualReference: 'PR03 3.a',
    });
    const backReference = await owner.put('/api/forms/seg-patron', withPattern('^(ab)\\1$'));
    expect(backReference.status).toBe(400);
    expect(backReference.body.errors).toEqual([
      expect.objectContaining({ field: 'body/schema/properties/codigo/pattern', code: 'pattern_unsupported', message: expect.stringMatching(/«codigo».*referencias a grupos anteriores/s) }),
    ]);
    const lookAhead = await owner.put('/api/forms/seg-patron', withPattern('^(?=.*\\d).{8,}$')).set('Accept-Language', 'en');
    expect(lookAhead.status).toBe(400);
    expect(lookAhead.body.errors).toEqual([
      expect.objectContaining({ field: 'body/schema/properties/codigo/pattern', code: 'pattern_unsupported', message: expect.stringMatching(/"codigo".*look-ahead/s) }),
    ]);
    expect((await owner.get('/api/forms/seg-patron')).status).toBe(404);
    expect((await owner.put('/api/forms/seg-patron', withPattern('^[A-Z]{3}-\\d{4}$'))).status).toBe(200);
  });

  it("gives the browser's form validator the same linear engine: it checks the pattern without a backtracking RegExp", async () => {
    const { formValidator } = await import('../../designer/src/forms/validator.js');
    const nativeTest = RegExp.prototype.test;
    const guard = jest.spyOn(RegExp.prototype, 'test').mockImplementation(function (this: RegExp, text: string) {
      if (this.source === EVIL) throw new Error('a backtracking RegExp ran the form pattern');
      return nativeTest.call(this, text);
    });
    try {
      const schema = { type: 'object', properties: { descripcion: { type: 'string', pattern: EVIL } } } as const;
      const result = formValidator.validateFormData({ descripcion: `${'a'.repeat(40)}!` }, schema);
      expect(result.errors.map((e) => e.name)).toEqual(['pattern']);
      expect(formValidator.validateFormData({ descripcion: 'aaa' }, schema).errors).toEqual([]);
    } finally {
      guard.mockRestore();
    }
    // The form designer says so before saving, and its pattern tester answers as the validators will.
    const { patternIssue, patternMatches } = await import('../../designer/src/form-designer/model.js');
    expect(patternIssue('^(?=.*\\d).{8,}$')?.code).toBe('pattern.lookAround');
    expect(patternIssue('^(ab)\\1$')?.code).toBe('pattern.backReference');
    expect(patternIssue(EVIL)).toBeUndefined();
    expect(patternMatches(EVIL, `${'a'.repeat(40)}!`)).toBe(false);
  });
});
