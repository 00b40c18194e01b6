// Issue 12, item 10 — nobody can lock out somebody else. Failed sign-ins are throttled per user name
// *and* client address, with pauses that grow, so wrong passwords sent from one address never stop the
// same user from another address (on /api and over /v2 Basic), concurrent correct sign-ins of one user
// never refuse each other, refused attempts are counted rather than audited one by one, and an
// administrator sees and lifts throttles. Addresses differ by X-Forwarded-For behind one trusted proxy.
import request from 'supertest';
import { createApp } from '../../server/http/app.js';
import { TEST_HTTP } from '../http/harness.js';
import { createTestOficio, type TestOficio } from '../support/oficio.js';

const PASSWORD = 'Cuentas#2026demo';
const WRONG = 'NoEsLaClave#1';
/** The attacker's address, the victim's usual one, and one never seen before. */
const ATTACKER = '203.0.113.66';
const OFFICE = '198.51.100.20';
const ELSEWHERE = '192.0.2.7';
/** OFICIO_LOGIN_MAX_FAILURES's default. */
const N = 5;

let oficio: TestOficio;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  oficio = await createTestOficio({ start: '2026-03-02T15:00:00.000Z', demoPassword: PASSWORD, env: { OFICIO_LOGIN_MAX_FAILURES_PER_IP: '12' } });
  app = createApp({ ...oficio, http: { ...TEST_HTTP, trustProxy: 1 } });
});
afterEach(() => oficio.close());

const signIn = (username: string, password: string, from: string) => request(app).post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });
const basic = (username: string, password: string, from: string) => request(app).get('/v2/topology').set('X-Forwarded-For', from).auth(username, password);
const eventsOf = async (action: string) => (await oficio.audit.query({ action }, { order: 'asc', limit: 1000 })).items;

/** An administrator signed in from `from`, sending the CSRF token. */
async function adminAt(from: string) {
  const agent = request.agent(app);
  const login = await agent.post('/api/auth/login').set('X-Forwarded-For', from).send({ username: 'admin', password: PASSWORD });
  expect(login.status).toBe(200);
  const csrf = login.body.csrfToken as string;
  return {
    list: () => agent.get('/api/admin/sign-in-throttles').set('X-Forwarded-For', from),
    lift: (id: string, body: object) =>
      agent
        .delete(`/api/admin/sign-in-throttles/${encodeURIComponent(id)}`)
        .set('X-Forwarded-For', from)
        .set('x-csrf-token', csrf)
        .send(body),
  };
}

describe('wrong passwords from one address do not stop the user at another', () => {
  test('on /api: after N failures for admin from the attacker, admin still signs in from the office and from a new address', async () => {
    for (let i = 0; i < N; i++) expect((await signIn('admin', `${WRONG}${i}`, ATTACKER)).status).toBe(401);
    const throttled = await signIn('admin', PASSWORD, ATTACKER);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);

    expect((await signIn('admin', PASSWORD, OFFICE)).status).toBe(200);
    expect((await signIn('admin', PASSWORD, ELSEWHERE)).status).toBe(200);
  });

  test('over /v2 Basic: a job worker signing in as its user keeps working while someone guesses its password elsewhere', async () => {
    for (let i = 0; i < N; i++) expect((await basic('process-owner', `${WRONG}${i}`, ATTACKER)).status).toBe(401);
    expect((await basic('process-owner', PASSWORD, ATTACKER)).status).toBe(429);

    expect((await basic('process-owner', PASSWORD, OFFICE)).status).toBe(200);
    // Signing in to the pages is the same throttle: the user is not stopped there either.
    expect((await signIn('process-owner', PASSWORD, ELSEWHERE)).status).toBe(200);
  });

  test('guesses on /v2 and on /api count together for one user name and address', async () => {
    for (let i = 0; i < N - 1; i++) expect((await basic('calidad', `${WRONG}${i}`, ATTACKER)).status).toBe(401);
    expect((await signIn('calidad', WRONG, ATTACKER)).status).toBe(401);
    expect((await signIn('calidad', PASSWORD, ATTACKER)).status).toBe(429);
    expect((await basic('calidad', PASSWORD, ATTACKER)).status).toBe(429);
  });

  test('the pause does not renew while the attacker keeps trying; after it the user gets in, and further failures pause longer', async () => {
    for (let i = 0; i < N; i++) await signIn('desarrollo', `${WRONG}${i}`, ATTACKER);
    const first = Number((await signIn('desarrollo', WRONG, ATTACKER)).headers['retry-after']);
    for (let i = 0; i < 10; i++) expect((await signIn('desarrollo', WRONG, ATTACKER)).status).toBe(429);
    await oficio.clock.advance(first * 1000);
    // One more guess is checked, and fails: the next pause is longer.
    expect((await signIn('desarrollo', WRONG, ATTACKER)).status).toBe(401);
    const second = await signIn('desarrollo', PASSWORD, ATTACKER);
    expect(second.status).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(first);
    await oficio.clock.advance(Number(second.headers['retry-after']) * 1000);
    expect((await signIn('desarrollo', PASSWORD, ATTACKER)).status).toBe(200);
    // The right password forgave the failures: the next mistake is not paused.
    expect((await signIn('desarrollo', WRONG, ATTACKER)).status).toBe(401);
    expect((await signIn('desarrollo', PASSWORD, ATTACKER)).status).toBe(200);
  });

  test('a spray across user names from one address pauses that address, for every name, and no other', async () => {
    const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
    for (const name of names) for (let i = 0; i < 2; i++) expect((await signIn(name, WRONG, ATTACKER)).status).toBe(401);
    expect((await signIn('mesa-ayuda', PASSWORD, ATTACKER)).status).toBe(429);
    expect((await basic('mesa-ayuda', PASSWORD, ATTACKER)).status).toBe(429);
    expect((await signIn('mesa-ayuda', PASSWORD, OFFICE)).status).toBe(200);
  });
});

