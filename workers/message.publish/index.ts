// A send task / message throw event that publishes a BPMN message — e.g. PR01 6.3 "corte-realizado"
// keyed by kiosk, which releases the refunds waiting for that kiosk's cash cut (3.c).
import { z } from 'zod';
import { complete, defineWorker, incident } from '../kit/index.js';

export const input = z.object({
  nombreMensaje: z.string().min(1),
  claveCorrelacion: z.union([z.string().min(1), z.number()]).transform(String),
  variables: z.record(z.string(), z.unknown()).nullish(),
  tiempoVidaMs: z.number().int().nonnegative().optional(),
});

export const output = z.object({});

const publishMessage = defineWorker({
  type: 'message.publish',
  description: { es: 'Publica un mensaje BPMN (tarea de envío)', en: 'Publishes a BPMN message (send task)' },
  input,
  output,
  async handle(request, job) {
    if (!job.publishMessage) return incident('message.publish: this runner cannot publish messages');
    await job.publishMessage({
      name: request.nombreMensaje,
      correlationKey: request.claveCorrelacion,
      ...(request.variables ? { variables: request.variables } : {}),
      timeToLiveMs: request.tiempoVidaMs ?? 0,
      // A retry of the same job publishes the same message, which a buffering engine deduplicates.
      messageId: `message.publish:${job.jobKey}`,
    });
    return complete({});
  },
});

export default publishMessage;
