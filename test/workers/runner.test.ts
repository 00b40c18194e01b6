// The runner on the embedded engine: schemas guard both ways, and each kind of failure ends where
// its type says — boundary, retry with back-off, or incident.
import { afterEach, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { BpmnError, complete, defineWorker, NonRetryableError, type Outcome, type WorkerDefinition } from '../../workers/kit/index.js';
import { retryBackOffMs } from '../../server/workers/runner.js';
import { createEngineFixture, outcomeOf, serviceTaskProcess, type EngineFixture } from './helpers.js';
import { waitFor } from '../support/wait-for.js';

/** A worker that counts its calls and notes the time of each on the run's clock. */
function probe(behaviour: (n: number) => Outcome, calls: { n: number; at: number[] }): WorkerDefinition {
  return defineWorker({
    type: 'probe',
    description: { es: 'prueba', en: 'probe' },
    input: z.object({ cantidad: z.number().int().positive() }),
    output: z.object({ resultado: z.string() }),
    async handle(_input, _job, services) {
      calls.n++;
      calls.at.push(services.now().getTime());
      return behaviour(calls.n);
    },
  });
}

describe('runner', () => {
  let e: EngineFixture;
  afterEach(() => e.close());

  async function run(behaviour: (n: number) => Outcome, variables: Record<string, unknown>, options: { errorCode?: string; retries?: number } = {}) {
    const calls = { n: 0, at: [] as number[] };
    e = await createEngineFixture('2026-03-02T16:00:00Z', [probe(behaviour, calls)]);
    await e.engine.createDeployment({ resources: [{ name: 'p.bpmn', content: serviceTaskProcess('probar', 'probe', options) }] });
    const { processInstanceKey } = await e.engine.createProcessInstance({ processDefinitionId: 'probar', variables });
    const incident = () => waitFor(async () => (await e.engine.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } })).items[0], 5000, 'incident');
    const completedInstance = () => waitFor(async () => (await e.engine.getProcessInstance({ processInstanceKey })).state === 'COMPLETED', 5000, 'completion');
    return { processInstanceKey, calls, incident, completedInstance };
  }

  it('given variables that break the input schema, then an incident names the field and the handler never runs', async () => {
    const r = await run(() => complete({ resultado: 'ok' }), { cantidad: 'tres' });
    const found = await r.incident();
    expect(found.errorMessage).toMatch(/probe: the job's variables are not valid — cantidad:/);
    expect(r.calls.n).toBe(0);
  });

  it('given an answer that breaks the output schema, then an incident at once', async () => {
    const r = await run(() => complete({ resultado: 42 }), { cantidad: 1 });
    expect((await r.incident()).errorMessage).toMatch(/break its output schema — resultado/);
    expect(r.calls.n).toBe(1);
  });

  it('given a thrown BpmnError, then the error boundary catches it', async () => {
    const r = await run(
      () => {
        throw new BpmnError('RECHAZADO', 'no procede');
      },
      { cantidad: 1 },
      { errorCode: 'RECHAZADO' },
    );
    await r.completedInstance();
    expect((await outcomeOf(e.engine, r.processInstanceKey)).path).toContain('failedEnd');
  });

  it('given a thrown NonRetryableError, then an incident without retries', async () => {
    const r = await run(
      () => {
        throw new NonRetryableError('dato imposible');
      },
      { cantidad: 1 },
    );
    expect((await r.incident()).errorMessage).toBe('probe: dato imposible');
    expect(r.calls.n).toBe(1);
  });

  it('given a plain Error every time, then it is retried after 5 s and 10 s of engine time, then an incident', async () => {
    const r = await run(
      () => {
        throw new Error('servidor caído');
      },
      { cantidad: 1 },
      { retries: 3 },
    );
    await waitFor(() => r.calls.n === 1, 5000, 'first attempt');
    await e.clock.advance('PT4S');
    await new Promise((res) => setTimeout(res, 100));
    expect(r.calls.n).toBe(1);
    await e.clock.advance('PT1S');
    await waitFor(() => r.calls.n === 2, 5000, 'second attempt');
    await e.clock.advance('PT10S');
    await waitFor(() => r.calls.n === 3, 5000, 'third attempt');
    expect((await r.incident()).errorMessage).toBe('probe: servidor caído');
    expect(r.calls.at[1]! - r.calls.at[0]!).toBe(retryBackOffMs(2));
    expect(r.calls.at[2]! - r.calls.at[1]!).toBe(retryBackOffMs(1));
  });

  it('given an Error once and success after, then the instance completes on the retry', async () => {
    const r = await run(
      (n) => {
        if (n === 1) throw new Error('intermitente');
        return complete({ resultado: 'ok' });
      },
      { cantidad: 1 },
    );
    await waitFor(() => r.calls.n === 1, 5000, 'first attempt');
    await e.clock.advance('PT5S');
    await r.completedInstance();
    expect((await outcomeOf(e.engine, r.processInstanceKey)).variables.resultado).toBe('ok');
  });
});
