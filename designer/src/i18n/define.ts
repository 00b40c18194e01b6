// A catalogue is Spanish first; its English must carry exactly the same keys (the compiler checks).
import type { Locale } from '../../../contracts/i18n.js';

export type { Bilingual } from '../../../contracts/i18n.js';
export type { Locale };
export { LOCALES } from '../../../contracts/i18n.js';

export interface Catalogue<K extends string = string> {
  es: Record<K, string>;
  en: Record<K, string>;
}

export function defineMessages<const E extends Record<string, string>>(es: E, en: Record<keyof E, string>): Catalogue<Extract<keyof E, string>> {
  return { es, en } as Catalogue<Extract<keyof E, string>>;
}
