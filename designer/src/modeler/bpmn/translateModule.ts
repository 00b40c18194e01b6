// Speaks bpmn-js, diagram-js and the properties panel in the reader's language: their English
// template strings are looked up as 'bpmn.<English text>' in the catalogue (i18n/messages/bpmn.ts).
// diagram-js reads the `translate` service once per component, so a language change re-creates the
// modeler with a new instance of this module.
import type { ModuleDeclaration } from 'didi';
import { hasMessage, translate, type Locale } from '../../i18n';

type Replacements = Record<string, string | number | undefined>;

export function createTranslateModule(locale: Locale): ModuleDeclaration {
  const speak = (template: string, replacements: Replacements = {}): string => {
    const key = `bpmn.${template}`;
    const params = Object.fromEntries(Object.entries(replacements).filter((entry): entry is [string, string | number] => entry[1] !== undefined));
    if (hasMessage(key)) return translate(locale, key, params);
    // Strings the catalogue does not cover stay in the library's English, placeholders filled.
    return template.replace(/\{([^}]+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
  return { translate: ['value', speak] };
}
