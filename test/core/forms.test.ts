// The form registry on a real store: the forms of forms/, designed versions that win over their
// file, numbered with author and sha256 and read back by a new registry; data validated against
// the version given; saves that name the version they were edited from, so that none silently
// overwrites another; the checks a designed form must pass, each naming its field; and what an
// answer means — an attestation unticked, a yes/no unanswered, a blank text — said as a person reads it.
import { createHash } from 'node:crypto';
import { loadForms } from '../../forms/index.js';
import {
  checkFormDesign,
  createFormRegistry,
  FormDesignInvalidError,
  FormSaveConflictError,
  FORM_MAX_BYTES,
  FORM_VERSIONS_COLLECTION,
  type FormDesign,
  type FormRegistry,
} from '../../server/core/forms/index.js';
import { describeFieldErrors } from '../../server/core/catalogue/forms.js';
import { t } from '../../server/i18n/index.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import type { Store } from '../../server/store/port.js';

const fileForms = loadForms();
const FILE_ID = 'dgsti-p01-pr05-solicitud';
const ANA = { id: 'u-ana', name: 'Ana Dueña de Procesos' };
const LUIS = { id: 'u-luis', name: 'Luis Administrador' };

/** A small designed form: one required reason and a priority with named values. */
const design = (overrides: Partial<FormDesign> = {}): FormDesign => ({
  title: { es: 'Solicitud de baja de equipo', en: 'Equipment disposal request' },
  schema: {
    type: 'object',
    properties: { motivo: { type: 'string', minLength: 5 }, prioridad: { type: 'string', enum: ['alta', 'baja'] } },
    required: ['motivo'],
    additionalProperties: false,
  },
  uiSchema: { 'ui:order': ['motivo', 'prioridad'] },
  labels: { motivo: { es: 'Motivo', en: 'Reason' }, prioridad: { es: 'Prioridad', en: 'Priority' } },
  options: { prioridad: { alta: { es: 'Alta', en: 'High' }, baja: { es: 'Baja', en: 'Low' } } },
  manualReference: 'PR02 3.a',
  ...overrides,
});

let store: Store;
let clock: Date;
let registry: FormRegistry;
const newRegistry = () => createFormRegistry({ store, fileForms, now: () => clock });

beforeEach(() => {
  store = createSqliteStore({ path: ':memory:' });
  clock = new Date('2026-03-02T15:00:00.000Z');
  registry = newRegistry();
});
afterEach(() => store.close());

