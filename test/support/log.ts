// The server's log kept in memory, for a test that asserts what an operator would read: the same
// logger npm start builds (server/log.ts: levels, redaction, serializers), its JSON lines parsed.
import { createLogger, type Logger } from '../../server/log.js';
import type { LogLevel } from '../../server/config.js';

/** One line of the log as its JSON object. */
export type LogLine = Record<string, unknown> & { level: string; msg: string };

export interface CapturedLog {
  /** The logger to hand to createOficio, createApp, startWorkers … */
  log: Logger;
  /** Every line written so far, parsed. */
  lines: LogLine[];
  /** Every line written so far, as written (to look for text that must never be there). */
  text(): string;
}

/** A logger writing into memory, from `level` up (debug by default: everything the server says). */
export function captureLog(level: LogLevel = 'debug'): CapturedLog {
  const written: string[] = [];
  const lines: LogLine[] = [];
  const log = createLogger(
    { level, format: 'json' },
    {
      write(line: string) {
        written.push(line);
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  );
  return { log, lines, text: () => written.join('') };
}
