// The server as `npm start` runs it — server/main.ts in a child process on an empty data directory,
// listening on 127.0.0.1 at a free port, e-mail to an SMTP server on loopback — for the tests that
// drive it from outside (a browser, an SDK client in another process).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSmtp, type Mail } from './processes/harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface RunningOficio {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Its data directory (the SQLite file `oficio.db` …), removed on stop. */
  dataDir: string;
  /** Every e-mail the workers sent. */
  mails: Mail[];
  /** What the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the server with the demo users' `password` and any further settings; resolves once it listens. */
export async function startOficio(password: string, env: Record<string, string> = {}): Promise<RunningOficio> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oficio-server-'));
  const mails: Mail[] = [];
  const smtp = await startSmtp(mails);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      OFICIO_DATA_DIR: dataDir,
      OFICIO_LANG: 'es',
      OFICIO_HOST: '127.0.0.1',
      PORT: '0',
      OFICIO_DEMO_PASSWORD: password,
      OFICIO_SMTP_HOST: '127.0.0.1',
      OFICIO_SMTP_PORT: String(smtp.port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start in time:\n${out}`)), 60_000);
      const read = (chunk: Buffer) => {
        out += chunk.toString();
        const listening = /escucha en http:\/\/[^:/]+:(\d+)\//.exec(out);
        if (listening) {
          clearTimeout(timer);
          resolve(Number(listening[1]));
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}) before listening:\n${out}`));
      });
    });
    return { url: `http://127.0.0.1:${port}`, dataDir, mails, output: () => out, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
