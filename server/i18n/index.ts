// Message catalogues: everything a user reads, in Spanish (es-MX) first and English second.
import type { Locale } from '../../contracts/i18n.js';
import { messages, type MessageKey } from './messages.js';

export type { Locale };
export type { MessageKey };

export type MessageParams = Record<string, string | number>;

/** The text for `key` in `locale`, with {placeholders} filled from `params`. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = messages[key][locale] ?? messages[key].es;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** True when `key` is in the catalogue (for keys built at run time, such as `deploy.${code}`). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(messages, key);
}

type Suffix<K, P extends string> = K extends `${P}${infer S}` ? S : never;

/** The codes of deployment problems: each has its text in the catalogue as `deploy.<code>`. */
export type DeployProblemCode = Suffix<MessageKey, 'deploy.'>;
/** Values of a deploy problem's `what` parameter: `term.what.<id>` in the catalogue. */
export type WhatTerm = Suffix<MessageKey, 'term.what.'>;
/** Values of a deploy problem's `event` parameter (kinds of event): `term.event.<id>`. */
export type EventTerm = Suffix<MessageKey, 'term.event.'>;

/** Parameters whose values are catalogue terms, spoken in the message's language. */
const TERM_PARAMS: Record<string, string> = { what: 'term.what.', event: 'term.event.' };

/**
 * The text of `key` in `locale` where some parameters are catalogue terms: the `what` and `event`
 * parameters of a deployment problem (`deploy.<code>`) hold term ids (e.g. 'jobType', 'signal') and
 * are spoken in the message's language too. Any other key is said as t() says it.
 */
export function speak(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  if (!key.startsWith('deploy.')) return t(locale, key, params);
  const spoken: MessageParams = { ...params };
  for (const [name, prefix] of Object.entries(TERM_PARAMS)) {
    const value = params[name];
    const termKey = `${prefix}${String(value)}`;
    if (value !== undefined && hasMessage(termKey)) spoken[name] = t(locale, termKey);
  }
  return t(locale, key, spoken);
}

/** The text of a deployment problem in `locale`, or undefined when `code` has no catalogue entry. */
export function deployProblemText(locale: Locale, code: string | undefined, params: MessageParams = {}): string | undefined {
  const key = `deploy.${code}`;
  return code && hasMessage(key) ? speak(locale, key, params) : undefined;
}

/** The label of an incident's errorType (JOB_NO_RETRIES, CONDITION_ERROR, …); UNKNOWN's for others. */
export function incidentLabel(locale: Locale, errorType: string | undefined): string {
  const key = `incident.${errorType ?? 'UNKNOWN'}`;
  return t(locale, hasMessage(key) ? key : 'incident.UNKNOWN');
}
