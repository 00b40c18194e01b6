// Signing in and out through the API: the cookie, the CSRF token, problem+json errors in the
// caller's language, the audit events of each attempt, and the generated OpenAPI document.
import request from 'supertest';
import { createHttpHarness, DEMO_PASSWORD, type HttpHarness } from './harness.js';

let h: HttpHarness;
beforeEach(async () => {
  h = await createHttpHarness();
});
afterEach(() => h.close());

describe('signing in', () => {
  it('given the right password, answers the user and a CSRF token and sets an HttpOnly, SameSite session cookie', async () => {
    const res = await request(h.app).post('/api/auth/login').send({ username: 'mesa-ayuda', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'mesa-ayuda', groups: ['mesa-ayuda'], roles: [] });
    expect(res.body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^oficio_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(res.body.user).not.toHaveProperty('passwordHash');
  });

  it('answers the permissions the user holds through their roles, at sign-in and on who am I', async () => {
    const owner = request.agent(h.app);
    const login = await owner.post('/api/auth/login').send({ username: 'process-owner', password: DEMO_PASSWORD });
    expect(login.body.user.permissions).toEqual(['models.edit', 'models.deploy', 'instances.operate']);
    expect((await owner.get('/api/auth/me')).body.user.permissions).toEqual(login.body.user.permissions);
    const auditor = await request(h.app).post('/api/auth/login').send({ username: 'auditor', password: DEMO_PASSWORD });
    expect(auditor.body.user.permissions).toEqual(['instances.readAll', 'audit.read']);
    const staff = await request(h.app).post('/api/auth/login').send({ username: 'mesa-ayuda', password: DEMO_PASSWORD });
    expect(staff.body.user.permissions).toEqual([]);
  });

  it('given a wrong password, answers 401 problem+json in Spanish (English on request) without saying which part was wrong', async () => {
    const es = await request(h.app).post('/api/auth/login').send({ username: 'mesa-ayuda', password: 'Equivocada#1' });
    expect(es.status).toBe(401);
    expect(es.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(es.body).toMatchObject({ status: 401, type: 'urn:oficio:problem:identity.INVALID_CREDENTIALS' });
    const unknown = await request(h.app).post('/api/auth/login').set('Accept-Language', 'en-US').send({ username: 'nadie', password: 'Equivocada#1' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.type).toBe(es.body.type);
    expect(unknown.body.title).not.toBe(es.body.title); // the same problem, in English
    expect(unknown.body).not.toHaveProperty('stack');
  });

  it('names the missing fields of a malformed request, and refuses a body that is not JSON', async () => {
    const missing = await request(h.app).post('/api/auth/login').send({ username: '' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body/password', 'body/username']);
    const garbage = await request(h.app).post('/api/auth/login').set('Content-Type', 'application/json').send('{"username": ');
    expect(garbage.status).toBe(400);
    expect(garbage.body.type).toBe('urn:oficio:problem:http.malformedJson');
  });

  it('records every attempt in the audit trail: failures anonymously with the name tried, successes with the user', async () => {
    await request(h.app).post('/api/auth/login').send({ username: 'auditor', password: 'Equivocada#1' });
    await request(h.app).post('/api/auth/login').send({ username: 'auditor', password: DEMO_PASSWORD });
    const { items } = await h.audit.query({}, { order: 'asc' });
    expect(items.map((e) => [e.action, typeof e.actor === 'string' ? e.actor : e.actor.name, e.subject ?? null])).toEqual([
      ['auth.loginFailed', 'anonymous', 'auditor'],
      ['auth.login', expect.any(String), null],
    ]);
  });
});

describe('the session', () => {
  it('lets the signed-in user read who they are; signing out needs the CSRF token and ends the session', async () => {
    const agent = request.agent(h.app);
    const login = await agent.post('/api/auth/login').send({ username: 'red-datos', password: DEMO_PASSWORD });
    expect((await agent.get('/api/auth/me')).body.user.username).toBe('red-datos');

    const forged = await agent.post('/api/auth/logout');
    expect(forged.status).toBe(403);
    expect(forged.body.type).toBe('urn:oficio:problem:http.csrf');
    expect((await agent.get('/api/auth/me')).status).toBe(200);

    const out = await agent.post('/api/auth/logout').set('x-csrf-token', login.body.csrfToken);
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await agent.get('/api/auth/me')).status).toBe(401);
  });

  it('answers 401 to calls without a session and 404 problem+json to unknown API paths', async () => {
    expect((await request(h.app).get('/api/auth/me')).status).toBe(401);
    const missing = await request(h.app).get('/api/no-existe');
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('urn:oficio:problem:http.notFound');
  });

  it('sends security headers (helmet)', async () => {
    const res = await request(h.app).get('/api/openapi.json');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('the OpenAPI document', () => {
  it("is generated from the routes' zod schemas", async () => {
    const doc = (await request(h.app).get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const login = doc.paths['/api/auth/login'].post;
    expect(login.security).toEqual([]);
    expect(login.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['username', 'password'],
      properties: { username: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } },
    });
    expect(doc.paths['/api/auth/me'].get.responses['200'].content['application/json'].schema.properties.user.properties.groups.type).toBe('array');
  });
});
