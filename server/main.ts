// The composition root: reads the configuration, opens the store, starts the engine (embedded, or
// the Camunda adapter with ENGINE=camunda) and the workers, deploys the manual's models from
// processes/, loads the forms (forms/ and the designed ones), seeds the demo users of an empty
// store and serves the HTTP API and the browser app until stopped.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig } from './config.js';
import { createAuditTrail } from './core/audit/index.js';
import { createFormRegistry } from './core/forms/index.js';
import { createIdentity } from './core/identity/index.js';
import { createApp } from './http/app.js';
import { createEmbeddedEngine } from './engine/embedded/index.js';
import { createCamundaEngine } from './engine/camunda/index.js';
import type { EnginePort } from './engine/port.js';
import { completionCheckOf } from './core/tasks/index.js';
import { t } from './i18n/index.js';
import { openStore } from './store/open.js';
import { recordCollectionsOf, startWorkers } from './workers/runner.js';
import { createWorkers } from '../workers/index.js';
import { loadForms } from '../forms/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

async function main() {
  const config = readConfig();
  const store = await openStore(config);
  // Before the engine: on Camunda, Oficio's completing task listener checks submissions against them.
  const forms = createFormRegistry({ store, fileForms: loadForms() });
  await forms.load();
  let engine: EnginePort;
  if (config.engine === 'camunda') {
    const camunda = createCamundaEngine({ settings: config.camunda.settings, userTasks: { store, checkCompletion: completionCheckOf(forms, config.locale) } });
    console.log(t(config.locale, 'engine.camunda.started', { address: camunda.address, store: store.description }));
    engine = camunda;
  } else {
    engine = createEmbeddedEngine({ store });
    console.log(t(config.locale, 'engine.started', { store: store.description }));
  }

  const collections = recordCollectionsOf(store);
  const { host, port, secure, auth, from } = config.mail;
  const workers = startWorkers(engine, createWorkers({ collections, mail: { smtp: { host, port, secure, ...(auth ? { auth } : {}) }, from } }), {
    log: (message) => console.error(message),
  });

  const dir = join(root, 'processes');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.bpmn')).sort();
  if (files.length === 0) console.log(t(config.locale, 'engine.nothingToDeploy'));
  else {
    const result = await engine.deployResourcesFromFiles(files.map((f) => join(dir, f)));
    for (const p of result.processes) {
      console.log(t(config.locale, 'engine.deployed', { processId: p.processDefinitionId, version: p.processDefinitionVersion, resource: p.resourceName }));
    }
  }

  const identity = createIdentity({ store, ...config.identity });
  const audit = createAuditTrail({ store });
  const url = `http://localhost:${config.port}/`;
  const seeded = await identity.seedDemoUsers(config.identity.demoPassword ? { password: config.identity.demoPassword } : {});
  if (seeded.seeded) {
    console.log(t(config.locale, 'identity.demo.seeded', { count: seeded.usernames.length, usernames: seeded.usernames.join(', ') }));
    console.log(seeded.generated ? t(config.locale, 'identity.demo.passwordGenerated', { password: seeded.password! }) : t(config.locale, 'identity.demo.passwordFromEnv'));
    console.log(t(config.locale, 'identity.demo.howToLogin', { url }));
  }

  const app = createApp({
    engine,
    store,
    identity,
    audit,
    forms,
    http: { secureCookies: config.secureCookies, trustProxy: config.trustProxy },
    attachments: { maxBytes: config.attachmentMaxBytes },
    designer: { distDir: config.designerDistDir },
    log: (m) => console.error(m),
  });
  const onListening = () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(t(config.locale, 'http.listening', { url: `http://localhost:${port}/` }));
    if (!existsSync(join(config.designerDistDir, 'index.html'))) console.log(t(config.locale, 'designer.notBuilt.log', { dir: config.designerDistDir, command: 'npm run build:designer' }));
  };
  const server = config.host ? app.listen(config.port, config.host, onListening) : app.listen(config.port, onListening);

  const stop = async () => {
    console.log(t(config.locale, 'engine.stopping'));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const worker of workers) worker.stop();
    await engine.close();
    await store.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
