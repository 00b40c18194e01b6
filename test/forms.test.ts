// Every form of forms/: its examples behave as they say (valid ones pass; invalid ones fail on
// exactly the listed fields) under the ajv validator the server uses, its texts exist in Spanish
// and English, documents are attachments shown as files, and every form is used by a model.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FormValidator, loadForms, type FormDefinition } from '../forms/index.js';
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
