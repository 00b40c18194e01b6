// The languages Oficio speaks and the shape of a text given in both — the same for the server, the
// browser app, the forms and the workers. Spanish (es-MX) first, English second.

export type Locale = 'es' | 'en';

export const LOCALES: readonly Locale[] = ['es', 'en'];

/** A text in both languages: a form's label, a group's name, a worker's description. */
export interface Bilingual {
  es: string;
  en: string;
}
