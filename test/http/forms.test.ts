// Forms designed in the browser, through the API: a process owner saves versions (checked hard,
// every problem named on its field in Spanish or English), reads them back with every text in both
// languages, never overwriting a version its author has not seen, and the rest of Oficio — the deploy check, the catalogue, public forms, the tasklist —
// uses a saved form at once, each submission validated against the version it was shown.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { createHttpHarness, type HttpHarness } from './harness.js';

const START_FORM = 'baja-equipo-solicitud';
const TASK_FORM = 'baja-equipo-dictamen';
const PROCESS_ID = 'baja-equipo';

/** A start form as the form designer sends it. */
const startForm = {
  title: { es: 'Solicitud de baja de equipo', en: 'Equipment disposal request' },
  description: { es: 'El equipo queda fuera de inventario.', en: 'The equipment leaves the inventory.' },
  schema: {
    type: 'object',
    properties: { inventario: { type: 'string', pattern: '^INV-\\d{4}$' }, motivo: { type: 'string', enum: ['obsoleto', 'danado'] } },
    required: ['inventario', 'motivo'],
    additionalProperties: false,
  },
  uiSchema: { 'ui:order': ['inventario', 'motivo'] },
  labels: { inventario: { es: 'Número de inventario', en: 'Inventory number' }, motivo: { es: 'Motivo', en: 'Reason' } },
  help: { inventario: { es: 'Como aparece en la etiqueta: INV-0000', en: 'As on the label: INV-0000' } },
  options: { motivo: { obsoleto: { es: 'Obsoleto', en: 'Obsolete' }, danado: { es: 'Dañado', en: 'Damaged' } } },
  manualReference: 'PR02 3.a',
};

const taskForm = (required: string[]) => ({
  title: { es: 'Dictamen técnico', en: 'Technical assessment' },
  schema: { type: 'object', properties: { dictamen: { type: 'string', minLength: 10 }, oficio: { type: 'string' } }, required, additionalProperties: false },
  uiSchema: {},
  labels: { dictamen: { es: 'Dictamen', en: 'Assessment' }, oficio: { es: 'Número de oficio', en: 'Letter number' } },
});

// Anyone signed in may start it (and citizens too: it is public); mesa-ayuda gives the assessment.
const MODEL = readFileSync(fileURLToPath(new URL('./fixtures/baja-equipo.bpmn', import.meta.url)), 'utf8');

let h: HttpHarness;
beforeEach(async () => {
  h = await createHttpHarness();
});
afterEach(() => h.close());

