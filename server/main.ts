// npm start: builds Oficio from the configuration (server/oficio.ts), starts the workers, deploys
// the manual's models from processes/, seeds the demo users of an empty store and serves the HTTP
// API and the browser app until stopped.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from './config.js';
import { createApp } from './http/app.js';
import { httpSettingsOf } from './http/deps.js';
import { t } from './i18n/index.js';
import { logConfiguration } from './log.js';
import { createOficio } from './oficio.js';

async function main() {
  const config = readConfig();
  const say = (key: Parameters<typeof t>[1], params?: Parameters<typeof t>[2]) => console.log(t(config.locale, key, params));
  // The operator's log (OFICIO_LOG_LEVEL, OFICIO_LOG_FORMAT) goes to standard error; the lines below, for
  // the person who ran npm start, to standard output.
  const oficio = await createOficio(config);
  logConfiguration(oficio.log, config);
  const { engine, store, identity } = oficio;
  if (config.engine === 'camunda') say('engine.camunda.started', { address: (engine as { address?: string }).address ?? '', store: store.description });
  else say('engine.started', { store: store.description });
  oficio.workers.start();

  const deployed = await oficio.deployFolder();
  if (!deployed) say('engine.nothingToDeploy');
  for (const p of deployed?.processes ?? []) say('engine.deployed', { processId: p.processDefinitionId, version: p.processDefinitionVersion, resource: p.resourceName });

  const seeded = await identity.seedDemoUsers(config.identity.demoPassword ? { password: config.identity.demoPassword } : {});
  if (seeded.seeded) {
    say('identity.demo.seeded', { count: seeded.usernames.length, usernames: seeded.usernames.join(', ') });
    say(seeded.generated ? 'identity.demo.passwordGenerated' : 'identity.demo.passwordFromEnv', seeded.generated ? { password: seeded.password! } : {});
    say('identity.demo.howToLogin', { url: `http://localhost:${config.port}/` });
  }

  const app = createApp({
    ...oficio,
    http: httpSettingsOf(config),
    designer: { distDir: config.designerDistDir },
  });
  const onListening = () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    say('http.listening', { url: `http://localhost:${port}/` });
    if (!existsSync(join(config.designerDistDir, 'index.html'))) say('designer.notBuilt.log', { dir: config.designerDistDir, command: 'npm run build:designer' });
  };
  const server = config.host ? app.listen(config.port, config.host, onListening) : app.listen(config.port, onListening);

  const stop = async () => {
    say('engine.stopping');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Open event streams would keep the server from closing: they end now (their tasklists reconnect to the next server).
    oficio.live.events.close();
    server.closeIdleConnections();
    await closed;
    await oficio.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
