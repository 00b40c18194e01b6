// Messages: publication (buffered for its time to live) and correlation, for those who operate
// instances — what a worker of another process does when an outside event arrives.
//
// The engine port publishes; it has no separate correlation command. A correlation is therefore a
// publication without a time to live: it reaches the instances waiting for it at that moment (or
// starts one by a message start event) and is gone, as Camunda's is — but it may reach more than one
// waiting instance, and the answer cannot name the instance nor say 404 when none was waiting.
import { z } from 'zod';
import { actorOf } from '../../../core/identity/index.js';
import type { MessagePublicationResult } from '../../../engine/port.js';
import type { Json } from '../../../store/port.js';
import { defineV2Route } from '../route.js';
import { DEFAULT_TENANT, Int64, TenantId, Variables } from '../schemas.js';

const Publication = z.object({
  name: z.string().min(1).max(500),
  correlationKey: z.string().max(10_000).optional(),
  timeToLive: Int64.optional(),
  messageId: z.string().max(500).optional(),
  variables: Variables.optional(),
  tenantId: TenantId,
});

const Correlation = Publication.omit({ timeToLive: true, messageId: true });

/** The message's key, which only the engine's answer tells, for its event. */
const messageKeyOf = ({ messageKey }: MessagePublicationResult) => (messageKey ? { data: { messageKey } } : {});

export const messageRoutes = [
  defineV2Route({
    operationId: 'publishMessage',
    method: 'post',
    path: '/messages/publication',
    access: ['instances.operate'],
    body: Publication,
    status: 200,
    async handler({ body, user, ip, api }) {
      const { tenantId: _tenant, ...message } = body;
      // What the message started or moved on commits with its event.
      const { messageKey } = await api.audit.run<MessagePublicationResult, MessagePublicationResult>(
        {
          actor: actorOf(user),
          action: 'message.publish',
          subject: body.name,
          data: {
            via: 'camunda-api',
            name: body.name,
            correlationKey: body.correlationKey ?? '',
            timeToLive: body.timeToLive ?? 0,
            ...(body.messageId ? { messageId: body.messageId } : {}),
            variables: (body.variables ?? {}) as Json,
          },
          ip,
        },
        (options) => api.engine.publishMessage({ ...message, correlationKey: message.correlationKey ?? '', timeToLive: Math.max(0, message.timeToLive ?? 0) }, options),
        messageKeyOf,
      );
      return { tenantId: DEFAULT_TENANT, ...(messageKey ? { messageKey } : {}) };
    },
  }),
  defineV2Route({
    operationId: 'correlateMessage',
    method: 'post',
    path: '/messages/correlation',
    access: ['instances.operate'],
    body: Correlation,
    status: 200,
    async handler({ body, user, ip, api }) {
      const { messageKey } = await api.audit.run<MessagePublicationResult, MessagePublicationResult>(
        {
          actor: actorOf(user),
          action: 'message.correlate',
          subject: body.name,
          data: { via: 'camunda-api', name: body.name, correlationKey: body.correlationKey ?? '', variables: (body.variables ?? {}) as Json },
          ip,
        },
        (options) => api.engine.publishMessage({ name: body.name, correlationKey: body.correlationKey ?? '', variables: body.variables ?? {}, timeToLive: 0 }, options),
        messageKeyOf,
      );
      return { tenantId: DEFAULT_TENANT, ...(messageKey ? { messageKey } : {}) };
    },
  }),
];
