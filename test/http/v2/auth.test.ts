// /v2 authenticates with HTTP Basic as an Oficio user, as the SDK's CAMUNDA_AUTH_STRATEGY=BASIC
// sends it: no session is opened, failures count like failed sign-ins (and are throttled the same way), a
// deactivated user or a changed password stops working at once, and requests made by another web
// site are refused.
import { createV2Harness, type V2Harness } from './harness.js';

let h: V2Harness;

beforeAll(async () => {
  h = await createV2Harness();
});
afterAll(async () => {
  await h.close();
});

/** Every problem /v2 answers: RFC 9457 as Camunda writes it, and nothing of the server's insides. */
function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown>; text: string }, status: number, title: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: 'about:blank', title, status });
  expect(typeof res.body.detail).toBe('string');
  expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
}

describe('without credentials', () => {
  test('a call is 401 with a Basic challenge and says, in Spanish by default, what is needed', async () => {
    const res = await h.as().get('/v2/topology');
    expectProblem(res, 401, 'UNAUTHORIZED');
    expect(res.headers['www-authenticate']).toBe('Basic realm="oficio", charset="UTF-8"');
    expect(res.body.detail).toBe('La API /v2 requiere autenticación HTTP Basic con un usuario y contraseña de Oficio.');
    expect(res.body.instance).toBe('/v2/topology');
  });

  test('in English when the client asks for it', async () => {
    const res = await h.as().get('/v2/topology').set('Accept-Language', 'en');
    expect(res.body.detail).toBe('The /v2 API requires HTTP Basic authentication with an Oficio user name and password.');
  });

  test('a bearer token is not Basic credentials', async () => {
    expectProblem(await h.as().get('/v2/topology').set('Authorization', 'Bearer abc'), 401, 'UNAUTHORIZED');
  });

  test("the status probe is open, as Camunda's is", async () => {
    expect((await h.as().get('/v2/status')).status).toBe(204);
  });
});

describe('with credentials', () => {
  test('a demo user is authenticated without a session being opened', async () => {
    const res = await h.as('process-owner').get('/v2/authentication/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'process-owner', roles: ['process-owner'], groups: ['process-owner'], tenants: [{ tenantId: '<default>' }], canLogout: false });
    expect(res.headers['set-cookie']).toBeUndefined();
    const sessions = await h.store.collection('identity_sessions').count();
    expect(sessions).toBe(0);
  });

  test('a wrong password is 401 and recorded as a failed sign-in through the Camunda API', async () => {
    const res = await h.as('calidad', 'NoEsLaClave#1').get('/v2/topology');
    expectProblem(res, 401, 'UNAUTHORIZED');
    expect(res.body.detail).toBe('Usuario o contraseña incorrectos.');
    const failed = await h.events('auth.loginFailed');
    expect(failed.at(-1)).toMatchObject({ actor: 'anonymous', subject: 'calidad', data: { via: 'camunda-api' } });
  });

  test('failures throttle the user name at that address as signing in does: then even the right password is 429 with Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await h.as('desarrollo', `Mala#clave${i}`).get('/v2/topology')).status).toBe(401);
    const locked = await h.as('desarrollo').get('/v2/topology');
    expectProblem(locked, 429, 'TOO_MANY_REQUESTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another user from the same address is not locked out.
    expect((await h.as('impulsor').get('/v2/topology')).status).toBe(200);
  });

  test('a deactivated user is refused at once, even right after a successful call', async () => {
    expect((await h.as('telecom').get('/v2/topology')).status).toBe(200);
    const user = (await h.identity.findByUsername('telecom'))!;
    await h.identity.updateUser(user.id, { active: false });
    expectProblem(await h.as('telecom').get('/v2/topology'), 401, 'UNAUTHORIZED');
  });

  test('after a password change the old password no longer works and the new one does', async () => {
    expect((await h.as('red-voz').get('/v2/topology')).status).toBe(200);
    const user = (await h.identity.findByUsername('red-voz'))!;
    await h.clock.advance('PT1M');
    await h.identity.setPassword(user.id, 'Nueva#Clave2026');
    expect((await h.as('red-voz').get('/v2/topology')).status).toBe(401);
    expect((await h.as('red-voz', 'Nueva#Clave2026').get('/v2/topology')).status).toBe(200);
  });

  test('a call another web site makes from a browser is refused before authentication', async () => {
    const res = await h.as('admin').get('/v2/topology').set('Origin', 'https://otro-sitio.example');
    expectProblem(res, 403, 'FORBIDDEN');
    expect(res.body.detail).toBe('La API /v2 no acepta solicitudes enviadas desde otro sitio web.');
    expect((await h.as('admin').post('/v2/process-instances/search', {}).set('Sec-Fetch-Site', 'cross-site')).status).toBe(403);
  });

  test('a role without the permission is 403 naming the permission and the roles that give it', async () => {
    const res = await h.as('red-datos').post('/v2/jobs/activation', { type: 'x', timeout: 1000, maxJobsToActivate: 1, requestTimeout: -1 });
    expectProblem(res, 403, 'FORBIDDEN');
    expect(res.body.detail).toBe('Su usuario no tiene permiso para esto: hace falta instances.operate, que da el rol Administrador o Responsable de procesos.');
  });
});

describe('what is not an operation', () => {
  test('an unknown path is a 404 problem naming it', async () => {
    const res = await h.as('admin').get('/v2/decision-definitions/search');
    expectProblem(res, 404, 'NOT_FOUND');
    expect(res.body.detail).toBe('La API /v2 de Oficio no tiene GET /v2/decision-definitions/search.');
  });

  test('a body that is not JSON is a 400 problem', async () => {
    const res = await h.as('admin').post('/v2/process-instances/search').set('Content-Type', 'application/json').send('{no es json');
    expectProblem(res, 400, 'INVALID_ARGUMENT');
    expect(res.body.detail).toBe('El cuerpo de la solicitud no es JSON válido.');
    const charset = await h.as('admin').post('/v2/process-instances/search').set('Content-Type', 'application/json; charset=klingon').send('{}');
    expectProblem(charset, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});