describe('concurrent correct sign-ins', () => {
  test('of one user from one address all succeed, even after a few mistakes', async () => {
    for (let i = 0; i < N - 2; i++) expect((await signIn('red-datos', `${WRONG}${i}`, OFFICE)).status).toBe(401);
    const answers = await Promise.all(Array.from({ length: 12 }, () => signIn('red-datos', PASSWORD, OFFICE)));
    expect(answers.map((res) => res.status)).toEqual(Array(12).fill(200));
  });

  test('a burst of guesses still gets no more than N checked', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn('red-voz', `${WRONG}${i}`, ATTACKER)));
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([...Array<number>(N).fill(401), ...Array<number>(12 - N).fill(429)]);
  });
});

describe('throttled attempts are counted, not audited one by one', () => {
  test('N failures are N audit events; twenty refused attempts add none but one for the throttle itself', async () => {
    for (let i = 0; i < N; i++) await signIn('telecom', `${WRONG}${i}`, ATTACKER);
    for (let i = 0; i < 10; i++) expect((await signIn('telecom', WRONG, ATTACKER)).status).toBe(429);
    for (let i = 0; i < 10; i++) expect((await basic('telecom', WRONG, ATTACKER)).status).toBe(429);

    expect(await eventsOf('auth.loginFailed')).toHaveLength(N);
    const throttled = await eventsOf('auth.throttled');
    expect(throttled).toHaveLength(1);
    expect(throttled[0]).toMatchObject({ actor: 'anonymous', subject: 'telecom', ip: ATTACKER });

    const admin = await adminAt(OFFICE);
    const { items } = (await admin.list()).body as { items: Array<Record<string, unknown>> };
    expect(items.find((item) => item.username === 'telecom')).toMatchObject({ address: ATTACKER, failures: N, refused: 20, active: true });
  });
});

describe('an administrator sees and lifts throttles', () => {
  test('lists who is throttled from where and until when, lifts one with a reason (audited), and the user gets in at once', async () => {
    for (let i = 0; i < N; i++) await signIn('mesa-ayuda', `${WRONG}${i}`, ATTACKER);
    expect((await signIn('mesa-ayuda', PASSWORD, ATTACKER)).status).toBe(429);

    const admin = await adminAt(OFFICE);
    const listed = await admin.list();
    expect(listed.status).toBe(200);
    const throttle = (listed.body.items as Array<Record<string, unknown>>).find((item) => item.username === 'mesa-ayuda');
    expect(throttle).toMatchObject({ scope: 'account', address: ATTACKER, failures: N, active: true });
    expect(Date.parse(String(throttle!.until))).toBeGreaterThan(oficio.now().getTime());

    // Only those who manage users.
    const auditor = request.agent(app);
    await auditor.post('/api/auth/login').set('X-Forwarded-For', OFFICE).send({ username: 'auditor', password: PASSWORD });
    expect((await auditor.get('/api/admin/sign-in-throttles')).status).toBe(403);

    expect((await admin.lift(String(throttle!.id), {})).status).toBe(400); // a reason is required
    expect((await admin.lift(String(throttle!.id), { reason: 'La usuaria confirmó por teléfono que era ella' })).status).toBe(204);
    expect((await signIn('mesa-ayuda', PASSWORD, ATTACKER)).status).toBe(200);
    expect((await admin.lift(String(throttle!.id), { reason: 'otra vez' })).status).toBe(404);

    const lifted = await eventsOf('auth.throttleLifted');
    expect(lifted).toHaveLength(1);
    expect(lifted[0]).toMatchObject({ actor: { name: expect.any(String) }, subject: 'mesa-ayuda', data: { address: ATTACKER, reason: 'La usuaria confirmó por teléfono que era ella' } });
    expect(((await admin.list()).body.items as unknown[]).length).toBe(0);
  });
});

describe('the OpenAPI document', () => {
  test('lists the throttle routes with their permission and the reason a lift needs', async () => {
    const doc = (await request(app).get('/api/openapi.json')).body;
    expect(doc.paths['/api/admin/sign-in-throttles'].get['x-oficio-permission']).toBe('users.manage');
    const lift = doc.paths['/api/admin/sign-in-throttles/{id}'].delete;
    expect(lift['x-oficio-permission']).toBe('users.manage');
    expect(lift.requestBody.content['application/json'].schema).toMatchObject({ required: ['reason'], properties: { reason: { type: 'string', minLength: 1 } } });
  });
});
