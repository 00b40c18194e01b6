// The catalogue itself, assembled from one file per area (messages/*.ts) and the form messages
// shared with the designer: one entry per message, es-MX and en. Only this file assembles it.
import { FORM_MESSAGES } from '../../forms/messages.js';
import { engine } from './messages/engine.js';
import { cli } from './messages/cli.js';
import { store } from './messages/store.js';
import { audit } from './messages/audit.js';
import { deploy } from './messages/deploy.js';
import { terms } from './messages/terms.js';
import { incidents } from './messages/incidents.js';
import { identity } from './messages/identity.js';
import { http } from './messages/http.js';
import { forms } from './messages/forms.js';
import { designer } from './messages/designer.js';
import { models } from './messages/models.js';
import { catalogue } from './messages/catalogue.js';
import { tasks } from './messages/tasks.js';
import { live } from './messages/live.js';
import { cases } from './messages/cases.js';

/** Every area by name: a key belongs to exactly one (test/i18n.test.ts checks it). */
export const MESSAGE_AREAS = { formData: FORM_MESSAGES, engine, cli, store, audit, deploy, terms, incidents, identity, http, forms, designer, models, catalogue, tasks, cases, live };

type Areas = typeof MESSAGE_AREAS;
type Intersection<U> = (U extends unknown ? (area: U) => void : never) extends (area: infer I) => void ? I : never;

export const messages = Object.assign({}, ...Object.values(MESSAGE_AREAS)) as Intersection<Areas[keyof Areas]>;

export type MessageKey = keyof typeof messages;
