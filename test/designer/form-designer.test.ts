// The form designer's model: each field kind writes the schema the forms of forms/ use, every
// existing form opens and is written back without losing anything, reordering and conditions;
// attestations and yes/no questions that start unanswered, and "Mostrar solo si" under a checkbox
// never touched, as the server and the browser's form (rjsf) both read them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDefaultFormState, omitExtraData, retrieveSchema, type RJSFSchema } from '@rjsf/utils';
import { createFormAjv } from '../../forms/index.js';
import { NOTHING_PRESET, withMeaning } from '../../forms/meaning.js';
import { formValidator } from '../../designer/src/forms/validator.js';
import { checkFormDesign } from '../../server/core/forms/check.js';
import {
  checkDefinitionShape,
  checkModel,
  emptyModel,
  fieldOfServerPath,
  fromDefinition,
  moveField,
  newField,
  jsonErrorPosition,
  removeField,
  suggestName,
  toDefinition,
  toLocalizedForm,
  toSaveBody,
  type FieldKind,
  type FieldModel,
  type FormDefinitionJson,
  type FormModel,
} from '../../designer/src/form-designer/model.js';

const FORMS = fileURLToPath(new URL('../../forms/', import.meta.url));
const files = readdirSync(FORMS)
  .filter((f) => f.endsWith('.form.json'))
  .sort();
const read = (file: string) => JSON.parse(readFileSync(join(FORMS, file), 'utf8')) as FormDefinitionJson;

function formWith(...fields: FieldModel[]): FormModel {
  return { ...emptyModel('prueba'), title: { es: 'Prueba', en: 'Test' }, manualReference: 'PR01 3.a', fields };
}

function field(kind: FieldKind, name: string, init: Partial<FieldModel> = {}): FieldModel {
  return newField(kind, { name, autoName: false, label: { es: name, en: name }, ...init });
}

