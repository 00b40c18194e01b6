// The audit trail through the API: filtered pages with a cursor, the CSV export with Spanish
// headers, and verification that names the row someone tampered with.
import { createHttpHarness, type HttpHarness } from './harness.js';
import { AUDIT_EVENTS_COLLECTION, auditEventId } from '../../server/core/audit/index.js';

let h: HttpHarness;
beforeEach(async () => {
  h = await createHttpHarness();
});
afterEach(() => h.close());

async function seedEvents() {
  const staff = (await h.identity.findByUsername('mesa-ayuda'))!;
  const actor = { id: staff.id, name: staff.displayName };
  await h.audit.record({ actor, action: 'task.claim', processInstanceKey: '2251799813685249', userTaskKey: '2251799813685260' });
  await h.audit.record({ actor, action: 'task.complete', processInstanceKey: '2251799813685249', userTaskKey: '2251799813685260', data: { comentario: 'Cableado revisado, «sin» fallas' } });
  await h.audit.record({ actor: 'system', action: 'instance.end', processInstanceKey: '2251799813685249' });
  return staff;
}

describe('GET /api/audit', () => {
  it('pages the events newest first with filters by actor, action and instance', async () => {
    const staff = await seedEvents();
    const auditor = await h.signIn('auditor');
    const byStaff = await auditor.get(`/api/audit?actor=${staff.id}`);
    expect(byStaff.status).toBe(200);
    expect(byStaff.body.items.map((e: { action: string }) => e.action)).toEqual(['task.complete', 'task.claim']);
    const byUsername = await auditor.get('/api/audit?actor=mesa-ayuda');
    expect(byUsername.body.items.map((e: { action: string }) => e.action)).toEqual(['task.complete', 'task.claim']);
    expect((await auditor.get('/api/audit?actor=system')).body.items.map((e: { action: string }) => e.action)).toEqual(['instance.end']);
    expect((await auditor.get('/api/audit?actor=nadie')).body.items).toEqual([]);
    const page = await auditor.get('/api/audit?processInstanceKey=2251799813685249&limit=2&order=asc');
    expect(page.body.items.map((e: { action: string }) => e.action)).toEqual(['task.claim', 'task.complete']);
    const next = await auditor.get(`/api/audit?processInstanceKey=2251799813685249&limit=2&order=asc&cursor=${encodeURIComponent(page.body.nextCursor)}`);
    expect(next.body.items.map((e: { action: string }) => e.action)).toEqual(['instance.end']);
    expect(next.body.nextCursor).toBeUndefined();
    const several = await auditor.get('/api/audit?action=task.claim,instance.end');
    expect(several.body.items.map((e: { action: string }) => e.action)).toEqual(['instance.end', 'task.claim']);
    const bad = await auditor.get('/api/audit?from=ayer');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query/from');
  });

  it('is for auditors and admins only', async () => {
    for (const username of ['mesa-ayuda', 'process-owner', 'solicitante']) {
      const agent = await h.signIn(username);
      expect({ username, status: (await agent.get('/api/audit')).status }).toEqual({ username, status: 403 });
      expect({ username, status: (await agent.get('/api/audit.csv')).status }).toEqual({ username, status: 403 });
      expect({ username, status: (await agent.get('/api/audit/verify')).status }).toEqual({ username, status: 403 });
    }
    expect((await (await h.signIn('admin')).get('/api/audit/verify')).status).toBe(200);
  });
});

describe('GET /api/audit.csv', () => {
  it('streams the events as UTF-8 CSV with Spanish headers (English on request), as a download, and records the export', async () => {
    await seedEvents();
    const auditor = await h.signIn('auditor');
    const res = await auditor.get('/api/audit.csv?processInstanceKey=2251799813685249');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="bitacora-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toMatch(/^secuencia,fecha,actor,acción,instancia,tarea,asunto,datos/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('task.claim');
    expect(lines[2]).toContain('Cableado revisado, «sin» fallas');
    expect(lines[3]).toContain('instance.end');
    const byUsername = (await auditor.get('/api/audit.csv?actor=mesa-ayuda')).text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(byUsername).toHaveLength(3);

    const en = await auditor.get('/api/audit.csv').set('Accept-Language', 'en');
    expect(en.text.replace(/^\uFEFF/, '')).toMatch(/^sequence,date,actor,action,instance,task/);
    expect(en.headers['content-disposition']).toMatch(/filename="audit-trail-/);
    const chosen = await auditor.get('/api/audit.csv?lang=es').set('Accept-Language', 'en');
    expect(chosen.text.replace(/^\uFEFF/, '')).toMatch(/^secuencia,fecha/);
    const { items } = await h.audit.query({ action: 'audit.export' });
    expect(items).toHaveLength(4);
  });
});

describe('GET /api/audit/verify', () => {
  it("answers intact for an untouched chain, and intact:false naming the sequence of a tampered row with the reason in the caller's language", async () => {
    await seedEvents();
    const auditor = await h.signIn('auditor');
    const intact = await auditor.get('/api/audit/verify');
    expect(intact.body).toMatchObject({ intact: true, events: expect.any(Number), lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const { items } = await h.audit.query({ action: 'task.complete' });
    const target = items[0]!;
    const events = h.store.collection<Record<string, unknown>>(AUDIT_EVENTS_COLLECTION);
    const row = (await events.get(auditEventId(target.sequence)))!;
    const { id: _id, version, ...fields } = row;
    await events.update(auditEventId(target.sequence), { ...fields, data: { comentario: 'Todo en orden' } }, version);

    const broken = await auditor.get('/api/audit/verify');
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ intact: false, brokenAt: target.sequence, reasonCode: 'hash mismatch', events: target.sequence - 1 });
    expect(broken.body.reason).toMatch(/modificado/);
    expect(broken.body.message).toContain(String(target.sequence));
    const english = await auditor.get('/api/audit/verify').set('Accept-Language', 'en-US');
    expect(english.body.reason).toMatch(/modified/);
  });
});
