// The forms of DGSTI-P01 Soporte a las TI and its CAS procedures (PR01): every form a model names
// exists, each form's own examples pass or fail as they say, and every field has es/en texts.
import { loadForms, FormValidator, type FormDefinition } from '../../forms/index.js';
import { START_FORM_PROPERTY, type ProcessDefinition } from '../../processes/builder/index.js';
import soporteTi from '../../processes/models/dgsti-p01-soporte-ti.js';
import casQueja from '../../processes/models/dgsti-p01-pr01-cas-queja.js';
import instalacion from '../../processes/models/dgsti-p01-pr01a-instalacion-servicios-cas.js';
import mantenimiento from '../../processes/models/dgsti-p01-pr01b-mantenimiento-cas.js';
import resguardo from '../../processes/models/dgsti-p01-pr01c-resguardo-efectivo.js';
import { readFileSync } from 'node:fs';
import { PROCESSES_DIR } from './harness.js';

const MODELS: ProcessDefinition[] = [soporteTi, casQueja, instalacion, mantenimiento, resguardo];
const forms = loadForms();
const OURS = [...forms.values()].filter((f) => /^dgsti-p01-(soporte-ti|pr01)/.test(f.id));
const validator = new FormValidator(forms);

/** Field paths of a schema's properties ('ciudadano/nombre'); array items as 'kioscos/*'. */
function fieldPaths(schema: Record<string, unknown>, prefix = ''): string[] {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(props).flatMap(([name, sub]) => {
    const path = prefix ? `${prefix}/${name}` : name;
    if (sub['x-oficio-attachment']) return [path];
    if (sub.type === 'object') return [path, ...fieldPaths(sub, path)];
    return [path];
  });
}

describe('DGSTI-P01 and PR01 CAS forms', () => {
  it('has the forms of the help desk and the four CAS models', () => {
    expect(OURS.length).toBeGreaterThanOrEqual(20);
  });

  it('names only forms that exist, on every user task and every none or message start event', () => {
    const missing: string[] = [];
    for (const model of MODELS) {
      for (const el of model.elements) {
        if (el.kind === 'userTask') {
          if (!el.candidateGroups) missing.push(`${model.id}/${el.id}: no candidateGroups`);
          if (!el.form) missing.push(`${model.id}/${el.id}: no form`);
          else if (!forms.has(el.form)) missing.push(`${model.id}/${el.id}: form ${el.form} missing`);
        }
        if (el.kind === 'start' && !el.timer) {
          if (!el.form) missing.push(`${model.id}/${el.id}: start event without a start form`);
          else if (!forms.has(el.form)) missing.push(`${model.id}/${el.id}: start form ${el.form} missing`);
        }
      }
      // And the generated BPMN says the same.
      const xml = readFileSync(`${PROCESSES_DIR}${model.id}.bpmn`, 'utf8');
      for (const [, form] of xml.matchAll(/externalReference="([^"]+)"/g)) if (!forms.has(form!)) missing.push(`${model.id}.bpmn: form ${form}`);
      for (const [, form] of xml.matchAll(new RegExp(`name="${START_FORM_PROPERTY}" value="([^"]+)"`, 'g'))) if (!forms.has(form!)) missing.push(`${model.id}.bpmn: start form ${form}`);
    }
    expect(missing).toEqual([]);
  });

  describe.each(OURS.map((f) => [f.id, f] as [string, FormDefinition]))('%s', (_id, form) => {
    it('has a manual reference, titles and es/en labels for every field', () => {
      expect(form.manualReference).toMatch(/DGSTI-P01/);
      expect(form.title.es && form.title.en).toBeTruthy();
      const unlabeled = fieldPaths(form.schema).filter((p) => !form.labels[p]?.es || !form.labels[p]?.en);
      expect(unlabeled).toEqual([]);
      for (const [field, values] of Object.entries(form.options ?? {})) {
        const schema = (form.schema.properties as Record<string, { enum?: string[] }>)[field];
        expect(Object.keys(values).sort()).toEqual([...(schema?.enum ?? [])].sort());
      }
    });

    it('accepts its valid examples', () => {
      expect(form.examples.valid.length).toBeGreaterThanOrEqual(1);
      for (const data of form.examples.valid) expect(validator.validate(form.id, data)).toEqual([]);
    });

    it('rejects its invalid examples, naming the failing fields', () => {
      expect(form.examples.invalid.length).toBeGreaterThanOrEqual(2);
      for (const example of form.examples.invalid) {
        const fields = new Set(validator.validate(form.id, example.data).map((e) => e.field));
        expect({ why: example.why, missing: example.fields.filter((f) => !fields.has(f)) }).toEqual({ why: example.why, missing: [] });
      }
    });

    it('describes attachments as Adjunto with a file widget', () => {
      const props = form.schema.properties as Record<string, Record<string, unknown>>;
      for (const [name, sub] of Object.entries(props)) {
        if (!sub['x-oficio-attachment']) continue;
        expect(sub.required).toEqual(['id', 'nombre']);
        expect((form.uiSchema[name] as Record<string, unknown>)['ui:widget']).toBe('file');
      }
    });
  });
});
