// The server bench/attacks.ts attacks: Oficio as npm start builds it (createOficio on a SQLite file
// in a temporary directory, the manual deployed, the demo users seeded, createApp listening on
// 127.0.0.1), in a process of its own. It tells its parent its address, sets up what an attack needs
// when asked (PREPARATIONS) and reports its memory; it ends on SIGTERM, leaving nothing behind.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../server/config.js';
import { createApp } from '../server/http/app.js';
import { httpSettingsOf } from '../server/http/deps.js';
import { silentLogger } from '../server/log.js';
import { createOficio, type Oficio } from '../server/oficio.js';
import { createSqliteStore } from '../server/store/sqlite/index.js';
import { processXml } from './engine.js';

/** The demo users' password, from the parent. */
const PASSWORD = process.env.OFICIO_ATTACK_PASSWORD ?? '';

const userTask = '<bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>';

/** What an attack needs set up first, done through the engine as a process owner's deployment would. */
const PREPARATIONS: Record<string, (oficio: Oficio, size: number) => Promise<void>> = {
  /** `size` instances the requester started (their iniciadoPor), all visible to them. */
  async visibleInstances({ engine, identity }, size) {
    await engine.createDeployment({
      resources: [
        {
          name: 'visible.bpmn',
          content: processXml(
            'ataque-visible',
            [
              ['startEvent', 'a'],
              ['userTask', 'b', userTask],
            ],
            [['a', 'b']],
          ),
        },
      ],
    });
    const user = (await identity.findByUsername('solicitante'))!;
    for (let i = 0; i < size; i++) {
      await engine.createProcessInstance({ processDefinitionId: 'ataque-visible', variables: { iniciadoPor: { id: user.id, username: user.username, nombre: user.displayName } } });
    }
  },
  /** Script tasks a plain timer cannot stop: a count of ten million numbers, a loop feelin never ends, a text doubled to 64 million characters. */
  async feelLoop({ engine }) {
    const doublings = Array.from({ length: 23 }, (_, i) => (i === 0 ? 'k0: "xxxxxxxxxxxxxxxx"' : `k${i}: k${i - 1}+k${i - 1}`)).join(', ');
    const scripts = { 'ataque-feel': 'count(for x in 1..10000000 return x)', 'ataque-feel-rango': 'for x in 1.5..3 return x', 'ataque-feel-texto': `upper case({${doublings}}.k22)` };
    for (const [processId, expression] of Object.entries(scripts)) {
      const script = `<bpmn:extensionElements><zeebe:script expression="=${expression.replace(/"/g, '&quot;')}" resultVariable="n"/></bpmn:extensionElements>`;
      const xml = processXml(
        processId,
        [
          ['startEvent', 's'],
          ['scriptTask', 'c', script],
          ['endEvent', 'e'],
        ],
        [
          ['s', 'c'],
          ['c', 'e'],
        ],
      );
      await engine.createDeployment({ resources: [{ name: `${processId}.bpmn`, content: xml }] });
    }
  },
};

async function serve() {
  const dir = mkdtempSync(join(tmpdir(), 'oficio-attacks-'));
  const config = readConfig({ ...process.env, OFICIO_DATA_DIR: dir, OFICIO_LANG: 'es' });
  const oficio = await createOficio(config, { store: createSqliteStore({ path: join(dir, 'oficio.sqlite') }), log: silentLogger() });
  await oficio.deployFolder();
  await oficio.identity.seedDemoUsers({ password: PASSWORD });
  const app = createApp({ ...oficio, http: httpSettingsOf(config) });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  process.on('message', (message: { prepare?: string; size?: number; memory?: boolean }) => {
    if (message.memory) {
      process.send!({ memory: { rss: process.memoryUsage().rss, peakRss: process.resourceUsage().maxRSS * 1024 } });
      return;
    }
    const prepare = message.prepare ? PREPARATIONS[message.prepare] : undefined;
    if (!prepare) return;
    prepare(oficio, message.size ?? 0).then(
      () => process.send!({ prepared: message.prepare }),
      (error: unknown) => process.send!({ failed: `${message.prepare}: ${String(error)}` }),
    );
  });
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close();
    void oficio.close().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
  process.send!({ ready: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

// Only as the child bench/attacks.ts forks.
if (process.send && process.env.OFICIO_ATTACK_PASSWORD) await serve();
