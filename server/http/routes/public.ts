// Public start forms (the citizen's CAS complaint): read and submitted without signing in, only
// for processes whose start event says oficio:publicStart="true", and submissions rate-limited per
// client IP (PUBLIC_SUBMISSIONS per window) with a sliding window — 429 with Retry-After beyond it.
// The client IP is what express reports under the app's 'trust proxy' setting.
import { FormDataBody, ProcessIdParams, StartForm, Started } from '../../../contracts/api/index.js';
import { DomainError } from '../../errors.js';
import { defineRoute } from '../route.js';

/** Submissions of public forms allowed per client IP in any window of PUBLIC_WINDOW_MS. */
export const PUBLIC_SUBMISSIONS = 10;
export const PUBLIC_WINDOW_MS = 10 * 60_000;

/** One key per client: an IPv4 address seen through an IPv6 socket ('::ffff:10.0.0.1') counts as itself. */
export const clientKey = (ip: string) => ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

export const publicRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/public/forms/:processId',
    summary: 'Formulario público de inicio, sin sesión / Public start form, without signing in',
    tag: 'public',
    access: 'public',
    params: ProcessIdParams,
    response: StartForm,
    async handler({ params, locale, ip, deps }) {
      return deps.catalogue.startForm(params.processId, { kind: 'public', ip }, locale);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/public/forms/:processId/instances',
    summary: 'Envía un formulario público: inicia el proceso / Submits a public form: starts the process',
    tag: 'public',
    access: 'public',
    params: ProcessIdParams,
    body: FormDataBody,
    response: Started,
    status: 201,
    async handler({ params, body, locale, ip, deps }) {
      // Every submission counts, valid or not: probing the form is limited as much as filing it.
      const decision = deps.publicSubmissions.hit(clientKey(ip));
      if (!decision.allowed) {
        throw new DomainError('rate-limited', 'http.rateLimited', { seconds: decision.retryAfterSeconds }, { details: { retryAfterSeconds: decision.retryAfterSeconds } });
      }
      const started = await deps.catalogue.start(params.processId, body.data, { kind: 'public', ip }, locale);
      return { processInstanceKey: started.processInstanceKey, folio: started.folio! };
    },
  }),
];
