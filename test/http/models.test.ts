// Models and forms through the API: a process owner saves draft versions, deploys them — refused
// with the findings when a form is missing, accepted with the lint warnings otherwise — and staff
// cannot deploy; the modeler's live lint (deploy's findings, nothing written) and its pickers
// (the workers' task types, the candidate groups).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHttpHarness, type HttpHarness } from './harness.js';

const PROCESS_ID = 'dgpt-p01-pr02-conceptualizacion';
const VALID = readFileSync(fileURLToPath(new URL(`../../processes/${PROCESS_ID}.bpmn`, import.meta.url)), 'utf8');
const MISSING_FORM = VALID.replace('externalReference="dgpt-p01-pr02-autorizar-requerimientos"', 'externalReference="formulario-que-no-existe"');

let h: HttpHarness;
beforeEach(async () => {
  h = await createHttpHarness();
});
afterEach(() => h.close());

describe('drafts and deploying', () => {
  it('keeps each saved draft version with its author; deploying one naming a missing form is refused (400 naming it), the valid one deploys with its warnings', async () => {
    const owner = await h.signIn('process-owner');
    const first = await owner.put(`/api/models/${PROCESS_ID}/draft`, { xml: MISSING_FORM });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ processId: PROCESS_ID, version: 1, author: { name: expect.any(String) } });
    const second = await owner.put(`/api/models/${PROCESS_ID}/draft`, { xml: VALID });
    expect(second.body.version).toBe(2);

    const versions = await owner.get(`/api/models/${PROCESS_ID}/versions`);
    expect(versions.status).toBe(200);
    expect(versions.body.drafts.map((d: { version: number; xml: string }) => [d.version, d.xml === VALID])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(versions.body.deployed).toEqual([]);

    const refused = await owner.post(`/api/models/${PROCESS_ID}/deploy`, { version: 1 });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.type).toBe('urn:oficio:problem:http.model.deployRefused');
    expect(refused.body.errors).toEqual([{ field: 'autorizar-requerimientos', code: 'missingForm:formulario-que-no-existe', message: expect.stringContaining('formulario-que-no-existe') }]);
    expect(refused.body.findings.warnings).toEqual(expect.any(Array));
    expect((await h.engine.searchProcessDefinitions({ filter: { processDefinitionId: PROCESS_ID } })).items).toEqual([]);

    const deployed = await owner.post(`/api/models/${PROCESS_ID}/deploy`, {});
    expect(deployed.status).toBe(200);
    expect(deployed.body).toEqual({ processDefinitionKey: expect.any(String), version: 1, draftVersion: 2, warnings: expect.any(Array) });

    const list = await owner.get('/api/models');
    expect(list.body).toEqual([
      expect.objectContaining({
        processId: PROCESS_ID,
        draft: expect.objectContaining({ version: 2 }),
        deployed: [expect.objectContaining({ version: 1, processDefinitionKey: deployed.body.processDefinitionKey })],
      }),
    ]);
    const after = await owner.get(`/api/models/${PROCESS_ID}/versions`);
    expect(after.body.drafts[1].deployedAs).toEqual([expect.objectContaining({ version: 1 })]);
    expect(after.body.deployed).toEqual([expect.objectContaining({ version: 1, xml: VALID })]);

    const events = (await h.audit.query({ action: ['model.saveDraft', 'model.deployRefused', 'model.deploy'] }, { order: 'asc' })).items;
    expect(events.map((e) => [e.action, e.subject])).toEqual([
      ['model.saveDraft', PROCESS_ID],
      ['model.saveDraft', PROCESS_ID],
      ['model.deployRefused', PROCESS_ID],
      ['model.deploy', PROCESS_ID],
    ]);
  });

  it('refuses a service task whose type no worker handles, and a draft whose BPMN is not the named process', async () => {
    const owner = await h.signIn('process-owner');
    const noWorker = VALID.replace(
      '<zeebe:userTask/><zeebe:formDefinition externalReference="dgpt-p01-pr02-documentar-requerimientos"/>',
      '<zeebe:taskDefinition type="no.existe"/>',
    ).replace(/<bpmn:userTask id="documentar-requerimientos"([\s\S]*?)<\/bpmn:userTask>/, '<bpmn:serviceTask id="documentar-requerimientos"$1</bpmn:serviceTask>');
    expect(noWorker).toContain('<bpmn:serviceTask id="documentar-requerimientos"');
    await owner.put(`/api/models/${PROCESS_ID}/draft`, { xml: noWorker });
    const refused = await owner.post(`/api/models/${PROCESS_ID}/deploy`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'documentar-requerimientos', code: 'missingWorker:no.existe' }));

    const mismatch = await owner.put('/api/models/otro-proceso/draft', { xml: VALID });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0].field).toBe('body/xml');
    expect((await owner.post('/api/models/sin-borrador/deploy', {})).status).toBe(404);
  });

  it('hands over the latest deployed BPMN of a model deployed without a draft (processes/), so the modeler can open it', async () => {
    await h.engine.deployResourcesFromFiles([fileURLToPath(new URL(`../../processes/${PROCESS_ID}.bpmn`, import.meta.url))]);
    await h.engine.createDeployment({ resources: [{ name: `${PROCESS_ID}.bpmn`, content: VALID.replace('name="Conceptualización', 'name="Conceptualización (v2)') }] });
    const owner = await h.signIn('process-owner');
    const res = await owner.get(`/api/models/${PROCESS_ID}/versions`);
    expect(res.status).toBe(200);
    expect(res.body.drafts).toEqual([]);
    expect(res.body.deployed.map((d: { version: number; xml?: string }) => [d.version, typeof d.xml])).toEqual([
      [2, 'string'],
      [1, 'undefined'],
    ]);
    expect(res.body.deployed[0].xml).toContain('Conceptualización (v2)');
  });

  it("says the lint findings that fire most in a sentence of their own, in the reader's language", async () => {
    const owner = await h.signIn('process-owner');
    const unnamed = VALID.replace(/(<bpmn:endEvent\b[^>]*?)\sname="[^"]*"/, '$1');
    expect(unnamed).not.toBe(VALID);
    const spanish = await owner.post('/api/models/lint', { xml: unnamed });
    const endId = /<bpmn:endEvent\b[^>]*?\sid="([^"]+)"/.exec(unnamed)![1]!;
    expect(spanish.body.errors).toContainEqual(
      expect.objectContaining({ rule: 'label-required', elementId: endId, message: `${endId} no tiene nombre: póngale uno que diga qué se hace o qué ocurre.` }),
    );
    const english = await owner.post('/api/models/lint', { xml: unnamed }).set('Accept-Language', 'en');
    expect(english.body.errors).toContainEqual(expect.objectContaining({ rule: 'label-required', message: `${endId} has no name: give it one that says what is done or what happens.` }));
  });

  it('lets only process owners and admins edit and deploy', async () => {
    const staff = await h.signIn('mesa-ayuda');
    expect((await staff.put(`/api/models/${PROCESS_ID}/draft`, { xml: VALID })).status).toBe(403);
    expect((await staff.post(`/api/models/${PROCESS_ID}/deploy`, {})).status).toBe(403);
    expect((await staff.get('/api/models')).status).toBe(403);
    const auditor = await h.signIn('auditor');
    expect((await auditor.post(`/api/models/${PROCESS_ID}/deploy`, {})).status).toBe(403);
    const admin = await h.signIn('admin');
    expect((await admin.put(`/api/models/${PROCESS_ID}/draft`, { xml: VALID })).status).toBe(200);
    expect((await admin.post(`/api/models/${PROCESS_ID}/deploy`, {})).status).toBe(200);
  });
});

