// Keeps the benchmark from rotting: every measurement of bench/engine.ts runs with tiny sizes and
// must report numbers. No timing assertions — this machine's speed is not under test here.
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
    expect(r.perSecond.median).toBeGreaterThan(0);
    expect(r.completed).toBeGreaterThan(0);
    expect(r.completedInStore).toBe(r.completed);
  });

  it('(b) ten-element throughput reports completed instances per second, matching the store', async () => {
    const r = await measureTenElementThroughput(tiny);
    expect(r.perSecond.median).toBeGreaterThan(0);
    expect(r.completedInStore).toBe(r.completed);
    expect(r.userTaskPolls).toBeGreaterThan(0);
  });

  it('(c) dispatch latency reports loaded and unloaded percentiles', async () => {
    const r = await measureDispatchLatency({ ratePerSec: 100, loadedMs: 300, unloadedSamples: 10, maxParallelJobs: 16 });
    expect(r.unloaded.samples).toBe(10);
    expect(r.loaded.samples).toBeGreaterThan(10);
    for (const s of [r.loaded, r.unloaded]) {
      expect(s.p50).toBeGreaterThanOrEqual(0);
      expect(s.p99).toBeGreaterThanOrEqual(s.p50);
      expect(Number.isFinite(s.p99)).toBe(true);
    }
  });

  it('(d) parked footprint reports bytes per instance, by collection', async () => {
    const r = await measureParkedFootprint({ instances: 40, inFlight: 8 });
    expect(r.fileBytesPerInstance).toBeGreaterThan(0);
    expect(r.pageBytesPerInstance).toBeGreaterThan(0);
    expect(r.jsonBytesPerInstance).toBeGreaterThan(0);
    expect(r.byCollection.find((c) => c.collection === 'userTasks')?.rowsPerInstance).toBe(1);
  });

  it('(e) memory sampler, cpu share, spread and machine info report numbers', async () => {
    const sampler = new MemorySampler(5).start();
    sampler.enter('x');
    const { result, cpuShare } = await withCpuShare(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return 42;
    });
    sampler.stop();
    expect(result).toBe(42);
    expect(cpuShare).toBeGreaterThanOrEqual(0);
    expect(sampler.peakRss).toBeGreaterThan(0);
    expect(sampler.phases.get('x')!.heapUsed).toBeGreaterThan(0);
    expect(spread([3, 1, 2])).toMatchObject({ median: 2, min: 1, max: 3 });
    const m = machineInfo();
    expect(m.cores).toBeGreaterThan(0);
    expect(m.sqlite).toMatch(/^3\./);
  });
});