describe('form designer model', () => {
  describe('each field kind writes its schema', () => {
    const cases: Array<[FieldKind, Partial<FieldModel>, unknown, Record<string, unknown> | null]> = [
      ['text', { minLength: 10, maxLength: 500, pattern: '^[A-Z]' }, { type: 'string', minLength: 10, maxLength: 500, pattern: '^[A-Z]' }, null],
      ['textarea', {}, { type: 'string', maxLength: 2000 }, { 'ui:widget': 'textarea', 'ui:options': { rows: 4 } }],
      ['number', { integer: true, minimum: 1, maximum: 10 }, { type: 'integer', minimum: 1, maximum: 10 }, null],
      ['number', { minimum: 0.5 }, { type: 'number', minimum: 0.5 }, null],
      ['date', {}, { type: 'string', format: 'date' }, null],
      ['datetime', {}, { type: 'string', format: 'date-time' }, null],
      [
        'select',
        {
          options: [
            { value: 'alta', label: { es: 'Alta', en: 'High' } },
            { value: 'baja', label: { es: 'Baja', en: 'Low' } },
          ],
        },
        { type: 'string', enum: ['alta', 'baja'] },
        null,
      ],
      ['select', { radio: true, options: [{ value: 'a', label: { es: 'A', en: 'A' } }] }, { type: 'string', enum: ['a'] }, { 'ui:widget': 'radio' }],
      [
        'multiselect',
        { minItems: 1, options: [{ value: 'x', label: { es: 'X', en: 'X' } }] },
        { type: 'array', items: { type: 'string', enum: ['x'] }, uniqueItems: true, minItems: 1 },
        { 'ui:widget': 'checkboxes' },
      ],
      ['checkbox', {}, { type: 'boolean' }, null],
      ['yesno', {}, { type: 'boolean' }, { 'ui:widget': 'radio' }],
      ['attestation', {}, { type: 'boolean', const: true, 'x-oficio-attestation': true }, { 'ui:widget': 'checkbox' }],
      ['email', {}, { type: 'string', format: 'email', maxLength: 254 }, null],
      ['phone', {}, { type: 'string', pattern: '^\\+?[0-9][0-9 ()-]{6,18}[0-9]$' }, { 'ui:options': { inputType: 'tel' } }],
      ['ipv4', {}, { type: 'string', format: 'ipv4' }, null],
      ['url', {}, { type: 'string', format: 'uri', maxLength: 2000 }, null],
      [
        'file',
        {},
        {
          type: 'object',
          'x-oficio-attachment': {},
          required: ['id', 'nombre'],
          properties: {
            id: { type: 'string', minLength: 1 },
            nombre: { type: 'string', minLength: 1, maxLength: 255 },
            tipo: { type: 'string', maxLength: 255 },
            tamano: { type: 'integer', minimum: 0 },
          },
          additionalProperties: false,
        },
        null,
      ],
    ];
    it.each(cases)('%s %j', (kind, init, schema, ui) => {
      // given a form with one field of the kind
      const model = formWith(field(kind, 'campo', { required: true, ...init }));
      // when it is written
      const def = toDefinition(model);
      // then the property, its uiSchema and its texts are as the forms of forms/ have them
      expect(def.schema.properties).toEqual({ campo: schema });
      expect(def.schema.required).toEqual(['campo']);
      expect(def.schema.additionalProperties).toBe(false);
      expect(def.uiSchema).toEqual({ 'ui:order': ['campo'], ...(ui ? { campo: ui } : {}) });
      expect(def.labels).toEqual({ campo: { es: 'campo', en: 'campo' } });
      // and the server's ajv (strict) compiles it
      expect(() => createFormAjv().compile(def.schema)).not.toThrow();
      // and reading it back gives the same field
      const again = fromDefinition(def).fields[0]!;
      expect({ kind: again.kind, required: again.required }).toEqual({ kind, required: true });
      expect(toDefinition(fromDefinition(def))).toEqual(def);
    });

    it('a form of every kind passes the server’s checks of a designed form', () => {
      const kinds = ['text', 'textarea', 'number', 'date', 'datetime', 'checkbox', 'yesno', 'attestation', 'email', 'phone', 'ipv4', 'url', 'file'] as const;
      const fields = [
        ...kinds.map((kind) => field(kind, `campo${kind}`)),
        field('select', 'lista', { options: [{ value: 'a', label: { es: 'A', en: 'A' } }] }),
        field('multiselect', 'varios', { options: [{ value: 'b', label: { es: 'B', en: 'B' } }] }),
      ];
      const def = toDefinition(formWith(...fields));
      expect(checkModel(formWith(...fields))).toEqual([]);
      expect(checkFormDesign(def.id, toSaveBody(def) as never)).toEqual([]);
    });

    it('option names go to options, per value', () => {
      const def = toDefinition(formWith(field('select', 'prioridad', { options: [{ value: 'alta', label: { es: 'Alta', en: 'High' } }] })));
      expect(def.options).toEqual({ prioridad: { alta: { es: 'Alta', en: 'High' } } });
    });
  });

  describe('every form of forms/ round-trips without loss', () => {
    it.each(files)('%s', (file) => {
      // given an existing form
      const original = read(file);
      // when the designer opens it and writes it back untouched
      const model = fromDefinition(original);
      const written = toDefinition(model);
      // then nothing is lost or changed
      expect(written).toStrictEqual(original);
      expect(written.uiSchema['ui:order']).toEqual(original.uiSchema['ui:order']);
      expect(written.schema.required).toEqual(original.schema.required);
      expect(checkDefinitionShape(written)).toEqual([]);
      // and it is ready to save: no problem for the designer, none for the server
      expect(checkModel(model)).toEqual([]);
      expect(checkFormDesign(written.id, toSaveBody(written) as never)).toEqual([]);
    });

    it('understands the kinds the forms use, and keeps the rest as they are', () => {
      const kinds = new Set(files.flatMap((file) => fromDefinition(read(file)).fields.map((f) => f.kind)));
      for (const kind of ['text', 'textarea', 'number', 'date', 'datetime', 'select', 'multiselect', 'yesno', 'attestation', 'email', 'phone', 'file', 'custom'] as const)
        expect(kinds).toContain(kind);
    });

    it('an edited form keeps what the editor does not manage', () => {
      // given the CAS complaint form, whose "monto esperado" has a {$data} maximum
      const model = fromDefinition(read('dgsti-p01-pr01-cas-queja-registro.form.json'));
      const monto = model.fields.find((f) => f.name === 'montoEsperadoDevolucion')!;
      expect(monto.kind).toBe('number');
      expect(monto.maximum).toBeUndefined();
      // when its minimum changes
      const edited = toDefinition({ ...model, fields: model.fields.map((f) => (f === monto ? { ...f, minimum: 1 } : f)) });
      // then the {$data} maximum and the nested citizen's texts stay
      expect((edited.schema.properties as Record<string, unknown>).montoEsperadoDevolucion).toEqual({ type: 'number', minimum: 1, maximum: { $data: '1/montoPagado' } });
      expect(edited.labels['ciudadano/telefono']).toEqual({ es: 'Teléfono de contacto', en: 'Contact phone' });
    });

    it('a renamed field carries its nested texts, order and required place', () => {
      const model = fromDefinition(read('dgsti-p01-pr01-cas-queja-registro.form.json'));
      const renamed = toDefinition({ ...model, fields: model.fields.map((f) => (f.name === 'ciudadano' ? { ...f, name: 'persona' } : f)) });
      expect(renamed.labels['persona/nombre']).toEqual({ es: 'Nombre del ciudadano', en: 'Citizen name' });
      expect(renamed.labels['ciudadano/nombre']).toBeUndefined();
      expect(renamed.uiSchema['ui:order']).toEqual(['kioscoId', 'fechaHora', 'montoPagado', 'montoEsperadoDevolucion', 'persona', 'descripcion']);
      expect((renamed.uiSchema.persona as Record<string, unknown>)['ui:order']).toEqual(['nombre', 'telefono', 'correo']);
      expect(renamed.schema.required).toEqual(['kioscoId', 'fechaHora', 'montoPagado', 'montoEsperadoDevolucion', 'persona']);
    });
  });

  describe('reorder and removal', () => {
    it('moves a field up and down; the order is ui:order', () => {
      const model = formWith(field('text', 'a'), field('text', 'b'), field('text', 'c'));
      expect(toDefinition(moveField(model, 2, 0)).uiSchema['ui:order']).toEqual(['c', 'a', 'b']);
      expect(toDefinition(moveField(model, 0, 1)).uiSchema['ui:order']).toEqual(['b', 'a', 'c']);
      expect(moveField(model, 0, 5)).toBe(model);
    });

    it('keeps a wildcard of ui:order where it stood', () => {
      const original = read('dgsti-p01-pr03-reporte.form.json');
      const model = fromDefinition(original);
      const order = toDefinition(moveField(model, 1, 0)).uiSchema['ui:order'] as string[];
      expect(order[order.length - 1]).toBe('*');
    });

    it('removing a field frees the fields shown under its condition', () => {
      const tipo = field('select', 'tipo', { options: [{ value: 'otro', label: { es: 'Otro', en: 'Other' } }] });
      const detalle = field('text', 'detalle', { showIf: { fieldUid: tipo.uid, value: 'otro' } });
      const after = removeField(formWith(tipo, detalle), tipo.uid);
      expect(after.fields.map((f) => [f.name, f.showIf])).toEqual([['detalle', undefined]]);
    });
  });

  describe('"Mostrar solo si" conditions', () => {
    const tipo = field('select', 'tipo', {
      required: true,
      options: [
        { value: 'alta', label: { es: 'Alta', en: 'New' } },
        { value: 'otro', label: { es: 'Otro', en: 'Other' } },
      ],
    });
    const detalle = field('text', 'detalle', { required: true, minLength: 3, showIf: { fieldUid: tipo.uid, value: 'otro' } });
    const acepta = field('checkbox', 'acepta');
    const archivo = field('file', 'archivo', { showIf: { fieldUid: acepta.uid, value: true } });
    const model = formWith(tipo, detalle, acepta, archivo);
    const def = toDefinition(model);

    it('become an allOf if/then that declares the field and requires it when shown', () => {
      expect(Object.keys(def.schema.properties as object)).toEqual(['tipo', 'acepta']);
      expect(def.schema.required).toEqual(['tipo']);
      expect(def.schema.allOf).toEqual([
        {
          if: { required: ['tipo'], properties: { tipo: { const: 'otro' } } },
          then: { properties: { detalle: { type: 'string', minLength: 3, maxLength: 200 } }, required: ['detalle'] },
        },
        {
          if: { required: ['acepta'], properties: { acepta: { const: true } } },
          then: { properties: { archivo: expect.objectContaining({ 'x-oficio-attachment': {} }) } },
        },
      ]);
      // the form stays closed to unknown fields without refusing the conditional ones
      expect(def.schema.additionalProperties).toBeUndefined();
      expect(def.schema.propertyNames).toEqual({ enum: ['tipo', 'detalle', 'acepta', 'archivo'] });
      expect(def.uiSchema['ui:order']).toEqual(['tipo', 'detalle', 'acepta', 'archivo']);
      expect((def.uiSchema.archivo as Record<string, unknown>)['ui:field']).toBe('oficioAttachment');
    });

    it('the server’s ajv requires the field only while it is shown, and refuses unknown fields', () => {
      const validate = createFormAjv().compile(def.schema);
      expect(validate({ tipo: 'alta' })).toBe(true);
      expect(validate({ tipo: 'otro' })).toBe(false);
      expect(validate.errors?.some((e) => e.keyword === 'required' && (e.params as { missingProperty: string }).missingProperty === 'detalle')).toBe(true);
      expect(validate({ tipo: 'otro', detalle: 'ab' })).toBe(false);
      expect(validate({ tipo: 'otro', detalle: 'abc' })).toBe(true);
      expect(validate({ tipo: 'alta', intruso: 1 })).toBe(false);
    });

    it('read back as the same conditions', () => {
      const back = fromDefinition(def);
      const byName = Object.fromEntries(back.fields.map((f) => [f.name, f]));
      expect(byName.detalle!.showIf).toEqual({ fieldUid: byName.tipo!.uid, value: 'otro' });
      expect(byName.detalle!.required).toBe(true);
      expect(byName.archivo!.showIf).toEqual({ fieldUid: byName.acepta!.uid, value: true });
      expect(back.rules).toEqual([]);
      expect(toDefinition(back)).toEqual(def);
      // without conditions the form is closed by additionalProperties again
      const plain = toDefinition({ ...back, fields: back.fields.map((f) => ({ ...f, showIf: undefined })) });
      expect(plain.schema.additionalProperties).toBe(false);
      expect(plain.schema.propertyNames).toBeUndefined();
    });

    it('a controller renamed keeps its conditions', () => {
      const renamed = toDefinition({ ...model, fields: model.fields.map((f) => (f.uid === tipo.uid ? { ...f, name: 'clase' } : f)) });
      expect((renamed.schema.allOf as Array<{ if: unknown }>)[0]!.if).toEqual({ required: ['clase'], properties: { clase: { const: 'otro' } } });
    });

    it('checks catch a condition on a value the list does not have, and cycles', () => {
      const wrong = formWith(tipo, { ...detalle, showIf: { fieldUid: tipo.uid, value: 'nada' } });
      expect(checkModel(wrong).map((i) => i.code)).toContain('condition.value');
      const a = field('checkbox', 'a');
      const b = field('checkbox', 'b', { showIf: { fieldUid: a.uid, value: true } });
      const cyclic = formWith({ ...a, showIf: { fieldUid: b.uid, value: true } }, b);
      expect(checkModel(cyclic).map((i) => i.code)).toContain('condition.cycle');
    });
  });

  describe('attestations and yes/no questions start unanswered', () => {
    const untouched = (def: FormDefinitionJson) => getDefaultFormState(formValidator, def.schema as RJSFSchema, {}, def.schema as RJSFSchema, false, NOTHING_PRESET);

    it('writes no default for either, drops one it finds, and always asks for an attestation', () => {
      // given an attestation made optional and pre-ticked, and a yes/no preselected "No" (pasted in the JSON tab, say)
      const revisado = field('attestation', 'revisado', { required: false, schema: { type: 'boolean', const: true, 'x-oficio-attestation': true, default: true } });
      const procede = field('yesno', 'procede', { schema: { type: 'boolean', default: false } });
      const model = formWith(revisado, procede);
      // when it is written
      const def = toDefinition(model);
      // then neither has a default, both are asked for, and nothing stops the save
      expect(def.schema.properties).toEqual({ revisado: { type: 'boolean', const: true, 'x-oficio-attestation': true }, procede: { type: 'boolean' } });
      expect(def.schema.required).toEqual(['revisado', 'procede']);
      expect(checkModel(model)).toEqual([]);
      expect(checkFormDesign(def.id, toSaveBody(def) as never)).toEqual([]);
      // and the form the browser renders starts with neither answered
      expect(untouched(def)).toEqual({});
    });

    it('does not let a plain checkbox be required — unticked it sends nothing — and points to the attestation and the yes/no instead', () => {
      expect(checkModel(formWith(field('checkbox', 'acepta', { required: true }))).map((i) => `${i.at}:${i.code}`)).toEqual(['required:checkbox.required']);
      expect(checkModel(formWith(field('checkbox', 'acepta')))).toEqual([]);
    });

    it('a default true cannot be saved on an attestation: the server refuses what the designer never writes', () => {
      const def = toDefinition(formWith(field('attestation', 'revisado')));
      const pretick = structuredClone(def.schema) as { properties: Record<string, Record<string, unknown>> };
      pretick.properties.revisado!.default = true;
      expect(checkFormDesign(def.id, { ...toSaveBody(def), schema: pretick } as never).map((p) => [p.field, p.code])).toEqual([['body/schema/properties/revisado', 'attestation_default']]);
      // opened in the designer, it is an attestation again, without the default
      expect((toDefinition(fromDefinition({ ...def, schema: pretick })).schema.properties as Record<string, unknown>).revisado).toEqual({
        type: 'boolean',
        const: true,
        'x-oficio-attestation': true,
      });
    });

    it('opens a checkbox that can only be true (saved before attestations were marked) as an attestation, and saves it marked', () => {
      const plain = toDefinition(formWith(field('checkbox', 'acepto', { required: true })));
      const reopened = fromDefinition({ ...plain, schema: { ...plain.schema, properties: { acepto: { type: 'boolean', const: true } } } });
      expect(reopened.fields[0]!.kind).toBe('attestation');
      expect((toDefinition(reopened).schema.properties as Record<string, unknown>).acepto).toEqual({ type: 'boolean', const: true, 'x-oficio-attestation': true });
    });
  });

  describe('"Mostrar solo si" under a checkbox never touched', () => {
    const acepta = field('checkbox', 'acepta');
    const detalle = field('text', 'detalle', { required: true, showIf: { fieldUid: acepta.uid, value: true } });
    const def = toDefinition(formWith(acepta, detalle));
    const schema = def.schema as RJSFSchema;
    const server = createFormAjv().compile(withMeaning(def.schema));
    const shown = (data: Record<string, unknown>) => Object.keys(retrieveSchema(formValidator, schema, schema, data).properties ?? {});

    it('untouched (no value, not false): hidden, not required and not sent', () => {
      expect(shown({})).toEqual(['acepta']);
      expect(server({})).toBe(true);
      expect(omitExtraData(formValidator, schema, schema, { detalle: 'escrito antes de desmarcar' })).toEqual({});
    });

    it('ticked: shown and required, blanks refused; unticked again: hidden and not sent', () => {
      expect(shown({ acepta: true })).toEqual(['acepta', 'detalle']);
      expect(server({ acepta: true })).toBe(false);
      expect(server({ acepta: true, detalle: '   ' })).toBe(false);
      expect(server({ acepta: true, detalle: 'Motivo' })).toBe(true);
      expect(omitExtraData(formValidator, schema, schema, { acepta: false, detalle: 'Motivo' })).toEqual({ acepta: false });
      expect(server({ acepta: false })).toBe(true);
    });

    it('a field shown while the checkbox is unticked is shown — and asked for — while it was never touched too', () => {
      const sinMotivo = field('text', 'sinMotivo', { required: true, showIf: { fieldUid: acepta.uid, value: false } });
      const unticked = toDefinition(formWith(acepta, sinMotivo));
      expect((unticked.schema.allOf as Array<{ if: unknown }>)[0]!.if).toEqual({ properties: { acepta: { const: false } } });
      const uSchema = unticked.schema as RJSFSchema;
      expect(Object.keys(retrieveSchema(formValidator, uSchema, uSchema, {}).properties ?? {})).toEqual(['acepta', 'sinMotivo']);
      expect(Object.keys(retrieveSchema(formValidator, uSchema, uSchema, { acepta: true }).properties ?? {})).toEqual(['acepta']);
      const validate = createFormAjv().compile(withMeaning(unticked.schema));
      expect(validate({})).toBe(false);
      expect(validate({ acepta: true })).toBe(true);
      // and it reads back as the same condition
      const back = fromDefinition(unticked);
      expect(back.fields[1]!.showIf).toEqual({ fieldUid: back.fields[0]!.uid, value: false });
      expect(toDefinition(back)).toEqual(unticked);
    });

    it('under a yes/no, a field waits for the answer whichever it is', () => {
      const procede = field('yesno', 'procede');
      const motivo = field('text', 'motivo', { required: true, showIf: { fieldUid: procede.uid, value: false } });
      const rule = (toDefinition(formWith(procede, motivo)).schema.allOf as Array<{ if: unknown }>)[0]!;
      expect(rule.if).toEqual({ required: ['procede'], properties: { procede: { const: false } } });
    });
  });

  describe('names, checks and the JSON tab', () => {
    it('suggests camelCase names from the Spanish label, unique', () => {
      expect(suggestName('Motivo de la solicitud')).toBe('motivoSolicitud');
      expect(suggestName('Número de teléfono', ['numeroTelefono'])).toBe('numeroTelefono2');
      expect(suggestName('¿Año?')).toBe('ano');
      expect(suggestName('1er contacto')).toBe('campo1erContacto');
    });

    it('lists what keeps a form from being saved, at its input', () => {
      const blank = newField('select');
      const issues = checkModel({ ...emptyModel('x'), fields: [blank, field('text', 'b', { pattern: '(' }), field('text', 'b')] }, { checkId: true });
      expect(issues.map((i) => `${i.at}:${i.code}`)).toEqual(
        expect.arrayContaining([
          'title.es:title.required',
          'manualReference:manualReference.required',
          'name:name.required',
          'label.es:label.required',
          'options:options.empty',
          'pattern:pattern.invalid',
          'name:name.duplicate',
        ]),
      );
      expect(checkModel(formWith(field('text', 'motivo')))).toEqual([]);
      expect(checkModel(formWith(field('text', '__proto__'))).map((i) => i.code)).toEqual(['name.invalid']);
      expect(checkModel(formWith(field('text', 'mi campo'))).map((i) => i.code)).toEqual(['name.invalid']);
      // a text in one language only is refused by the server: both or none
      const half = checkModel(formWith(field('text', 'motivo', { help: { es: 'Explique', en: '' } })));
      expect(half.map((i) => `${i.at}:${i.code}`)).toEqual(['help.en:text.incomplete']);
    });

    it('checks the shape of a pasted definition, naming where it is wrong', () => {
      expect(checkDefinitionShape([])).toEqual([{ path: '', code: 'object' }]);
      const def = toDefinition(formWith(field('text', 'motivo')));
      expect(checkDefinitionShape({ ...def, title: { es: 'x' }, labels: { motivo: 'Motivo' }, schema: { type: 'array' } })).toEqual([
        { path: '/title', code: 'text' },
        { path: '/schema/type', code: 'schemaType' },
        { path: '/schema/properties', code: 'properties' },
        { path: '/labels/motivo', code: 'text' },
      ]);
    });

    it('finds where a JSON text stops being JSON', () => {
      expect(jsonErrorPosition('{\n  "id": "x",\n  "title": }')).toEqual({ offset: 26, line: 3, column: 12 });
      expect(jsonErrorPosition('{"a": [1, 2,]}')).toEqual({ offset: 12, line: 1, column: 13 });
      expect(jsonErrorPosition('{"a": "b\\q"}')).toMatchObject({ line: 1, column: 10 });
      expect(jsonErrorPosition('{"a":')).toMatchObject({ offset: 5 });
      expect(jsonErrorPosition('{"a": [true, null, -1.5e3, "\\u00e9"]} ')).toBeUndefined();
    });

    it('maps a server error path to its field', () => {
      const motivo = field('text', 'motivo');
      const model = formWith(motivo);
      expect(fieldOfServerPath(model, 'schema/properties/motivo/minLength')).toEqual({ fieldUid: motivo.uid });
      expect(fieldOfServerPath(model, 'body/labels/motivo/en')).toEqual({ fieldUid: motivo.uid });
      expect(fieldOfServerPath(model, 'body/title/en')).toEqual({ form: 'title' });
      expect(fieldOfServerPath(model, 'params/id')).toEqual({ form: 'id' });
      expect(fieldOfServerPath(model, 'body/uiSchema/ui:order/0')).toEqual({ fieldUid: motivo.uid });
      expect(fieldOfServerPath(model, 'body/schema')).toEqual({});
    });

    it('localizes for the preview and saves only what the server stores', () => {
      const def = { ...toDefinition(formWith(field('text', 'motivo', { label: { es: 'Motivo', en: '' } }))), examples: { valid: [], invalid: [] } };
      const localized = toLocalizedForm(def, 'en');
      expect(localized.labels).toEqual({ motivo: 'Motivo' });
      expect(localized.title).toBe('Test');
      expect(Object.keys(toSaveBody(def)).sort()).toEqual(['labels', 'manualReference', 'schema', 'title', 'uiSchema']);
    });
  });
});
