// Done-when (2) of issue 6: the real server (server/main.ts, as `npm start` runs it, in a child process
// on loopback) and, from another process, an unmodified @camunda8/sdk client configured only by the
// SDK's environment variables with strict validation (test/sdk-client/run.ts): deploy → start → a
// job worker completes the service task → the user task is found and completed → the instance
// completes. The client's JSON lines say what happened; the server's API says what it recorded.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { startOficio, type RunningOficio } from '../../server-process.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const PASSWORD = 'Cliente#2026sdk';

/** Runs the SDK client script in its own process with exactly the SDK's variables; answers its steps. */
async function runClient(env: Record<string, string>): Promise<{ code: number | null; steps: Array<Record<string, unknown> & { step: string }>; output: string }> {
  // Nothing of this process's own Camunda or Zeebe settings leaks into the client.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(CAMUNDA|ZEEBE)_/.test(name)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/sdk-client/run.ts'], { cwd: root, env: { ...inherited, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  const steps = output
    .split('\n')
    .filter((line) => line.startsWith('{"step":'))
    .map((line) => JSON.parse(line) as Record<string, unknown> & { step: string });
  return { code, steps, output };
}

let server: RunningOficio;

beforeAll(async () => {
  server = await startOficio(PASSWORD);
}, 90_000);
afterAll(async () => {
  await server?.stop();
});

test('an unmodified SDK client in another process deploys, starts, works the service task, completes the user task, and the instance completes', async () => {
  const { code, steps, output } = await runClient({
    ZEEBE_REST_ADDRESS: server.url,
    CAMUNDA_AUTH_STRATEGY: 'BASIC',
    CAMUNDA_BASIC_AUTH_USERNAME: 'process-owner',
    CAMUNDA_BASIC_AUTH_PASSWORD: PASSWORD,
    CAMUNDA_SDK_VALIDATION: 'req:strict,res:strict',
  });
  const step = (name: string) => steps.find((s) => s.step === name);
  expect({ code, failed: step('error') ?? step('unexpected') ?? null }).toEqual({ code: 0, failed: null });
  expect(steps.map((s) => s.step)).toEqual([
    'topology',
    'authenticated',
    'deployed',
    'unknownProcessRefused',
    'created',
    'job',
    'userTask',
    'userTaskRead',
    'invalidDataRefused',
    'assigned',
    'userTaskCompleted',
    'instance',
    'searched',
    'done',
  ]);
  expect(step('authenticated')).toMatchObject({ username: 'process-owner', roles: ['process-owner'] });
  expect(step('deployed')).toMatchObject({ processes: [{ processDefinitionId: 'sdk-flujo', version: 1 }] });
  // The SDK parsed our problems: its HttpSdkError carries Camunda's status and title and our detail.
  expect(step('unknownProcessRefused')).toMatchObject({ name: 'HttpSdkError', status: 404, title: 'NOT_FOUND', detail: 'El motor no encontró «no-existe-este-proceso».' });
  const key = step('created')!.processInstanceKey as string;
  expect(step('job')).toMatchObject({ type: 'sdk.calcular', elementId: 'calcular', processInstanceKey: key, cantidad: 21, retries: 3, worker: 'sdk-client' });
  expect(step('userTask')).toMatchObject({ elementId: 'revisar', candidateGroups: ['process-owner'], externalFormReference: 'dgsti-p01-pr03-encuesta' });
  expect(step('invalidDataRefused')).toMatchObject({ status: 400, title: 'INVALID_ARGUMENT', detail: expect.stringMatching(/Calificación del servicio/) });
  expect(step('instance')).toEqual({
    step: 'instance',
    processInstanceKey: key,
    state: 'COMPLETED',
    // Besides its own, the folio Oficio gives every instance (server/core/cases).
    variables: { cantidad: 21, total: 42, calificacion: 5, resuelto: true, comentarios: 'Total revisado desde el SDK.', folio: expect.stringMatching(/^OFI-\d{4}-000001$/) },
  });
  expect(step('searched')).toMatchObject({ totalItems: 1, keys: [key] });

  // What the server recorded: the instance completed, and every step audited with who did it.
  const admin = request.agent(server.url);
  const login = await admin.post('/api/auth/login').send({ username: 'admin', password: PASSWORD });
  expect(login.status).toBe(200);
  const audit = await admin.get('/api/audit').query({ processInstanceKey: key, order: 'asc', limit: 100 });
  expect(audit.status).toBe(200);
  const trail = (audit.body.items as Array<{ action: string; actor: { name?: string } | string; data?: { via?: string } }>).map((e) => e.action);
  expect(trail).toEqual(['instance.start', 'job.activate', 'job.complete', 'task.claim', 'task.complete']);
  for (const event of audit.body.items) expect(event.actor).toMatchObject({ roles: ['process-owner'] });
  const deploys = await admin.get('/api/audit').query({ action: 'model.deploy', order: 'asc', limit: 1000 });
  expect(deploys.body.items.filter((e: { subject?: string; data?: { via?: string } }) => e.subject === 'sdk-flujo' && e.data?.via === 'camunda-api')).toHaveLength(1);
  const instance = await request(server.url).get(`/v2/process-instances/${key}`).auth('auditor', PASSWORD);
  expect(instance.body).toMatchObject({ processInstanceKey: key, state: 'COMPLETED', processDefinitionId: 'sdk-flujo' });
  expect(server.output()).not.toMatch(/failed: .*\n\s+at /);
  if (code !== 0) process.stderr.write(output);
}, 120_000);