describe('the registry', () => {
  it('given forms/, answers each file form without its examples and lists every one by id', async () => {
    const form = await registry.get(FILE_ID);
    expect(form).toMatchObject({ source: 'file', definition: { id: FILE_ID, title: fileForms.get(FILE_ID)!.title } });
    expect(form!.definition).not.toHaveProperty('examples');
    expect(form!.version).toBeUndefined();
    const ids = (await registry.list()).map((f) => f.definition.id);
    expect(ids).toEqual([...fileForms.keys()].sort());
    expect((await registry.ids()).has(FILE_ID)).toBe(true);
    expect(await registry.get('no-existe')).toBeUndefined();
  });

  it('when a form is saved, it is current at once, numbered per id with its author, time and the sha256 of what was stored; versions come newest first', async () => {
    const first = await registry.save('baja-equipo', design(), ANA);
    clock = new Date('2026-03-03T10:00:00.000Z');
    const second = await registry.save('baja-equipo', design({ title: { es: 'Baja de equipo', en: 'Equipment disposal' } }), LUIS);

    expect(first).toEqual({ id: 'baja-equipo', version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), savedAt: '2026-03-02T15:00:00.000Z', author: ANA });
    expect(second).toMatchObject({ version: 2, savedAt: '2026-03-03T10:00:00.000Z', author: LUIS });
    const current = await registry.get('baja-equipo');
    expect(current).toMatchObject({ source: 'designed', version: 2, author: LUIS, definition: { id: 'baja-equipo', title: { es: 'Baja de equipo' }, manualReference: 'PR02 3.a' } });
    expect((await registry.ids()).has('baja-equipo')).toBe(true);

    const versions = await registry.versions('baja-equipo');
    expect(versions.map((v) => [v.version, v.author.id, v.definition.title.es])).toEqual([
      [2, LUIS.id, 'Baja de equipo'],
      [1, ANA.id, 'Solicitud de baja de equipo'],
    ]);
    const stored = (await store.collection<{ definition: string; sha256: string }>(FORM_VERSIONS_COLLECTION).get('baja-equipo@1'))!;
    expect(createHash('sha256').update(stored.definition).digest('hex')).toBe(first.sha256);
  });

  it('when a file form is saved from the designer, the saved version wins over the file', async () => {
    const file = fileForms.get(FILE_ID)!;
    await registry.save(FILE_ID, { ...file, title: { es: 'Solicitud (rediseñada)', en: 'Request (redesigned)' } }, ANA);
    expect(await registry.get(FILE_ID)).toMatchObject({ source: 'designed', version: 1, definition: { title: { es: 'Solicitud (rediseñada)' } } });
    expect((await registry.list()).filter((f) => f.definition.id === FILE_ID)).toHaveLength(1);
    expect(registry.hasFile(FILE_ID)).toBe(true);
  });

  it('given saved versions in the store, a new registry (a restart) starts from the latest of each id', async () => {
    await registry.save('baja-equipo', design(), ANA);
    await registry.save('baja-equipo', design({ manualReference: 'PR02 3.b' }), ANA);
    await registry.save('alta-equipo', design(), LUIS);
    const restarted = newRegistry();
    await restarted.load();
    expect(await restarted.get('baja-equipo')).toMatchObject({ version: 2, definition: { manualReference: 'PR02 3.b' } });
    expect(await restarted.get('alta-equipo')).toMatchObject({ version: 1, author: LUIS });
  });

  it('when two registries save the same form at the same moment, each gets its own version number', async () => {
    const other = newRegistry();
    const saved = await Promise.all([registry.save('baja-equipo', design(), ANA), other.save('baja-equipo', design(), LUIS)]);
    expect(saved.map((s) => s.version).sort()).toEqual([1, 2]);
  });

  it('validates data against the version given: each version with its own schema', async () => {
    await registry.save('baja-equipo', design(), ANA);
    const v1 = (await registry.get('baja-equipo'))!;
    expect(registry.validate(v1, { motivo: 'Equipo obsoleto' })).toEqual([]);

    const stricter = design();
    (stricter.schema.required as string[]).push('prioridad');
    await registry.save('baja-equipo', stricter, ANA);
    const v2 = (await registry.get('baja-equipo'))!;
    expect(registry.validate(v2, { motivo: 'Equipo obsoleto' })).toEqual([expect.objectContaining({ field: 'prioridad', keyword: 'required' })]);
    // Data that was on its way under version 1 is still judged by version 1.
    expect(registry.validate(v1, { motivo: 'Equipo obsoleto' })).toEqual([]);
    expect(
      registry
        .validate(v2, { motivo: 'mal', prioridad: 'media' })
        .map((e) => [e.field, e.keyword])
        .sort(),
    ).toEqual([
      ['motivo', 'minLength'],
      ['prioridad', 'enum'],
    ]);
  });

  it('refuses a form with problems, saving nothing', async () => {
    await expect(registry.save('Mal Id', design(), ANA)).rejects.toBeInstanceOf(FormDesignInvalidError);
    expect(await store.collection(FORM_VERSIONS_COLLECTION).count()).toBe(0);
  });
});

