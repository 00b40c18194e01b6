// Message catalogues: everything a user reads, in Spanish (es-MX) first and English second.
import { messages, type MessageKey } from './messages.js';

export type Locale = 'es' | 'en';
export type { MessageKey };

/** The text for `key` in `locale`, with {placeholders} filled from `params`. */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = messages[key][locale] ?? messages[key].es;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