describe('saving a designed form', () => {
  it('given a process owner, saves numbered versions with author and sha256, lists the form as designed and answers it with both languages', async () => {
    const owner = await h.signIn('process-owner');
    const first = await owner.put(`/api/forms/${START_FORM}`, startForm);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      id: START_FORM,
      version: 1,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      savedAt: expect.any(String),
      author: { id: expect.any(String), name: expect.any(String) },
    });
    const second = await owner.put(`/api/forms/${START_FORM}`, { ...startForm, manualReference: 'PR02 3.b' });
    expect(second.body.version).toBe(2);

    const list = await owner.get('/api/forms');
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual({
      id: START_FORM,
      title: startForm.title,
      description: startForm.description,
      manualReference: 'PR02 3.b',
      source: 'designed',
      version: 2,
      savedAt: expect.any(String),
      author: first.body.author,
    });
    expect(list.body).toContainEqual(expect.objectContaining({ id: 'dgsti-p01-pr05-solicitud', source: 'file' }));
    expect(list.body.find((f: { id: string }) => f.id === 'dgsti-p01-pr05-solicitud')).not.toHaveProperty('version');

    const one = await owner.get(`/api/forms/${START_FORM}`);
    expect(one.body).toEqual({ id: START_FORM, ...startForm, manualReference: 'PR02 3.b', source: 'designed', version: 2, savedAt: expect.any(String), author: first.body.author });
    const file = await owner.get('/api/forms/dgsti-p01-pr05-solicitud');
    expect(file.body).toMatchObject({ source: 'file', labels: expect.any(Object), title: { es: expect.any(String), en: expect.any(String) } });
    expect(file.body).not.toHaveProperty('examples');

    const versions = await owner.get(`/api/forms/${START_FORM}/versions`);
    expect(versions.status).toBe(200);
    expect(versions.body.id).toBe(START_FORM);
    expect(versions.body.items.map((v: { version: number; sha256: string; definition: { manualReference: string } }) => [v.version, v.sha256, v.definition.manualReference])).toEqual([
      [2, second.body.sha256, 'PR02 3.b'],
      [1, first.body.sha256, 'PR02 3.a'],
    ]);
    expect((await owner.get('/api/forms/dgsti-p01-pr05-solicitud/versions')).body).toEqual({ id: 'dgsti-p01-pr05-solicitud', items: [] });
    const none = await owner.get('/api/forms/no-existe/versions');
    expect(none.status).toBe(404);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);

    const events = (await h.audit.query({ action: 'form.saveVersion' }, { order: 'asc' })).items;
    expect(events.map((e) => [e.subject, (e.data as { version: number }).version])).toEqual([
      [START_FORM, 1],
      [START_FORM, 2],
    ]);
  });

  it('refuses a form with problems, naming each field in Spanish (English on request), and saves nothing', async () => {
    const owner = await h.signIn('process-owner');
    const broken = {
      ...startForm,
      schema: { ...startForm.schema, properties: { ...startForm.schema.properties, extension: { type: 'integer' } } },
      labels: { inventario: { es: 'Número de inventario', en: '' }, motivo: startForm.labels.motivo },
      options: { motivo: { ...startForm.options.motivo, perdido: { es: 'Perdido', en: 'Lost' } } },
    };
    const res = await owner.put(`/api/forms/${START_FORM}`, broken);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:oficio:problem:http.form.designInvalid', title: 'El formulario no se guardó: corrija lo señalado.', formId: START_FORM });
    expect(res.body.errors).toEqual([
      { field: 'body/labels/inventario/en', code: 'label_missing', message: 'El campo «inventario» no tiene etiqueta en inglés.' },
      { field: 'body/labels/extension', code: 'label_missing', message: 'El campo «extension» no tiene etiqueta en español ni en inglés.' },
      { field: 'body/options/motivo/perdido', code: 'unknown_value', message: 'El campo «motivo» no admite el valor «perdido»; sus valores son: obsoleto, danado.' },
    ]);

    const schema = await owner
      .put(`/api/forms/${START_FORM}`, {
        ...startForm,
        schema: { ...startForm.schema, properties: { inventario: { type: 'string', minLength: 'diez' }, motivo: startForm.schema.properties.motivo } },
      })
      .set('Accept-Language', 'en');
    expect(schema.status).toBe(400);
    expect(schema.body.title).toBe('The form was not saved: fix what is pointed out.');
    expect(schema.body.errors).toEqual([{ field: 'body/schema', code: 'schema_invalid', message: expect.stringMatching(/^The JSON schema is not valid for the server: .*minLength/) }]);

    const badId = await owner.put('/api/forms/Baja_Equipo', startForm);
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([{ field: 'params/id', code: 'pattern', message: expect.stringContaining('Baja_Equipo') }]);

    const shape = await owner.put(`/api/forms/${START_FORM}`, { title: 'Baja' });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body/title', 'body/schema', 'body/labels']));

    expect((await owner.get(`/api/forms/${START_FORM}`)).status).toBe(404);
    expect((await h.audit.query({ action: 'form.saveVersion' })).items).toEqual([]);
  });

  it('lets only process owners and admins save forms and read their versions', async () => {
    const staff = await h.signIn('mesa-ayuda');
    expect((await staff.put(`/api/forms/${START_FORM}`, startForm)).status).toBe(403);
    expect((await staff.get('/api/forms/dgsti-p01-pr05-solicitud/versions')).status).toBe(403);
    const auditor = await h.signIn('auditor');
    expect((await auditor.put(`/api/forms/${START_FORM}`, startForm)).status).toBe(403);
    const admin = await h.signIn('admin');
    expect((await admin.put(`/api/forms/${START_FORM}`, startForm)).status).toBe(200);
  });
});

