// The forms of DGSTI-P01-PR02…PR08: every example a form carries passes or fails as it says (naming
// the failing fields), and every form the models name exists.
import { loadForms, FormValidator } from '../../forms/index.js';
import { loadDefinitions } from '../../processes/build.js';

const MODELS = /^dgsti-p01-pr0[2-8]-/;
const forms = loadForms();
const ours = [...forms.values()].filter((f) => MODELS.test(f.id));
const validator = new FormValidator(forms);

describe('DGSTI-P01 PR02–PR08 forms', () => {
  it('exist', () => {
    expect(ours.length).toBeGreaterThanOrEqual(20);
  });

  it.each(ours.map((f) => [f.id, f] as const))('%s: texts in es and en, manual reference, attachments as files', (_id, form) => {
    expect(form.manualReference).toMatch(/DGSTI-P01-PR0[2-8]/);
    for (const text of [form.title, ...Object.values(form.labels), ...Object.values(form.help ?? {})]) {
      expect(text.es.length).toBeGreaterThan(0);
      expect(text.en.length).toBeGreaterThan(0);
    }
    const properties = (form.schema as { properties: Record<string, Record<string, unknown>> }).properties;
    for (const [name, schema] of Object.entries(properties)) {
      expect(form.labels[name]).toBeDefined();
      if ('x-oficio-attachment' in schema) expect((form.uiSchema[name] as Record<string, unknown>)['ui:widget']).toBe('file');
    }
    expect(form.examples.valid.length).toBeGreaterThanOrEqual(1);
    expect(form.examples.invalid.length).toBeGreaterThanOrEqual(2);
  });

  it.each(ours.map((f) => [f.id, f] as const))('%s: its examples pass and fail as they say', (id, form) => {
    for (const data of form.examples.valid) expect({ data, errors: validator.validate(id, data) }).toEqual({ data, errors: [] });
    for (const example of form.examples.invalid) {
      const fields = [...new Set(validator.validate(id, example.data).map((e) => e.field))];
      expect({ why: example.why, missing: example.fields.filter((f) => !fields.includes(f)) }).toEqual({ why: example.why, missing: [] });
    }
  });

  it('every form the PR02–PR08 models reference exists', async () => {
    const definitions = (await loadDefinitions()).filter((d) => MODELS.test(d.id));
    expect(definitions.map((d) => d.id).sort()).toEqual([
      'dgsti-p01-pr02-base-datos',
      'dgsti-p01-pr03-soporte-tecnico',
      'dgsti-p01-pr04-red-voz',
      'dgsti-p01-pr05-red-datos',
      'dgsti-p01-pr06-respaldo',
      'dgsti-p01-pr07-accesos',
      'dgsti-p01-pr08-sigue',
    ]);
    const missing: string[] = [];
    for (const d of definitions) {
      for (const el of d.elements) {
        if (el.kind === 'userTask' && !el.form) missing.push(`${d.id}/${el.id}: user task without form`);
        if (el.kind === 'userTask' && !el.candidateGroups) missing.push(`${d.id}/${el.id}: user task without candidate groups`);
        if ((el.kind === 'userTask' || el.kind === 'start') && el.form && !forms.has(el.form)) missing.push(`${d.id}/${el.id}: form ${el.form}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