describe('forms', () => {
  it('lists the forms of forms/ and answers one with its schema, uiSchema and texts', async () => {
    const staff = await h.signIn('mesa-ayuda');
    const list = await staff.get('/api/forms');
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual(expect.objectContaining({ id: 'dgpt-p01-pr02-autorizar-requerimientos', title: { es: expect.any(String), en: expect.any(String) } }));
    const one = await staff.get('/api/forms/dgpt-p01-pr02-autorizar-requerimientos');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: 'dgpt-p01-pr02-autorizar-requerimientos', schema: expect.any(Object), uiSchema: expect.any(Object), labels: expect.any(Object) });
    expect((await staff.get('/api/forms/no-existe')).status).toBe(404);
  });
});

describe("the modeler's live lint", () => {
  it("answers the findings deploy would give, in the caller's language, writing nothing", async () => {
    const owner = await h.signIn('process-owner');
    const before = (await h.audit.query({})).items.length;

    const valid = await owner.post('/api/models/lint', { xml: VALID });
    expect(valid.status).toBe(200);
    expect(valid.body).toEqual({ errors: [], warnings: expect.any(Array) });

    const missing = await owner.post('/api/models/lint', { xml: MISSING_FORM });
    expect(missing.body.errors).toEqual([
      {
        kind: 'missingForm',
        elementId: 'autorizar-requerimientos',
        rule: 'formulario-que-no-existe',
        message: expect.stringMatching(/^El elemento autorizar-requerimientos usa el formulario «formulario-que-no-existe»/),
      },
    ]);
    const english = await owner.post('/api/models/lint', { xml: MISSING_FORM }).set('Accept-Language', 'en');
    expect(english.body.errors[0].message).toMatch(/^Element autorizar-requerimientos uses form "formulario-que-no-existe"/);

    expect(await h.store.collection('model_drafts').count()).toBe(0);
    expect((await h.audit.query({})).items.length).toBe(before);
  });

  it('answers an unparsable document with one error finding on no element, not a failure', async () => {
    const owner = await h.signIn('process-owner');
    for (const xml of ['<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="a">', 'esto no es XML', '']) {
      const res = await owner.post('/api/models/lint', { xml });
      expect({ xml, status: res.status }).toEqual({ xml, status: 200 });
      expect(res.body.errors).toEqual([{ kind: 'lint', elementId: '', rule: 'malformed-xml', message: expect.any(String) }]);
      expect(res.body.warnings).toEqual([]);
    }
  });
});

describe("the modeler's pickers", () => {
  it("lists the workers/ registry's task types with what each does in both languages", async () => {
    const owner = await h.signIn('process-owner');
    const res = await owner.get('/api/workers');
    expect(res.status).toBe(200);
    expect(res.body.items).toContainEqual({
      type: 'ticket.close',
      description: { es: expect.stringContaining('OTRS'), en: expect.any(String) },
      reads: expect.arrayContaining(['ticket']),
      writes: expect.any(Array),
    });
    const types = res.body.items.map((w: { type: string }) => w.type);
    expect(types).toEqual([...types].sort());
    expect(types).toContain('notify.email');
    expect((await (await h.signIn('mesa-ayuda')).get('/api/workers')).status).toBe(403);
  });

  it('lists the candidate groups with their names to anyone signed in', async () => {
    const staff = await h.signIn('solicitante');
    const res = await staff.get('/api/groups');
    expect(res.status).toBe(200);
    expect(res.body.items).toContainEqual({ id: 'red-datos', name: { es: expect.any(String), en: expect.any(String) } });
    expect(res.body.items.map((g: { id: string }) => g.id)).toContain('mesa-ayuda');
  });
});