describe('a save never silently overwrites another', () => {
  const FILE_FORM = 'dgsti-p01-pr05-solicitud';
  const savedVersions = async (id: string) => (await h.signIn('admin')).get(`/api/forms/${id}/versions`).then((r) => r.body.items.map((v: { version: number }) => v.version));

  it('refuses a copy edited from a version someone has saved over, naming the latest and who saved it, and writes nothing', async () => {
    const owner = await h.signIn('process-owner');
    const admin = await h.signIn('admin');
    expect((await owner.put(`/api/forms/${START_FORM}`, { ...startForm, new: true, baseVersion: 0 })).body.version).toBe(1);
    const theirs = await admin.put(`/api/forms/${START_FORM}`, { ...startForm, manualReference: 'PR02 3.b', baseVersion: 1 });
    expect(theirs.status).toBe(200);
    expect(theirs.body.version).toBe(2);

    const stale = await owner.put(`/api/forms/${START_FORM}`, { ...startForm, manualReference: 'PR02 3.c', baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(stale.body).toEqual({
      type: 'urn:oficio:problem:forms.design.staleVersion',
      status: 409,
      title: `Mientras usted editaba, ${theirs.body.author.name} guardó la versión 2 del formulario «${START_FORM}»; su copia no se guardó para no sobrescribirla.`,
      formId: START_FORM,
      reason: 'staleVersion',
      baseVersion: 1,
      latestVersion: 2,
      latestSavedAt: theirs.body.savedAt,
      latestAuthor: theirs.body.author,
      fileForm: false,
    });
    const english = await owner.put(`/api/forms/${START_FORM}`, { ...startForm, baseVersion: 1 }).set('Accept-Language', 'en');
    expect(english.body.title).toBe(`While you were editing, ${theirs.body.author.name} saved version 2 of form "${START_FORM}"; your copy was not saved so as not to overwrite it.`);
    expect(await savedVersions(START_FORM)).toEqual([2, 1]);
    expect((await owner.get(`/api/forms/${START_FORM}`)).body.manualReference).toBe('PR02 3.b');
    expect((await h.audit.query({ action: 'form.saveVersion' })).items).toHaveLength(2);

    // Having seen version 2, the same copy is accepted as version 3.
    const accepted = await owner.put(`/api/forms/${START_FORM}`, { ...startForm, manualReference: 'PR02 3.c', baseVersion: 2 });
    expect(accepted.status).toBe(200);
    expect(accepted.body.version).toBe(3);
    expect((await owner.get(`/api/forms/${START_FORM}`)).body.manualReference).toBe('PR02 3.c');
  });

  it('refuses a new form whose id a file form or a designed form already has', async () => {
    const owner = await h.signIn('process-owner');
    const overFile = await owner.put(`/api/forms/${FILE_FORM}`, { ...startForm, new: true });
    expect(overFile.status).toBe(409);
    expect(overFile.body).toMatchObject({
      type: 'urn:oficio:problem:forms.design.idTaken',
      title: `Ya existe un formulario con el id «${FILE_FORM}»; elija otro para el formulario nuevo.`,
      reason: 'idTaken',
      fileForm: true,
    });
    expect(overFile.body).not.toHaveProperty('latestVersion');
    expect((await owner.get(`/api/forms/${FILE_FORM}`)).body.source).toBe('file');

    expect((await owner.put(`/api/forms/${START_FORM}`, { ...startForm, new: true })).status).toBe(200);
    const overDesigned = await owner.put(`/api/forms/${START_FORM}`, { ...taskForm(['dictamen']), new: true });
    expect(overDesigned.status).toBe(409);
    expect(overDesigned.body).toMatchObject({ type: 'urn:oficio:problem:forms.design.idTaken', latestVersion: 1, fileForm: false });
    expect(await savedVersions(START_FORM)).toEqual([1]);

    const contradictory = await owner.put(`/api/forms/${START_FORM}`, { ...startForm, new: true, baseVersion: 1 });
    expect(contradictory.status).toBe(400);
    expect(contradictory.body.errors).toEqual([{ field: 'body/baseVersion', code: 'new_with_base', message: expect.stringContaining('baseVersion') }]);
    const negative = await owner.put(`/api/forms/${START_FORM}`, { ...startForm, baseVersion: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body.errors.map((e: { field: string }) => e.field)).toEqual(['body/baseVersion']);
  });

  it('accepts a file form edited for the first time from base 0; a base it never had is refused', async () => {
    const owner = await h.signIn('process-owner');
    const file = (await owner.get(`/api/forms/${FILE_FORM}`)).body;
    const { id: _id, source: _source, ...design } = file;
    expect((await owner.put(`/api/forms/${FILE_FORM}`, { ...design, baseVersion: 0 })).body.version).toBe(1);
    const again = await owner.put(`/api/forms/${FILE_FORM}`, { ...design, baseVersion: 0 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ reason: 'staleVersion', latestVersion: 1, fileForm: true });
    const unknown = await owner.put(`/api/forms/${FILE_FORM}`, { ...design, baseVersion: 7 });
    expect(unknown.status).toBe(409);
    expect(unknown.body).toMatchObject({ type: 'urn:oficio:problem:forms.design.unknownBase', reason: 'unknownBase', baseVersion: 7, latestVersion: 1 });
    expect(await savedVersions(FILE_FORM)).toEqual([1]);
  });

  it('when two people save the same base at the same moment, exactly one wins and the other gets 409', async () => {
    const owner = await h.signIn('process-owner');
    const admin = await h.signIn('admin');
    await owner.put(`/api/forms/${START_FORM}`, { ...startForm, new: true });
    const answers = await Promise.all([
      owner.put(`/api/forms/${START_FORM}`, { ...startForm, manualReference: 'de la dueña', baseVersion: 1 }),
      admin.put(`/api/forms/${START_FORM}`, { ...startForm, manualReference: 'del administrador', baseVersion: 1 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    expect(winner.body.version).toBe(2);
    expect(answers.find((a) => a.status === 409)!.body).toMatchObject({ reason: 'staleVersion', latestVersion: 2, latestAuthor: winner.body.author });
    expect(await savedVersions(START_FORM)).toEqual([2, 1]);

    const created = await Promise.all([owner.put(`/api/forms/${TASK_FORM}`, { ...taskForm([]), new: true }), admin.put(`/api/forms/${TASK_FORM}`, { ...taskForm(['oficio']), new: true })]);
    expect(created.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await savedVersions(TASK_FORM)).toEqual([1]);
  });
});

describe('a saved form is used at once', () => {
  it('by the deploy check, the catalogue, public forms, starting, the task form and completing — each against its current version', async () => {
    const owner = await h.signIn('process-owner');
    expect((await owner.put(`/api/models/${PROCESS_ID}/draft`, { xml: MODEL })).status).toBe(200);
    const refused = await owner.post(`/api/models/${PROCESS_ID}/deploy`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { code: string }) => e.code).sort()).toEqual([`missingForm:${TASK_FORM}`, `missingForm:${START_FORM}`]);

    expect((await owner.put(`/api/forms/${START_FORM}`, startForm)).status).toBe(200);
    expect((await owner.put(`/api/forms/${TASK_FORM}`, taskForm(['dictamen']))).status).toBe(200);
    const lint = await owner.post('/api/models/lint', { xml: MODEL });
    expect(lint.body.errors.filter((f: { kind: string }) => f.kind === 'missingForm')).toEqual([]);
    const deployed = await owner.post(`/api/models/${PROCESS_ID}/deploy`, {});
    expect(deployed.status).toBe(200);

    // The catalogue and the start form, signed in and public.
    const staff = await h.signIn('mesa-ayuda');
    const catalogue = await staff.get('/api/processes');
    expect(catalogue.body.items).toContainEqual(expect.objectContaining({ processDefinitionId: PROCESS_ID, startFormId: START_FORM, startFormTitle: 'Solicitud de baja de equipo' }));
    const publicForm = await request(h.app).get(`/api/public/forms/${PROCESS_ID}`).set('Accept-Language', 'en');
    expect(publicForm.body.form).toMatchObject({
      id: START_FORM,
      title: 'Equipment disposal request',
      labels: { inventario: 'Inventory number' },
      options: { motivo: { danado: 'Damaged' } },
    });

    // Starting: validated against the designed schema.
    const bad = await staff.post(`/api/processes/${PROCESS_ID}/instances`, { data: { inventario: '1234', motivo: 'perdido' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['inventario', 'motivo']);
    expect(bad.body.errors.find((e: { field: string }) => e.field === 'inventario').message).toContain('Número de inventario');
    const started = await staff.post(`/api/processes/${PROCESS_ID}/instances`, { data: { inventario: 'INV-0042', motivo: 'obsoleto' } });
    expect(started.status).toBe(201);

    // The task shows the designed form; a new version is shown and enforced from then on.
    await h.engine.idle();
    const { items } = await h.engine.searchUserTasks({ filter: { processInstanceKey: started.body.processInstanceKey, elementId: 'dictaminar' } });
    const key = items[0]!.userTaskKey!;
    const task = await staff.get(`/api/tasks/${key}`);
    expect(task.body.form).toMatchObject({ id: TASK_FORM, title: 'Dictamen técnico', labels: { dictamen: 'Dictamen' } });
    expect((await staff.post(`/api/tasks/${key}/complete`, { data: { dictamen: 'corto' } })).status).toBe(400);

    expect((await owner.put(`/api/forms/${TASK_FORM}`, taskForm(['dictamen', 'oficio']))).status).toBe(200);
    const missingOficio = await staff.post(`/api/tasks/${key}/complete`, { data: { dictamen: 'El equipo no enciende; sin reparación posible.' } });
    expect(missingOficio.status).toBe(400);
    expect(missingOficio.body.errors).toEqual([expect.objectContaining({ field: 'oficio', code: 'required', message: expect.stringContaining('Número de oficio') })]);
    expect((await staff.post(`/api/tasks/${key}/complete`, { data: { dictamen: 'El equipo no enciende; sin reparación posible.', oficio: 'DT-7' } })).status).toBe(204);
  });
});