describe('a save names the version it was edited from', () => {
  const conflictOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as FormSaveConflictError,
    );
  const stored = () => store.collection(FORM_VERSIONS_COLLECTION).count();

  it('given version 2 saved by Luis meanwhile, refuses a copy edited from version 1 naming him, and writes nothing', async () => {
    await registry.save('baja-equipo', design(), ANA, { new: true });
    clock = new Date('2026-03-03T10:00:00.000Z');
    await registry.save('baja-equipo', design({ manualReference: 'PR02 3.b' }), LUIS, { baseVersion: 1 });

    const refused = await conflictOf(registry.save('baja-equipo', design({ manualReference: 'PR02 3.c' }), ANA, { baseVersion: 1 }));
    expect(refused).toBeInstanceOf(FormSaveConflictError);
    expect(refused).toMatchObject({
      formId: 'baja-equipo',
      reason: 'staleVersion',
      baseVersion: 1,
      latest: { version: 2, author: LUIS, savedAt: '2026-03-03T10:00:00.000Z' },
      hasFile: false,
    });
    expect(await stored()).toBe(2);
    expect(await registry.get('baja-equipo')).toMatchObject({ version: 2, definition: { manualReference: 'PR02 3.b' } });

    // Having seen version 2, the same copy is accepted as version 3.
    expect(await registry.save('baja-equipo', design({ manualReference: 'PR02 3.c' }), ANA, { baseVersion: 2 })).toMatchObject({ version: 3, author: ANA });
  });

  it('refuses a base the form never had, and a base of 0 once a version exists', async () => {
    await registry.save('baja-equipo', design(), ANA, { new: true });
    expect(await conflictOf(registry.save('baja-equipo', design(), ANA, { baseVersion: 4 }))).toMatchObject({ reason: 'unknownBase', baseVersion: 4, latest: { version: 1 } });
    expect(await conflictOf(registry.save('baja-equipo', design(), ANA, { baseVersion: 0 }))).toMatchObject({ reason: 'staleVersion', latest: { version: 1, author: ANA } });
    expect(await conflictOf(registry.save('otra', design(), ANA, { baseVersion: 1 }))).toMatchObject({ reason: 'unknownBase', latest: undefined });
    expect(await stored()).toBe(1);
  });

  it('refuses a new form whose id a file form or a designed one already has', async () => {
    expect(await conflictOf(registry.save(FILE_ID, design(), ANA, { new: true }))).toMatchObject({ reason: 'idTaken', latest: undefined, hasFile: true });
    await registry.save('baja-equipo', design(), LUIS, { new: true });
    expect(await conflictOf(registry.save('baja-equipo', design(), ANA, { new: true }))).toMatchObject({ reason: 'idTaken', latest: { version: 1, author: LUIS }, hasFile: false });
    expect(await stored()).toBe(1);
    expect(await registry.get(FILE_ID)).toMatchObject({ source: 'file' });
  });

  it('accepts a file form edited for the first time from base 0, and only then', async () => {
    const file = fileForms.get(FILE_ID)!;
    expect(await registry.save(FILE_ID, { ...file, manualReference: 'PR05 4' }, ANA, { baseVersion: 0 })).toMatchObject({ version: 1 });
    expect(await conflictOf(registry.save(FILE_ID, file, LUIS, { baseVersion: 0 }))).toMatchObject({ reason: 'staleVersion', latest: { version: 1, author: ANA }, hasFile: true });
  });

  it('when two registries save the same base at the same moment, exactly one wins and the other is told who did', async () => {
    await registry.save('baja-equipo', design(), ANA, { new: true });
    const other = newRegistry();
    const results = await Promise.allSettled([
      registry.save('baja-equipo', design({ manualReference: 'de Ana' }), ANA, { baseVersion: 1 }),
      other.save('baja-equipo', design({ manualReference: 'de Luis' }), LUIS, { baseVersion: 1 }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(won[0]!.value).toMatchObject({ version: 2 });
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(FormSaveConflictError);
    expect(lost[0]!.reason).toMatchObject({ reason: 'staleVersion', latest: { version: 2, author: won[0]!.value.author } });
    expect(await stored()).toBe(2);
    // The loser's registry learnt of the winner: it answers version 2 at once.
    for (const r of [registry, other]) expect(await r.get('baja-equipo')).toMatchObject({ version: 2, author: won[0]!.value.author });
  });

  it('when two people create the same new id at the same moment, exactly one wins', async () => {
    const other = newRegistry();
    const results = await Promise.allSettled([registry.save('baja-equipo', design(), ANA, { new: true }), other.save('baja-equipo', design(), LUIS, { new: true })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ reason: 'idTaken', latest: { version: 1 } });
    expect(await stored()).toBe(1);
  });
});

describe('the checks of a designed form', () => {
  const fields = (id: string, d: FormDesign) => checkFormDesign(id, d).map((p) => p.field);

  it('accepts a well-formed form', () => {
    expect(checkFormDesign('baja-equipo', design())).toEqual([]);
  });

  it('accepts every form of forms/ as it is (the designer can open and save any of them)', () => {
    for (const form of fileForms.values()) expect({ id: form.id, problems: checkFormDesign(form.id, form) }).toEqual({ id: form.id, problems: [] });
  });

  it('names an id outside the pattern on params/id', () => {
    for (const id of ['Mayusculas', '-guion', 'con espacio', 'a'.repeat(201), '']) expect(fields(id, design())).toEqual(['params/id']);
  });

  it("reports what the server's ajv says of a schema it cannot compile, on body/schema", () => {
    const problems = checkFormDesign(
      'baja-equipo',
      design({ schema: { type: 'object', properties: { motivo: { type: 'texto' } } }, labels: { motivo: { es: 'Motivo', en: 'Reason' } }, options: {}, uiSchema: {} }),
    );
    expect(problems).toEqual([{ field: 'body/schema', code: 'schema_invalid', messageKey: 'forms.design.schemaInvalid', params: { detail: expect.stringContaining('type') } }]);
    const unknownKeyword = checkFormDesign('baja-equipo', design({ schema: { type: 'object', properties: {}, colorFavorito: 'azul' }, labels: {}, options: {}, uiSchema: {} }));
    expect(unknownKeyword.map((p) => [p.field, String(p.params.detail)])).toEqual([['body/schema', expect.stringContaining('colorFavorito')]]);
  });

  it('names every top-level field without its label, and the language missing', () => {
    const problems = checkFormDesign('baja-equipo', design({ labels: { motivo: { es: 'Motivo', en: '' } } }));
    expect(problems.map((p) => [p.field, p.messageKey, p.params.field])).toEqual([
      ['body/labels/motivo/en', 'forms.design.labelMissing.en', 'motivo'],
      ['body/labels/prioridad', 'forms.design.labelMissing', 'prioridad'],
    ]);
    expect(t('es', problems[1]!.messageKey, problems[1]!.params)).toBe('El campo «prioridad» no tiene etiqueta en español ni en inglés.');
  });

  it('accepts option names only for values the field takes', () => {
    const problems = checkFormDesign(
      'baja-equipo',
      design({
        options: { prioridad: { alta: { es: 'Alta', en: 'High' }, media: { es: 'Media', en: 'Medium' } }, motivo: { x: { es: 'X', en: 'X' } }, color: { rojo: { es: 'Rojo', en: 'Red' } } },
      }),
    );
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['body/options/prioridad/media', 'unknown_value'],
      ['body/options/motivo', 'no_values'],
      ['body/options/color', 'unknown_field'],
    ]);
    expect(t('en', problems[0]!.messageKey, problems[0]!.params)).toBe('Field "prioridad" does not take the value "media"; its values are: alta, baja.');
  });

  it('asks for texts in both languages, an object schema and an order naming only its fields', () => {
    const problems = checkFormDesign('baja-equipo', design({ title: { es: 'Baja', en: ' ' }, uiSchema: { 'ui:order': ['motivo', 'fantasma', '*'] } }));
    expect(problems.map((p) => p.field)).toEqual(['body/title/en', 'body/uiSchema/ui:order/1']);
    expect(fields('baja-equipo', design({ schema: { type: 'array', items: { type: 'string' } }, labels: {}, options: {}, uiSchema: {} }))).toEqual([
      'body/schema/type',
      'body/schema/properties',
    ]);
  });

  it('refuses a form larger than the limit without looking further', () => {
    const huge = design({ description: { es: 'x'.repeat(FORM_MAX_BYTES), en: 'x' } });
    expect(checkFormDesign('baja-equipo', huge)).toEqual([
      { field: 'body', code: 'too_large', messageKey: 'forms.design.tooLarge', params: { bytes: expect.any(Number), limit: FORM_MAX_BYTES } },
    ]);
  });
});

