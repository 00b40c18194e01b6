// How an area of the server's catalogue is written: one entry per message, Spanish (es-MX) and
// English side by side (the compiler checks that each has both).
import type { Bilingual } from '../../contracts/i18n.js';

/** An area's messages, typed as written so that their keys make up MessageKey. */
export function defineMessages<const M extends Record<string, Bilingual>>(messages: M): M {
  return messages;
}
