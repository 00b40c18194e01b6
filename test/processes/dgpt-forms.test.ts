// DGPT-P01's forms: every example behaves as it says (valid ones pass, invalid ones fail naming
// exactly the listed fields), every form has its texts in both languages, and every form the
// DGPT-P01 models name (user tasks' externalReference, start events' oficio:startForm) exists.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FormValidator, loadForms, type FormDefinition } from '../../forms/index.js';
import { PROCESSES_DIR } from './harness.js';

const forms = loadForms();
const dgpt = [...forms.values()].filter((f) => f.id.startsWith('dgpt-'));
const validator = new FormValidator(forms);

/** The fields an invalid example fails on; `if` errors only repeat their `then` branch's at the parent. */
const failingFields = (form: FormDefinition, data: unknown) => [...new Set(validator.validate(form.id, data).filter((e) => e.keyword !== 'if').map((e) => e.field))].sort();

describe('DGPT-P01 forms', () => {
  it('are there', () => {
    expect(dgpt.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(dgpt.map((f) => [f.id, f] as const))('%s', (_id, form) => {
    it('accepts its valid examples', () => {
      expect(form.examples.valid.length).toBeGreaterThanOrEqual(1);
      for (const data of form.examples.valid) expect(validator.validate(form.id, data)).toEqual([]);
    });

    it('rejects its invalid examples, naming exactly the listed fields', () => {
      expect(form.examples.invalid.length).toBeGreaterThanOrEqual(2);
      for (const example of form.examples.invalid) {
        expect({ why: example.why, fields: failingFields(form, example.data) }).toEqual({ why: example.why, fields: [...example.fields].sort() });
      }
    });

    it('has a manual reference and Spanish and English texts for every field', () => {
      expect(form.manualReference).toMatch(/DGPT/);
      const texts = [form.title, ...(form.description ? [form.description] : []), ...Object.values(form.labels), ...Object.values(form.help ?? {}), ...Object.values(form.options ?? {}).flatMap((o) => Object.values(o))];
      for (const text of texts) {
        expect(text.es.trim()).not.toBe('');
        expect(text.en.trim()).not.toBe('');
      }
      const properties = (form.schema as { properties: Record<string, unknown> }).properties;
      for (const name of Object.keys(properties)) expect(form.labels[name]).toBeDefined();
    });

    it('marks every document as an attachment shown with the file widget', () => {
      const properties = (form.schema as { properties: Record<string, { 'x-oficio-attachment'?: object; items?: { 'x-oficio-attachment'?: object } }> }).properties;
      for (const [name, schema] of Object.entries(properties)) {
        const ui = form.uiSchema[name] as { 'ui:widget'?: string; items?: { 'ui:widget'?: string } } | undefined;
        if (schema['x-oficio-attachment']) expect(ui?.['ui:widget']).toBe('file');
        if (schema.items?.['x-oficio-attachment']) expect(ui?.items?.['ui:widget']).toBe('file');
      }
    });
  });
});

describe('DGPT-P01 models name existing forms', () => {
  const files = readdirSync(PROCESSES_DIR).filter((f) => /^dgpt-.*\.bpmn$/.test(f));

  it('has the six models', () => {
    expect(files.sort()).toEqual([
      'dgpt-p01-desarrollo-si.bpmn',
      'dgpt-p01-pr01-solicitud.bpmn',
      'dgpt-p01-pr02-conceptualizacion.bpmn',
      'dgpt-p01-pr03-analisis-diseno.bpmn',
      'dgpt-p01-pr04-construccion.bpmn',
      'dgpt-p01-pr05-implementacion.bpmn',
    ]);
  });

  it.each(files)('%s: every user task and start event has an existing form', (file) => {
    const xml = readFileSync(join(PROCESSES_DIR, file), 'utf8');
    const userTasks = [...xml.matchAll(/<bpmn:userTask\b[\s\S]*?<\/bpmn:userTask>/g)].map((m) => m[0]);
    const startEvents = [...xml.matchAll(/<bpmn:startEvent\b[\s\S]*?<\/bpmn:startEvent>/g)].map((m) => m[0]);
    expect(startEvents.length).toBe(1);
    for (const task of userTasks) {
      const ref = /<zeebe:formDefinition externalReference="([^"]+)"/.exec(task)?.[1];
      expect({ task: /id="([^"]+)"/.exec(task)?.[1], form: ref && forms.has(ref) ? ref : `missing: ${ref}` }).toEqual({ task: expect.any(String), form: ref });
      expect(task).toMatch(/<zeebe:assignmentDefinition candidateGroups="[a-z-]+(,[a-z-]+)*"/);
    }
    for (const start of startEvents) {
      const ref = /<zeebe:property name="oficio:startForm" value="([^"]+)"/.exec(start)?.[1];
      expect(ref && forms.has(ref) ? ref : `missing: ${ref}`).toBe(ref);
    }
    const referenced = [...xml.matchAll(/(?:externalReference|name="oficio:startForm" value)="([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of referenced) expect(forms.has(ref)).toBe(true);
  });
});
