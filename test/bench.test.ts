// Keeps the benchmark from rotting: every measurement of bench/engine.ts runs with tiny sizes and
// must report plausible numbers. No timing targets — this machine's speed is not under test here;
// the ranges only catch a bench that measures nothing or gets a unit wrong (test/support/plausible.ts).
import { cpus, totalmem } from 'node:os';
import {
  MemorySampler,
  PARK_BPMN,
  SIMPLE_BPMN,
  TEN_BPMN,
  machineInfo,
  measureDispatchLatency,
  measureParkedFootprint,
  measureSimpleThroughput,
  measureTenElementThroughput,
  openBenchEngine,
  spread,
  withCpuShare,
} from '../bench/engine.js';
import { expectDurations, expectPlausible } from './support/plausible.js';

const tiny = { runs: 1, runMs: 200, warmupMs: 50, inFlight: 20, maxParallelJobs: 16 };

describe('bench/engine.ts measurements (tiny sizes)', () => {
  it('deploys the three bench processes', async () => {
    const b = await openBenchEngine();
    try {
      const { processes } = await b.engine.createDeployment({
        resources: [
          { name: 'simple.bpmn', content: SIMPLE_BPMN },
          { name: 'ten.bpmn', content: TEN_BPMN },
          { name: 'park.bpmn', content: PARK_BPMN },
        ],
      });
      expect(processes.map((p) => p.processDefinitionId).sort()).toEqual(['bench-park', 'bench-simple', 'bench-ten']);
    } finally {
      await b.close();
    }
  });

  it('(a) simple throughput reports completed instances per second, matching the store', async () => {
    const r = await measureSimpleThroughput(tiny);
    expect(r.perSecond.samples).toHaveLength(tiny.runs);
    // One instance a second however loaded the machine; an engine in one process is far below 100,000.
    expectPlausible('simple instances/s', r.perSecond.median, 1, 100_000);
    expect(r.completed).toBeGreaterThan(0);
    // A window's completions are some of all completions (10% for timers firing early).
    expect((r.perSecond.median * tiny.runMs) / 1000).toBeLessThanOrEqual(r.completed * 1.1);
    expect(r.completedInStore).toBe(r.completed);
  });

  it('(b) ten-element throughput reports completed instances per second, matching the store', async () => {
    const started = performance.now();
    const r = await measureTenElementThroughput(tiny);
    const wallMs = performance.now() - started;
    expect(r.perSecond.samples).toHaveLength(tiny.runs);
    expectPlausible('ten-element instances/s', r.perSecond.median, 1, 50_000);
    expect((r.perSecond.median * tiny.runMs) / 1000).toBeLessThanOrEqual(r.completed * 1.1);
    expect(r.completedInStore).toBe(r.completed);
    expect(r.userTaskPolls).toBeGreaterThan(0);
    // A poll either completes at least one instance's task or sleeps a millisecond.
    expect(r.userTaskPolls).toBeLessThanOrEqual(r.completed + wallMs + 1);
  });

  it('(c) dispatch latency reports loaded and unloaded percentiles', async () => {
    const started = performance.now();
    const r = await measureDispatchLatency({ ratePerSec: 100, loadedMs: 300, unloadedSamples: 10, maxParallelJobs: 16 });
    const wallMs = performance.now() - started;
    expect(r.unloaded.samples).toBe(10);
    expect(r.loaded.samples).toBeGreaterThan(10);
    // 100 a second for 300 ms: no more instances than were due, none faster than asked.
    expect(r.loaded.samples).toBeLessThanOrEqual(30);
    expectPlausible('achieved instances/s', r.loaded.achievedPerSec, 10, 100);
    for (const s of [r.loaded, r.unloaded]) {
      expect(s.p50).toBeGreaterThanOrEqual(0);
      expect(s.p99).toBeGreaterThanOrEqual(s.p50);
      expect(Number.isFinite(s.p99)).toBe(true);
      // A handler invoked before its instance's creation resolved counts as 0 ms.
      expectDurations('dispatch latency', [s.p50, s.p99, s.max], wallMs, 0);
      expectPlausible('handlers invoked before the creation resolved', s.beforeResolve, 0, s.samples);
    }
  });

  it('(d) parked footprint reports bytes per instance, by collection', async () => {
    const r = await measureParkedFootprint({ instances: 40, inFlight: 8 });
    expect(r.instances).toBe(40);
    // A parked instance is a few KB: 100 B is less than its user task alone, 1 MB a unit mistake.
    expectPlausible('file bytes per instance', r.fileBytesPerInstance, 100, 1_000_000);
    expectPlausible('page bytes per instance', r.pageBytesPerInstance, 100, 1_000_000);
    expectPlausible('JSON bytes per instance', r.jsonBytesPerInstance, 100, 1_000_000);
    expect([512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]).toContain(r.pageSize);
    expect(r.byCollection.find((c) => c.collection === 'userTasks')?.rowsPerInstance).toBe(1);
    expect(r.byCollection.find((c) => c.collection === 'processInstances')?.rowsPerInstance).toBe(1);
  });

  it('(e) memory sampler, cpu share, spread and machine info report numbers', async () => {
    const sampler = new MemorySampler(5).start();
    sampler.enter('x');
    const { result, cpuShare, wallMs } = await withCpuShare(async () => {
      // Time passing while the sampler runs, not a wait for anything.
      await new Promise((r) => setTimeout(r, 20));
      return 42;
    });
    sampler.stop();
    expect(result).toBe(42);
    expect(cpuShare).toBeGreaterThanOrEqual(0);
    // CPU time over wall time: at most every core busy; microseconds taken for milliseconds would be 1000× more.
    expectPlausible('CPU share', cpuShare, 0, 2 * cpus().length);
    expectPlausible('wall ms of a 20 ms sleep', wallMs, 15, 10_000);
    // Bytes: a Node process holds more than 10 MiB, and less than the machine has.
    expectPlausible('peak RSS bytes', sampler.peakRss, 10 * 2 ** 20, totalmem());
    expectPlausible('heap used bytes', sampler.phases.get('x')!.heapUsed, 2 ** 20, totalmem());
    expect(spread([3, 1, 2])).toMatchObject({ median: 2, min: 1, max: 3 });
    const m = machineInfo();
    expect(m.cores).toBeGreaterThan(0);
    expectPlausible('memory GiB', m.memoryGiB, 0.25, 65_536);
    expectPlausible('load average', m.load1, 0, 10_000);
    expect(m.sqlite).toMatch(/^3\./);
  });
});