describe('what an answer means, as the server says it', () => {
  const CONTEO = 'dgsti-p01-pr01c-resguardo-efectivo-conteo';
  const ATENDER = 'dgsti-p01-pr01-cas-queja-atender';
  const said = async (id: string, data: Record<string, unknown>, locale: 'es' | 'en' = 'es') => {
    const form = (await registry.get(id))!;
    return describeFieldErrors(form.definition, registry.validate(form, data), locale).map((p) => [p.field, p.code, p.message]);
  };

  it('refuses the vault count with its attestations untouched or unticked, naming each statement, and a blank witness, in Spanish or English', async () => {
    const { enBovedaOfma: _untouched, ...count } = fileForms.get(CONTEO)!.examples.valid[0]!;
    const data = { ...count, frenteACamaras: false, testigo: ' \t ' };
    expect(await said(CONTEO, data)).toEqual([
      ['enBovedaOfma', 'attestation', 'Para continuar, confirme marcando la casilla: «El conteo se hizo en la bóveda de OFMA».'],
      ['frenteACamaras', 'attestation', 'Para continuar, confirme marcando la casilla: «La guarda bolsa se abrió frente a las cámaras de seguridad».'],
      ['testigo', 'blank', '«Testigo» no puede quedar en blanco: escriba el texto.'],
    ]);
    expect((await said(CONTEO, data, 'en')).map(([, , message]) => message)).toEqual([
      'To continue, confirm by ticking the box: "Counted in the OFMA vault".',
      'To continue, confirm by ticking the box: "The cash bag was opened in front of the security cameras".',
      '"Witness" cannot be left blank: type the text.',
    ]);
    expect(await said(CONTEO, { ...count, enBovedaOfma: true })).toEqual([]);
  });

  it('refuses «¿Procede la devolución?» unanswered, asking for an answer, and nothing either answer would need', async () => {
    expect(await said(ATENDER, { respuestaCiudadano: 'Se revisó su caso.' })).toEqual([['procedeDevolucion', 'decision', 'Elija una respuesta para «¿Procede la devolución de efectivo?».']]);
    expect((await said(ATENDER, { respuestaCiudadano: 'Se revisó su caso.', procedeDevolucion: false })).map(([field]) => field)).toEqual(['motivoImprocedencia']);
  });

  it('means the same in a designed form: a field shown only while a checkbox is ticked is not asked for while it was never touched; ticked, it is, and refuses blanks', async () => {
    await registry.save(
      'baja-urgente',
      design({
        schema: {
          type: 'object',
          properties: { revisado: { type: 'boolean', const: true, 'x-oficio-attestation': true }, urgente: { type: 'boolean' } },
          required: ['revisado'],
          allOf: [
            {
              if: { required: ['urgente'], properties: { urgente: { const: true } } },
              then: { properties: { motivoUrgencia: { type: 'string', maxLength: 200 } }, required: ['motivoUrgencia'] },
            },
          ],
          propertyNames: { enum: ['revisado', 'urgente', 'motivoUrgencia'] },
        },
        uiSchema: { 'ui:order': ['revisado', 'urgente', 'motivoUrgencia'] },
        labels: {
          revisado: { es: 'Revisé el equipo en persona', en: 'I checked the equipment in person' },
          urgente: { es: 'Es urgente', en: 'It is urgent' },
          motivoUrgencia: { es: 'Por qué es urgente', en: 'Why it is urgent' },
        },
        options: {},
      }),
      ANA,
    );
    const form = (await registry.get('baja-urgente'))!;
    // (An `if` error only echoes what its `then` requires: the API leaves it out, as here.)
    const fieldsOf = (data: Record<string, unknown>) =>
      registry
        .validate(form, data)
        .filter((e) => e.keyword !== 'if')
        .map((e) => [e.field, e.keyword]);
    expect(fieldsOf({})).toEqual([['revisado', 'attestation']]);
    expect(fieldsOf({ revisado: true })).toEqual([]);
    expect(fieldsOf({ revisado: true, urgente: false })).toEqual([]);
    expect(fieldsOf({ revisado: true, urgente: true })).toEqual([['motivoUrgencia', 'required']]);
    expect(fieldsOf({ revisado: true, urgente: true, motivoUrgencia: '\n  ' })).toEqual([['motivoUrgencia', 'blank']]);
    expect(fieldsOf({ revisado: true, urgente: true, motivoUrgencia: 'Sin equipo para atender al público' })).toEqual([]);
  });

  it('refuses to save an attestation that comes ticked, a boolean that can only be true without the marker, an optional attestation and a preselected yes/no, each on its field', async () => {
    const refused = design({
      schema: {
        type: 'object',
        properties: {
          confirmado: { type: 'boolean', const: true, 'x-oficio-attestation': true, default: true },
          sinMarca: { type: 'boolean', const: true },
          opcional: { type: 'boolean', const: true, 'x-oficio-attestation': true },
          procede: { type: 'boolean', default: false },
          texto: { type: 'string', 'x-oficio-attestation': true },
        },
        required: ['confirmado', 'sinMarca', 'procede', 'texto'],
        additionalProperties: false,
      },
      uiSchema: {},
      labels: Object.fromEntries(['confirmado', 'sinMarca', 'opcional', 'procede', 'texto'].map((name) => [name, { es: name, en: name }])),
      options: {},
    });
    const problems = checkFormDesign('confirmaciones', refused);
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['body/schema/properties/confirmado', 'attestation_default'],
      ['body/schema/properties/sinMarca', 'attestation_marker'],
      ['body/schema/properties/opcional', 'attestation_optional'],
      ['body/schema/properties/procede', 'decision_default'],
      ['body/schema/properties/texto', 'attestation_not_boolean'],
      ['body/schema/properties/texto', 'attestation_const'],
    ]);
    expect(t('es', problems[0]!.messageKey, problems[0]!.params)).toBe(
      'La confirmación «confirmado» no puede venir marcada ni tener un valor predeterminado: la persona debe marcarla ella misma; quite "default".',
    );
    await expect(registry.save('confirmaciones', refused, ANA)).rejects.toBeInstanceOf(FormDesignInvalidError);
    expect(await store.collection(FORM_VERSIONS_COLLECTION).count()).toBe(0);
  });
});
