// The words for invalid form data, taken from forms/messages.ts so the page says what the server would.
import { FORM_MESSAGES } from '../../../../forms/messages.js';
import type { Catalogue } from '../define.js';

type FormKey = keyof typeof FORM_MESSAGES;

export const forms: Catalogue<FormKey> = {
  es: Object.fromEntries(Object.entries(FORM_MESSAGES).map(([key, text]) => [key, text.es])) as Record<FormKey, string>,
  en: Object.fromEntries(Object.entries(FORM_MESSAGES).map(([key, text]) => [key, text.en])) as Record<FormKey, string>,
};
