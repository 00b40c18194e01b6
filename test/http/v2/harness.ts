// The /v2 API in-process: the whole app (createOficio, then createApp, as npm start builds it) over an in-memory store,
// the embedded engine, identity with the demo users and the audit trail — called with supertest as
// any demo user (HTTP Basic), or through a real @camunda8/sdk client with strict request and response
// validation against the app listening on loopback.
import type { Server } from 'node:http';
import request from 'supertest';
import { createCamundaClient, type CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { EmbeddedEngine, ManualClock } from '../../../server/engine/embedded/index.js';
import type { Identity } from '../../../server/core/identity/index.js';
import type { AuditEvent, AuditTrail } from '../../../server/core/audit/index.js';
import { createApp } from '../../../server/http/app.js';
import type { Store } from '../../../server/store/port.js';
import { createTestOficio, type TestOficio } from '../../support/oficio.js';
import { TEST_HTTP } from '../harness.js';

export const PASSWORD = 'Camunda#2026demo';
export const START = '2026-03-02T15:00:00.000Z';

type Method = 'get' | 'post' | 'patch' | 'delete';

export interface Caller {
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
  call(method: Method, path: string, body?: object): request.Test;
}

export interface V2Harness {
  app: ReturnType<typeof createApp>;
  oficio: TestOficio;
  store: Store;
  engine: EmbeddedEngine;
  clock: ManualClock;
  identity: Identity;
  audit: AuditTrail;
  /** Requests with HTTP Basic as `username` (the demo password unless given); anonymous without a name. */
  as(username?: string, password?: string): Caller;
  /** The app on 127.0.0.1 (started on first use): its base URL. */
  listen(): Promise<string>;
  /** An SDK client as `username`, validating every request and response strictly. */
  sdk(username: string): Promise<CamundaClient>;
  /** The audit events with this action (oldest first). */
  events(action: string, filter?: { processInstanceKey?: string }): Promise<AuditEvent[]>;
  close(): Promise<void>;
}

export async function createV2Harness(): Promise<V2Harness> {
  const oficio = await createTestOficio({ start: START, demoPassword: PASSWORD });
  const { store, engine, clock, identity, audit } = oficio;
  const app = createApp({ ...oficio, http: TEST_HTTP });
  let server: Server | undefined;
  let url: string | undefined;
  const clients: CamundaClient[] = [];

  const as = (username?: string, password = PASSWORD): Caller => {
    const call = (method: Method, path: string, body?: object) => {
      let test = request(app)[method](path);
      if (username) test = test.auth(username, password);
      if (body !== undefined) test = test.send(body);
      return test;
    };
    return {
      get: (path) => call('get', path),
      post: (path, body) => call('post', path, body),
      patch: (path, body) => call('patch', path, body),
      delete: (path) => call('delete', path),
      call,
    };
  };

  async function listen(): Promise<string> {
    if (url) return url;
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return url;
  }

  return {
    app,
    oficio,
    store,
    engine,
    clock,
    identity,
    audit,
    as,
    listen,
    async sdk(username) {
      const client = createCamundaClient({
        config: {
          CAMUNDA_REST_ADDRESS: await listen(),
          CAMUNDA_AUTH_STRATEGY: 'BASIC',
          CAMUNDA_BASIC_AUTH_USERNAME: username,
          CAMUNDA_BASIC_AUTH_PASSWORD: PASSWORD,
          CAMUNDA_SDK_VALIDATION: 'req:strict,res:strict',
          CAMUNDA_SDK_LOG_LEVEL: 'silent',
          // Refusals are what these tests look at: the SDK must not retry them.
          CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: 1,
        },
      });
      clients.push(client);
      return client;
    },
    async events(action, filter = {}) {
      const { items } = await audit.query({ action, ...filter }, { order: 'asc', limit: 1000 });
      return items;
    },
    async close() {
      for (const client of clients) client.stopAllWorkers();
      if (server) {
        server.closeAllConnections();
        await new Promise((resolve) => server!.close(resolve));
      }
      await oficio.close();
    },
  };
}

/** A one-process BPMN document, as the engine tests write them. */
export function bpmn(processId: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs_${processId}" targetNamespace="http://oficio.test">
  <bpmn:process id="${processId}" name="${processId}" isExecutable="true">
${body}
  </bpmn:process>
</bpmn:definitions>`;
}

/** start → a service task of `jobType` → a user task of group `group` (form `form`, when given) → end. */
export function serviceThenUserTask(processId: string, jobType: string, group: string, form?: string): string {
  return bpmn(
    processId,
    `<bpmn:startEvent id="inicio"/>
    <bpmn:sequenceFlow id="f1" sourceRef="inicio" targetRef="servicio"/>
    <bpmn:serviceTask id="servicio" name="Servicio"><bpmn:extensionElements><zeebe:taskDefinition type="${jobType}" retries="3"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="servicio" targetRef="tarea"/>
    <bpmn:userTask id="tarea" name="Tarea"><bpmn:extensionElements><zeebe:userTask/>${form ? `<zeebe:formDefinition externalReference="${form}"/>` : ''}<zeebe:assignmentDefinition candidateGroups="${group}"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="tarea" targetRef="fin"/>
    <bpmn:endEvent id="fin"/>`,
  );
}
