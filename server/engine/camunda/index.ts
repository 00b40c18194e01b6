// The Camunda adapter: the engine port on a Camunda 8.8 cluster through @camunda8/sdk.
export { createCamundaEngine, type CamundaEngine, type CamundaEngineOptions } from './engine.js';
export { clusterAddress, type SdkSettings } from './client.js';
export { LISTENED_EVENTS, TASK_LISTENER_TYPE, userTaskModels, withTaskListeners, type UserTaskModel } from './models.js';
export { LISTENER_TIMEOUT_MS, USER_TASKS_COLLECTION, type CompletionCheck } from './user-tasks.js';
