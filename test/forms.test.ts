// Every form of forms/: its examples behave as they say (valid ones pass; invalid ones fail on
// exactly the listed fields) under the ajv validator the server uses, its texts exist in Spanish
// and English, documents are attachments shown as files, and every form is used by a model. And
// its answers mean what the person did (issue 13): attestations start unticked and must be ticked,
// yes/no answers start unanswered and must be given, required texts refuse blanks, and a field
// required only under a condition on a yes/no or a checkbox is not asked for while it is unanswered.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getDefaultFormState, type RJSFSchema } from '@rjsf/utils';
import { FormValidator, loadForms, type FormDefinition } from '../forms/index.js';
import { ATTESTATION, NOTHING_PRESET, meaningOf, meaningProblems } from '../forms/meaning.js';
import { formValidator as browserValidator } from '../designer/src/forms/validator.js';
import { START_FORM_PROPERTY } from '../processes/builder/index.js';
import { loadDefinitions } from '../processes/build.js';
import { PROCESSES_DIR } from './processes/harness.js';

const forms = loadForms();
const validator = new FormValidator(forms);

/** The fields an invalid example fails on; `if`, `anyOf` and `oneOf` errors only repeat their branches' at the parent. */
const COMBINATORS = new Set(['if', 'anyOf', 'oneOf']);
const failingFields = (form: FormDefinition, data: unknown) =>
  [
    ...new Set(
      validator
        .validate(form.id, data)
        .filter((e) => !COMBINATORS.has(e.keyword))
        .map((e) => e.field),
    ),
  ].sort();

type PropertySchema = { 'x-oficio-attachment'?: object; items?: { 'x-oficio-attachment'?: object } };

describe.each([...forms.values()].map((f) => [f.id, f] as const))('form %s', (_id, form) => {
  it('accepts its valid examples', () => {
    expect(form.examples.valid.length).toBeGreaterThanOrEqual(1);
    for (const data of form.examples.valid) expect({ data, errors: validator.validate(form.id, data) }).toEqual({ data, errors: [] });
  });

  it('rejects its invalid examples, naming exactly the listed fields', () => {
    expect(form.examples.invalid.length).toBeGreaterThanOrEqual(2);
    for (const example of form.examples.invalid) {
      expect({ why: example.why, fields: failingFields(form, example.data) }).toEqual({ why: example.why, fields: [...example.fields].sort() });
    }
  });

  it('has a manual reference and Spanish and English texts for every field', () => {
    // The manual writes both DGPT-P01 and DGPTI-P01 for the same process.
    expect(form.manualReference).toMatch(/DG(PTI?|STI)-P01/);
    const texts = [
      form.title,
      ...(form.description ? [form.description] : []),
      ...Object.values(form.labels),
      ...Object.values(form.help ?? {}),
      ...Object.values(form.options ?? {}).flatMap((o) => Object.values(o)),
    ];
    for (const text of texts) expect({ es: text.es.trim().length > 0, en: text.en.trim().length > 0 }).toEqual({ es: true, en: true });
    const properties = (form.schema as { properties: Record<string, unknown> }).properties;
    for (const name of Object.keys(properties)) expect({ field: name, labelled: form.labels[name] !== undefined }).toEqual({ field: name, labelled: true });
  });

  it('marks every document as an attachment shown with the file widget', () => {
    const properties = (form.schema as { properties: Record<string, PropertySchema> }).properties;
    for (const [name, schema] of Object.entries(properties)) {
      const ui = form.uiSchema[name] as { 'ui:widget'?: string; items?: { 'ui:widget'?: string } } | undefined;
      if (schema['x-oficio-attachment']) expect({ field: name, widget: ui?.['ui:widget'] }).toEqual({ field: name, widget: 'file' });
      if (schema.items?.['x-oficio-attachment']) expect({ field: name, widget: ui?.items?.['ui:widget'] }).toEqual({ field: name, widget: 'file' });
    }
  });
});

describe('forms and models', () => {
  it('every user task has a form and candidate groups, and every form a model names exists', async () => {
    const problems: string[] = [];
    for (const d of await loadDefinitions()) {
      for (const el of d.elements) {
        if (el.kind === 'userTask' && !el.form) problems.push(`${d.id}/${el.id}: user task without a form`);
        if (el.kind === 'userTask' && !el.candidateGroups) problems.push(`${d.id}/${el.id}: user task without candidate groups`);
        if ((el.kind === 'userTask' || el.kind === 'start') && el.form && !forms.has(el.form)) problems.push(`${d.id}/${el.id}: no form ${el.form}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every form is used by some model', () => {
    const used = new Set<string>();
    for (const file of readdirSync(PROCESSES_DIR).filter((f) => f.endsWith('.bpmn'))) {
      const xml = readFileSync(join(PROCESSES_DIR, file), 'utf8');
      for (const m of xml.matchAll(/externalReference="([^"]+)"/g)) used.add(m[1]!);
      for (const m of xml.matchAll(new RegExp(`name="${START_FORM_PROPERTY}" value="([^"]+)"`, 'g'))) used.add(m[1]!);
    }
    expect([...forms.keys()].filter((id) => !used.has(id))).toEqual([]);
  });
});

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const propertiesOf = (form: FormDefinition) => (form.schema as { properties: Record<string, Node> }).properties;
const requiredOf = (form: FormDefinition) => (form.schema as { required?: string[] }).required ?? [];
/** The fields the form requires, always or under one of its conditions (then the flow only reads it on that path). */
const requiredAnywhere = (form: FormDefinition) =>
  new Set([...nodesOf(form.schema)].flatMap((node) => (Array.isArray(node.required) && !node.properties ? (node.required as string[]) : [])).concat(requiredOf(form)));
