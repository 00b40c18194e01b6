// Deployments: the SDK's multipart upload (every file in `resources`, optionally `tenantId`) deployed
// by the embedded engine, which checks every element as it does for `oficio deploy`. Unlike the
// designer's deploy, no worker of workers/ is required for a service task's type: a /v2 client runs
// its own workers.
import type { Request } from 'express';
import { actorOf } from '../../../core/identity/index.js';
import { DeploymentRejectedError } from '../../../engine/port.js';
import { DomainError } from '../../../errors.js';
import { defineV2Route } from '../route.js';
import { DEFAULT_TENANT } from '../schemas.js';

/**
 * The request's body, refused beyond `max` bytes. Past the limit the rest is let through unkept
 * rather than the request destroyed, so the client still reads its 413; a client that goes away
 * rejects with the stream's own error, which the funnel knows for what it is.
 */
function readBody(req: Request, max: number): Promise<Buffer> {
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > max) return Promise.reject(new DomainError('too-large', 'v2.tooLarge', { max }));
  // Gone while its credentials were checked: no event of the stream is still to come.
  if (req.destroyed) return Promise.reject(new Error('aborted'));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) settle(() => reject(new DomainError('too-large', 'v2.tooLarge', { max })));
      else parts.push(chunk);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(parts, size)));
    const onError = (error: Error) => settle(() => reject(error));
    const onClose = () => settle(() => reject(new Error('aborted')));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** The files and tenant of a multipart deployment, parsed by the platform's own FormData reader. */
async function readDeployment(req: Request, max: number): Promise<{ resources: File[]; tenantId?: string }> {
  const type = req.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) throw new DomainError('invalid', 'v2.deployment.notMultipart');
  const body = await readBody(req, max);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new DomainError('invalid', 'v2.deployment.notMultipart');
  }
  const resources = form.getAll('resources').filter((entry): entry is File => typeof entry !== 'string');
  const tenantId = form.get('tenantId');
  return { resources, ...(typeof tenantId === 'string' && tenantId ? { tenantId } : {}) };
}

export const deploymentRoutes = [
  defineV2Route({
    operationId: 'createDeployment',
    method: 'post',
    path: '/deployments',
    access: ['models.deploy'],
    status: 200,
    async handler({ req, user, ip, api }) {
      const { resources, tenantId } = await readDeployment(req, api.settings.maxRequestBytes);
      if (tenantId && tenantId !== DEFAULT_TENANT) throw new DomainError('invalid', 'v2.tenantUnsupported', { tenantId });
      if (!resources.length) throw new DomainError('invalid', 'v2.deployment.noResources');
      const names = resources.map((file) => file.name);
      let result;
      try {
        result = await api.engine.createDeployment({ resources });
      } catch (error) {
        if (error instanceof DeploymentRejectedError) {
          await api.audit.record({
            actor: actorOf(user),
            action: 'model.deployRefused',
            subject: names.join(', ').slice(0, 200),
            data: { via: 'camunda-api', resources: names, errors: error.problems.map((p) => ({ resource: p.resourceName, elementId: p.elementId ?? '', code: p.code ?? '' })) },
            ip,
          });
        }
        throw error;
      }
      for (const p of result.processes) {
        await api.audit.record({
          actor: actorOf(user),
          action: 'model.deploy',
          subject: p.processDefinitionId,
          data: { via: 'camunda-api', processDefinitionKey: p.processDefinitionKey, version: p.processDefinitionVersion, resourceName: p.resourceName, deploymentKey: result.deploymentKey },
          ip,
        });
      }
      return {
        tenantId: DEFAULT_TENANT,
        deploymentKey: result.deploymentKey,
        deployments: result.processes.map((processDefinition) => ({ processDefinition })),
      };
    },
  }),
];
