// Attachments through the API: limits (413, 415), upload and download by the uploader and by
// an auditor, 403 for a user without access to the instance, and the reference forms keep.
import request from 'supertest';
import { createHash } from 'node:crypto';
import type { createApp } from '../../server/http/app.js';
import { createHttpHarness, DEMO_PASSWORD, type HttpHarness } from './harness.js';
import { bpmn } from '../engine/harness.js';
import { ATTACHMENT_CHUNKS_COLLECTION } from '../../server/core/attachments/index.js';

let h: HttpHarness;
beforeEach(async () => {
  h = await createHttpHarness();
});
afterEach(() => h.close());

/** A signed-in agent able to send a raw body (the harness's post always sends JSON). */
async function uploaderAgent(username: string, app: ReturnType<typeof createApp> = h.app) {
  const agent = request.agent(app);
  const login = await agent.post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
  const csrf = login.body.csrfToken as string;
  return {
    upload: (path: string, name: string, type: string, bytes: Buffer) =>
      agent.post(path).set('x-csrf-token', csrf).set('Content-Type', type).set('X-File-Name', encodeURIComponent(name)).send(bytes),
    get: (path: string) =>
      agent
        .get(path)
        .buffer(true)
        .parse((res, done) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => done(null, Buffer.concat(parts)));
        }),
  };
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300 * 1024, 7), Buffer.from('\n%%EOF\n')]);

async function startInstance() {
  const xml = bpmn(
    'con-adjunto',
    `<bpmn:startEvent id="inicio"/><bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="revisar"/>
     <bpmn:userTask id="revisar" name="Revisar"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mesa-ayuda"/></bpmn:extensionElements></bpmn:userTask>
     <bpmn:sequenceFlow id="f2" sourceRef="revisar" targetRef="fin"/><bpmn:endEvent id="fin"/>`,
  );
  await h.engine.createDeployment({ resources: [{ name: 'con-adjunto.bpmn', content: xml }] });
  const requester = (await h.identity.findByUsername('solicitante'))!;
  const { processInstanceKey } = await h.engine.createProcessInstance({
    processDefinitionId: 'con-adjunto',
    variables: { iniciadoPor: { id: requester.id, nombre: requester.displayName } },
  });
  return processInstanceKey;
}

describe('uploading', () => {
  it('stores a file of an instance (in chunks, never in variables) and answers its Adjunto reference; the uploader and an auditor download it, a user without access gets 403', async () => {
    const key = await startInstance();
    const requester = await uploaderAgent('solicitante');
    const up = await requester.upload(`/api/instances/${key}/attachments`, 'Oficio de solicitud ñandú.pdf', 'application/pdf', PDF);
    expect(up.status).toBe(201);
    expect(up.body).toEqual({
      id: expect.stringMatching(/^adj_[0-9a-f]{24}$/),
      nombre: 'Oficio de solicitud ñandú.pdf',
      tipo: 'application/pdf',
      tamano: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    expect(await h.store.collection(ATTACHMENT_CHUNKS_COLLECTION).count({ attachmentId: up.body.id })).toBe(2);
    const vars = await h.engine.searchVariables({ filter: { processInstanceKey: key } });
    expect(vars.items.map((v) => v.name).sort()).toEqual(['folio', 'iniciadoPor']);

    const mine = await requester.get(`/api/attachments/${up.body.id}`);
    expect(mine.status).toBe(200);
    expect(mine.headers['content-type']).toBe('application/pdf');
    expect(mine.headers['content-disposition']).toBe(`attachment; filename="Oficio de solicitud nandu.pdf"; filename*=UTF-8''Oficio%20de%20solicitud%20%C3%B1and%C3%BA.pdf`);
    expect(Buffer.compare(mine.body as Buffer, PDF)).toBe(0);

    const auditor = await uploaderAgent('auditor');
    const read = await auditor.get(`/api/attachments/${up.body.id}`);
    expect(read.status).toBe(200);
    expect((read.body as Buffer).length).toBe(PDF.length);

    const stranger = await uploaderAgent('red-datos');
    expect((await stranger.get(`/api/attachments/${up.body.id}`)).status).toBe(403);
    expect((await stranger.upload(`/api/instances/${key}/attachments`, 'x.pdf', 'application/pdf', PDF)).status).toBe(403);

    const detail = await (await h.signIn('auditor')).get(`/api/instances/${key}`);
    expect(detail.body.attachments).toEqual([expect.objectContaining({ id: up.body.id, nombre: 'Oficio de solicitud ñandú.pdf' })]);
    const events = (await h.audit.query({ processInstanceKey: key }, { order: 'asc' })).items;
    expect(events.map((e) => [e.action, e.subject])).toEqual([
      ['attachment.upload', up.body.id],
      ['attachment.download', up.body.id],
      ['attachment.download', up.body.id],
    ]);
  });

  it('refuses a file over the limit with 413 and a type off the allow-list (or content not matching it) with 415', async () => {
    const key = await startInstance();
    const small = h.appWith({ http: { attachmentMaxBytes: 1024 } });
    const requester = await uploaderAgent('solicitante', small);
    const big = await requester.upload(`/api/instances/${key}/attachments`, 'grande.txt', 'text/plain', Buffer.alloc(2048, 65));
    expect(big.status).toBe(413);
    expect(big.body.type).toBe('urn:oficio:problem:http.attachment.tooLarge');
    expect(big.body.title).toContain('1024');

    const exe = await requester.upload(`/api/instances/${key}/attachments`, 'programa.exe', 'application/octet-stream', Buffer.from('MZ'));
    expect(exe.status).toBe(415);
    expect(exe.body.type).toBe('urn:oficio:problem:http.attachment.unsupportedType');
    const html = await requester.upload('/api/attachments', 'pagina.pdf', 'text/html', Buffer.from('<html>'));
    expect(html.status).toBe(415);
    const fake = await requester.upload('/api/attachments', 'falso.pdf', 'application/pdf', Buffer.from('<html>no soy pdf</html>'));
    expect(fake.status).toBe(415);
    expect(fake.body.type).toBe('urn:oficio:problem:http.attachment.contentMismatch');
    const backup = await requester.upload('/api/attachments', 'respaldo_2026.mdf', 'application/octet-stream', Buffer.alloc(512, 1));
    expect(backup.status).toBe(201);
    const nameless = await requester.upload('/api/attachments', '', 'text/plain', Buffer.from('hola'));
    expect(nameless.status).toBe(400);
    expect(nameless.body.errors[0].field).toBe('headers/x-file-name');
  });

  it('keeps an upload made for a start form (no instance yet) for its uploader alone', async () => {
    const requester = await uploaderAgent('solicitante');
    const up = await requester.upload('/api/attachments', 'inventario.csv', 'text/csv', Buffer.from('equipo,serie\r\nswitch,AB-12\r\n'));
    expect(up.status).toBe(201);
    expect((await requester.get(`/api/attachments/${up.body.id}`)).status).toBe(200);
    expect((await (await uploaderAgent('mesa-ayuda')).get(`/api/attachments/${up.body.id}`)).status).toBe(403);
    const events = (await h.audit.query({ action: 'attachment.upload' })).items;
    expect(events[0]).toMatchObject({ subject: up.body.id, data: { nombre: 'inventario.csv', tamano: up.body.tamano } });
    expect(events[0]!.processInstanceKey).toBeUndefined();
  });
});