/** What the browser puts in a form before the person touches it (OficioForm's rjsf, with its settings). */
const untouched = (form: FormDefinition) => getDefaultFormState(browserValidator, form.schema as RJSFSchema, {}, form.schema as RJSFSchema, false, NOTHING_PRESET) as Node;
/** Every object below `node` — its schemas (properties, items, branches, conditions) among them — however deep. */
function* nodesOf(node: unknown): Generator<Node> {
  if (Array.isArray(node)) for (const item of node) yield* nodesOf(item);
  if (!isNode(node)) return;
  yield node;
  for (const value of Object.values(node)) yield* nodesOf(value);
}
/** Every boolean value in `data`, with its path. */
const booleansIn = (data: unknown, path = ''): string[] =>
  typeof data === 'boolean' ? [path] : isNode(data) || Array.isArray(data) ? Object.entries(data).flatMap(([k, v]) => booleansIn(v, path ? `${path}/${k}` : k)) : [];

const everyForm = [...forms.values()];
const attestations = everyForm.flatMap((form) => [...meaningOf(form.schema).attestations].map((field) => ({ form, field })));

describe('what an answer means', () => {
  it('finds the attestations by their marker: every statement a person vouches for in the forms', () => {
    expect(attestations.map(({ form, field }) => `${form.id}/${field}`).sort()).toEqual([
      'dgsti-p01-pr01a-instalacion-servicios-cas-publicar/programaMantenimientoActualizado',
      'dgsti-p01-pr01c-resguardo-efectivo-conteo/enBovedaOfma',
      'dgsti-p01-pr01c-resguardo-efectivo-conteo/frenteACamaras',
      'dgsti-p01-pr06-regresar-cintas/cintasCompletas',
    ]);
  });

  describe.each(attestations.map(({ form, field }) => [`${form.id}/${field}`, form, field] as const))('attestation %s', (_name, form, field) => {
    it('is a required checkbox that can only be ticked, with no default, and starts unticked in the browser', () => {
      expect(propertiesOf(form)[field]).toEqual({ type: 'boolean', const: true, [ATTESTATION]: true });
      expect(requiredOf(form)).toContain(field);
      expect((form.uiSchema[field] as Node)['ui:widget']).toBe('checkbox');
      expect(untouched(form)[field]).toBeUndefined();
    });

    it('is refused untouched or unticked, as an attestation, and accepted ticked', () => {
      const valid = form.examples.valid[0]!;
      expect(valid[field]).toBe(true);
      expect(validator.validate(form.id, valid)).toEqual([]);
      const { [field]: _ticked, ...left } = valid;
      expect(validator.validate(form.id, left)).toEqual([expect.objectContaining({ field, keyword: 'attestation' })]);
      expect(validator.validate(form.id, { ...valid, [field]: false })).toEqual([expect.objectContaining({ field, keyword: 'attestation' })]);
    });
  });

  it('answers nothing for the person: no boolean has a default true, none starts with a value in the browser, and every boolean that can only be true is an attestation', () => {
    const preTicked = everyForm.flatMap((form) => [...nodesOf(form.schema)].filter((node) => node.type === 'boolean' && node.default === true).map(() => form.id));
    expect(preTicked).toEqual([]);
    // The server's own check of a designed form (server/core/forms/check.ts) finds nothing either.
    expect(everyForm.flatMap((form) => meaningProblems(form.schema).map((p) => `${form.id}/${p.field}: ${p.reason}`))).toEqual([]);
    expect(everyForm.flatMap((form) => booleansIn(untouched(form)).map((path) => `${form.id}/${path}`))).toEqual([]);
  });

  it('asks every required boolean as a statement to tick or a Sí / No question, never as a bare checkbox whose untouched state means nothing', () => {
    const bare = everyForm.flatMap((form) => {
      const { attestations: attested, decisions } = meaningOf(form.schema);
      return requiredOf(form)
        .filter((field) => decisions.has(field) || attested.has(field))
        .filter((field) => (form.uiSchema[field] as Node | undefined)?.['ui:widget'] !== (attested.has(field) ? 'checkbox' : 'radio'))
        .map((field) => `${form.id}/${field}`);
    });
    expect(bare).toEqual([]);
  });

  it('requires every yes/no a process routes on, refuses a completion without it, and the BPMN conditions read the values the form gives', async () => {
    const routes: string[] = [];
    const problems: string[] = [];
    for (const definition of await loadDefinitions()) {
      const used = definition.elements.flatMap((el) => ('form' in el && el.form && forms.has(el.form) ? [forms.get(el.form)!] : []));
      for (const flow of definition.flows) {
        const condition = /^=(\w+) = (true|false|"[^"]*")$/.exec(flow.condition ?? '');
        if (!condition) continue;
        const [, name, literal] = condition as unknown as [string, string, string];
        const asking = used.filter((form) => name in propertiesOf(form));
        if (asking.length === 0) continue; // set by a worker, not by a person
        for (const form of asking) {
          const property = propertiesOf(form)[name]!;
          routes.push(`${definition.id}: ${form.id}/${name}`);
          if (!requiredAnywhere(form).has(name)) problems.push(`${form.id}/${name} is not required`);
          if ('default' in property) problems.push(`${form.id}/${name} has a default`);
          if (literal === 'true' || literal === 'false') {
            if (!meaningOf(form.schema).decisions.has(name)) problems.push(`${form.id}/${name} is not a yes/no`);
            const { [name]: _answer, ...unanswered } = form.examples.valid.find((data) => typeof data[name] === 'boolean') ?? {};
            const errors = validator.validate(form.id, unanswered).filter((e) => e.field === name);
            if (errors.length !== 1 || errors[0]!.keyword !== 'decision') problems.push(`${form.id}/${name} unanswered: ${JSON.stringify(errors)}`);
          } else if (!(property.enum as unknown[] | undefined)?.includes(JSON.parse(literal))) problems.push(`${form.id}/${name} never takes ${literal}`);
        }
      }
    }
    // The decisions of the manual's models: ¿procede?, ¿autoriza?, ¿se puede atender?, ¿requiere aclaración? …
    expect(routes.length).toBeGreaterThanOrEqual(12);
    expect(routes).toEqual(
      expect.arrayContaining(['dgsti-p01-pr01-cas-queja: dgsti-p01-pr01-cas-queja-atender/procedeDevolucion', 'dgsti-p01-pr08-sigue: dgsti-p01-pr08-autorizacion-dueno/autorizaDueno']),
    );
    expect(problems).toEqual([]);
  });

  it('refuses a required text made only of spaces, tabs or line breaks, as blank — in every form, whatever else the text must be', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const form of everyForm) {
      const { required = [], properties } = form.schema as { required?: string[]; properties: Record<string, Node> };
      for (const data of form.examples.valid)
        for (const field of required) {
          if (typeof data[field] !== 'string' || properties[field]?.enum || properties[field]?.const !== undefined) continue;
          checked++;
          const errors = validator.validate(form.id, { ...data, [field]: ' \t\n  ' }).filter((e) => e.field === field);
          if (errors.length !== 1 || errors[0]!.keyword !== 'blank') problems.push(`${form.id}/${field}: ${JSON.stringify(errors.map((e) => e.keyword))}`);
        }
    }
    expect(checked).toBeGreaterThan(150);
    expect(problems).toEqual([]);
  });

  it('asks for nothing a yes/no or checkbox guards while it is unanswered, and for what it guards once answered', () => {
    const problems: string[] = [];
    let rules = 0;
    for (const form of everyForm) {
      const schema = form.schema as Node & { required?: string[]; allOf?: unknown[] };
      const booleans = new Set([...meaningOf(schema).decisions, ...meaningOf(schema).attestations]);
      for (const rule of [...(schema.allOf ?? []), ...(schema.if ? [{ if: schema.if, then: schema.then, else: schema.else }] : [])]) {
        if (!isNode(rule) || !isNode(rule.if)) continue;
        const tested = Object.keys(isNode(rule.if.properties) ? rule.if.properties : {}).filter((name) => booleans.has(name));
        if (tested.length !== 1) continue;
        const [controller] = tested as [string];
        const guarded = [rule.then, rule.else].flatMap((branch) => (isNode(branch) && Array.isArray(branch.required) ? (branch.required as string[]) : []));
        const onlyGuarded = guarded.filter((name) => !(schema.required ?? []).includes(name));
        rules++;
        // Never touched: the fields it guards are not asked for.
        const asked = validator.validate(form.id, {}).map((e) => e.field);
        for (const name of onlyGuarded) if (asked.includes(name)) problems.push(`${form.id}: ${name} asked for while ${controller} is unanswered`);
        // Answered as the rule tests it: what its `then` guards is asked for.
        const value = (rule.if.properties as Record<string, Node>)[controller]!.const;
        const then = isNode(rule.then) && Array.isArray(rule.then.required) ? (rule.then.required as string[]) : [];
        const askedThen = validator.validate(form.id, { [controller]: value }).map((e) => e.field);
        for (const name of then) if (!askedThen.includes(name)) problems.push(`${form.id}: ${name} not asked for when ${controller} is ${String(value)}`);
      }
    }
    expect(rules).toBeGreaterThanOrEqual(15);
    expect(problems).toEqual([]);
  });
});
