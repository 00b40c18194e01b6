// Builds the SDK's Orchestration Cluster (REST) client from the SDK's own variables, as
// config.ts collected them (ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY, ZEEBE_CLIENT_ID, …).
import { Camunda8 } from '@camunda8/sdk';
import type { CamundaClientLoose } from '@camunda8/orchestration-cluster-api';
import { EngineError } from '../port.js';

export type SdkClient = CamundaClientLoose;

/** The SDK's variables by name, exactly as the SDK documents them. */
export type SdkSettings = Readonly<Record<string, string>>;

/** Where the cluster is, for messages (never credentials). */
export function clusterAddress(settings: SdkSettings): string {
  return settings.ZEEBE_REST_ADDRESS || settings.CAMUNDA_REST_ADDRESS || 'http://localhost:8080';
}

export function createSdkClient(settings: SdkSettings): SdkClient {
  let client: SdkClient;
  try {
    // The umbrella SDK translates its Zeebe-era names (ZEEBE_REST_ADDRESS, ZEEBE_CLIENT_ID,
    // ZEEBE_TOKEN_AUDIENCE …) for the REST client; an explicit ZEEBE_CLIENT_ID is honoured only
    // when passed here, not when merely present in the environment.
    const c8 = new Camunda8({ ...settings } as ConstructorParameters<typeof Camunda8>[0], { defaultCached: false });
    client = c8.getOrchestrationClusterApiClientLoose();
    // The REST client reads its own variables (CAMUNDA_SDK_VALIDATION, CAMUNDA_SDK_HTTP_RETRY_* …)
    // from process.env by default; re-hydrating it from the same settings keeps config.ts the only
    // reader of the environment and lets tests configure it without touching process.env.
    // Its own CAMUNDA_* variables, when set, win over what the umbrella derived; its log stays at
    // errors unless asked (the umbrella's default would log every worker start and stop).
    const own = Object.fromEntries(Object.entries(settings).filter(([name]) => name.startsWith('CAMUNDA_')));
    if (!settings.CAMUNDA_SDK_LOG_LEVEL && !settings.CAMUNDA_LOG_LEVEL) own.CAMUNDA_SDK_LOG_LEVEL = 'error';
    client.configure({ env: { ...settings }, config: own as never });
  } catch (error) {
    // The SDK names the variable it cannot use; its text is kept as the cause, not shown.
    const wrapped = new EngineError('UNAVAILABLE', `The Camunda client cannot be configured for ${clusterAddress(settings)}: check the ZEEBE_* / CAMUNDA_* settings`, {
      address: clusterAddress(settings),
    });
    Object.defineProperty(wrapped, 'cause', { value: error });
    throw wrapped;
  }
  return client;
}
