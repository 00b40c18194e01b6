// The API's one contract and one error: every route that answers JSON declares the schema of its
// answer (contracts/api — the browser app types itself from it, and the HTTP tests check every answer
// against it), and every refusal is a DomainError whose kind each API turns into its status in one place.
import { DomainError, invalidField } from '../../server/errors.js';
import { EngineError } from '../../server/engine/port.js';
import { FormInvalidError } from '../../server/core/catalogue/index.js';
import { routes } from '../../server/http/app.js';
import { STATUS_OF_KIND, toProblem } from '../../server/http/problems.js';
import { toCamundaProblem } from '../../server/http/v2/problems.js';

/** Answers that are not JSON: the diagram's BPMN, the CSV export, an attachment's bytes. */
const NOT_JSON = ['GET /api/instances/:key/diagram', 'GET /api/audit.csv', 'GET /api/attachments/:id', 'GET /api/events'];

test('every route that answers JSON declares the schema of its answer', () => {
  const undeclared = routes
    .filter((route) => (route.status ?? 200) !== 204 && !NOT_JSON.includes(`${route.method.toUpperCase()} ${route.path}`))
    .filter((route) => !route.response)
    .map((route) => `${route.method.toUpperCase()} ${route.path}`);
  expect(undeclared).toEqual([]);
});

describe('a refusal', () => {
  it("is answered by /api with the status of its kind, its title in the caller's language and its problem id", () => {
    const problem = toProblem(new DomainError('conflict', 'tasks.assignedToOther', { key: '7', assignee: 'ana' }), 'es');
    expect(problem).toEqual({ type: 'urn:oficio:problem:tasks.assignedToOther', status: 409, title: 'La tarea 7 ya la tiene ana.' });
    expect(toProblem(new DomainError('rate-limited', 'http.rateLimited', { seconds: 60 }, { details: { retryAfterSeconds: 60 } }), 'en')).toMatchObject({
      status: 429,
      retryAfterSeconds: 60,
    });
  });

  it("names an input of the operation where the request sent it, and a form's own fields as they are", () => {
    const where = (name: string) => `query/${name}`;
    expect(toProblem(invalidField('cursor', 'tasks.badCursor'), 'en', where).errors).toEqual([{ field: 'query/cursor', message: expect.any(String), code: 'tasks.badCursor' }]);
    const form = new FormInvalidError('f', [{ field: 'contacto/correo', message: '«Correo» no es válido.', code: 'format' }]);
    expect(toProblem(form, 'es', where)).toMatchObject({ status: 400, formId: 'f', errors: [{ field: 'contacto/correo', message: '«Correo» no es válido.', code: 'format' }] });
  });

  it("is answered by /v2 with the same status and Camunda's code, the engine's own code where it has one", () => {
    const camunda = (error: unknown) => toCamundaProblem(error, 'en', '/v2/x');
    expect(camunda(new DomainError('forbidden', 'http.forbidden'))).toMatchObject({ status: 403, title: 'FORBIDDEN', detail: expect.any(String), instance: '/v2/x' });
    expect(camunda(new EngineError('CONFLICT', 'message already published'))).toMatchObject({ status: 409, title: 'ALREADY_EXISTS', reason: 'message already published' });
    expect(camunda(invalidField('assignee', 'tasks.reassignTargetRefused', { username: 'nadie', groups: 'mesa-ayuda' }))).toMatchObject({
      status: 400,
      title: 'INVALID_ARGUMENT',
      errors: [{ field: 'body/assignee', code: 'tasks.reassignTargetRefused' }],
    });
  });

  it('of any other kind of error is an internal one, its text never shown', () => {
    expect(toProblem(new Error('SQLITE_CORRUPT /var/lib/oficio'), 'en')).toEqual({ type: 'urn:oficio:problem:http.internal', status: 500, title: expect.not.stringContaining('SQLITE') });
    expect(toCamundaProblem(new Error('SQLITE_CORRUPT'), 'en', '/v2/x')).toMatchObject({ status: 500, title: 'INTERNAL' });
  });

  it('has a status for every kind, each a client error but for the unavailable system, the missing feature and the timeout', () => {
    const server = Object.entries(STATUS_OF_KIND)
      .filter(([, status]) => status >= 500)
      .map(([kind]) => kind)
      .sort();
    expect(server).toEqual(['not-implemented', 'timeout', 'unavailable']);
  });
});
