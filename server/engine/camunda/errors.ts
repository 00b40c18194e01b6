// Turns what the SDK throws (HTTP problems, its schema checks, network failures) into the port's
// EngineError codes with Oficio's own wording; the SDK's and Camunda's text stays in `cause`.
import { moddle } from '../../bpmn/read.js';
import { DeploymentRejectedError, EngineError, type DeploymentProblem, type EngineErrorCode } from '../port.js';

/** What was being done, for the message: "complete job '2251799813685251'". */
export interface Operation {
  action: string;
  /** The key the operation is about, for the catalogue's {key}. */
  key?: string;
  /** A 409 that means "someone else got there first" rather than "not in that state". */
  conflict?: (detail: string) => boolean;
}

interface SdkError {
  name?: string;
  status?: number;
  title?: string;
  detail?: string;
  side?: 'request' | 'response';
  issues?: string[];
  lastStatus?: number;
  code?: string;
  cause?: { code?: string };
}

export function translateError(error: unknown, op: Operation, address: string): Error {
  if (error instanceof EngineError) return error;
  const e = (error ?? {}) as SdkError;
  const params: Record<string, string | number> = { key: op.key ?? '', address };
  const make = (code: EngineErrorCode, message: string) => withCause(new EngineError(code, message, params), error);

  // The SDK's own schema check ("Invalid createProcessInstance request: validation failed").
  const validation = Array.isArray(e.issues) ? /^Invalid \S*\s*(request|response)\b/.exec((error as Error)?.message ?? '') : null;
  if (e.name === 'CamundaValidationError' || validation) {
    const side = e.side ?? validation?.[1];
    // Only field paths are kept: enough to find the bug, nothing of the values.
    const fields = (e.issues ?? [])
      .map((issue) => String(issue).split(':')[0])
      .filter((f) => f && !/\s/.test(f))
      .slice(0, 5)
      .join(', ');
    return side === 'request'
      ? make('INVALID_ARGUMENT', `Cannot ${op.action}: the request does not match the Camunda 8.8 API${fields ? ` (${fields})` : ''}`)
      : make('UNAVAILABLE', `Cannot ${op.action}: Camunda answered in a shape this version of Oficio does not expect${fields ? ` (${fields})` : ''}`);
  }
  if (e.name === 'EventualConsistencyTimeoutError') {
    return e.lastStatus === 404 || e.lastStatus === undefined
      ? make('NOT_FOUND', `Cannot ${op.action}: Camunda does not know it (yet)`)
      : make('UNAVAILABLE', `Cannot ${op.action}: Camunda did not answer in time`);
  }
  if (e.name === 'CancelSdkError') return make('UNAVAILABLE', `Cannot ${op.action}: the request was cancelled`);
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (status === undefined) {
    return make('UNAVAILABLE', `Cannot ${op.action}: Camunda at ${address} cannot be reached`);
  }
  const detail = `${e.title ?? ''} ${e.detail ?? ''}`;
  switch (status) {
    case 400:
      return make('INVALID_ARGUMENT', `Camunda refused to ${op.action}: the request is not valid`);
    case 401:
    case 403:
      return make('UNAVAILABLE', `Camunda refused Oficio's credentials to ${op.action} (HTTP ${status}): check CAMUNDA_AUTH_STRATEGY and its settings`);
    case 404:
      return make('NOT_FOUND', `Cannot ${op.action}: Camunda has no such ${op.key ? `key '${op.key}'` : 'resource'}`);
    case 409:
      // Zeebe's ALREADY_EXISTS (a message id published twice) is a conflict too.
      return e.title === 'ALREADY_EXISTS' || op.conflict?.(detail)
        ? make('CONFLICT', `Cannot ${op.action}: it was changed by someone else first`)
        : make('INVALID_STATE', `Cannot ${op.action}: it is not in a state that allows it`);
    default:
      return make('UNAVAILABLE', `Cannot ${op.action}: Camunda answered HTTP ${status}`);
  }
}

function withCause<E extends Error>(error: E, cause: unknown): E {
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

/**
 * A refused deployment: Zeebe lists its problems per resource and element in the detail
 * ("'x.bpmn': - Element: gw\n    - ERROR: …"); each becomes a problem naming the element, its
 * type read from the XML that was sent.
 */
export async function deploymentRejection(error: unknown, resources: Array<{ name: string; xml: string }>, address: string): Promise<Error> {
  const e = (error ?? {}) as SdkError;
  if (e.status !== 400 || typeof e.detail !== 'string') return translateError(error, { action: 'deploy the resources' }, address);
  const typesOf = new Map(await Promise.all(resources.map(async (r) => [r.name, await elementTypes(r.xml)] as const)));
  const problems = parseDeploymentDetail(
    e.detail,
    (resourceName, elementId) => typesOf.get(resourceName)?.get(elementId),
    resources.map((r) => r.name),
  );
  return withCause(new DeploymentRejectedError(problems), error);
}

/** 'bpmn:ExclusiveGateway' per element id, as the embedded engine names types; none for XML that does not parse. */
async function elementTypes(xml: string): Promise<Map<string, string>> {
  try {
    const { elementsById } = await moddle.fromXML(xml, 'bpmn:Definitions');
    return new Map(Object.entries(elementsById).map(([id, element]) => [id, element.$type]));
  } catch {
    return new Map();
  }
}

export function parseDeploymentDetail(detail: string, elementType: (resourceName: string, elementId: string) => string | undefined, resourceNames: string[]): DeploymentProblem[] {
  const body = detail.includes('errors:\n') ? detail.slice(detail.indexOf('errors:\n') + 'errors:\n'.length) : detail;
  const problems: DeploymentProblem[] = [];
  const names = new Set(resourceNames);
  let resourceName = resourceNames.length === 1 ? resourceNames[0]! : '';
  let elementId: string | undefined;
  const add = (message: string) => {
    const text = message.trim();
    if (!text) return;
    const type = elementId ? elementType(resourceName, elementId) : undefined;
    problems.push({ resourceName, ...(elementId ? { elementId } : {}), ...(type ? { elementType: type } : {}), message: text });
  };
  for (const raw of body.split('\n')) {
    let line = raw;
    const start = /^'([^']+)':\s?(.*)$/.exec(line);
    if (start && (names.has(start[1]!) || !names.size)) {
      resourceName = start[1]!;
      elementId = undefined;
      line = start[2]!;
    }
    const element = /^\s*-\s*Element:\s*(\S+)\s*$/.exec(line);
    if (element) {
      elementId = element[1];
      continue;
    }
    const finding = /^\s*-\s*(ERROR|WARNING|INFO):\s*(.*)$/.exec(line);
    if (finding) {
      if (finding[1] === 'ERROR') add(finding[2]!);
      continue;
    }
    if (line.trim()) {
      elementId = undefined;
      add(line);
    }
  }
  if (!problems.length) problems.push({ resourceName, message: 'Camunda refused the deployment' });
  return problems;
}
