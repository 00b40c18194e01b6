// The engine scenario suites on a real Camunda 8.8 cluster, through the adapter and the SDK, when
// ZEEBE_REST_ADDRESS (and its credentials) is set; skipped with a banner otherwise. Start a fresh
// cluster for the run (e.g. Camunda 8 Run): the suites deploy the same process ids in every test.
import { jest } from '@jest/globals';
import { coverageScenarios } from '../suite/coverage.js';
import { deployScenarios } from '../suite/deploy.js';
import { eventScenarios } from '../suite/events.js';
import { flowScenarios } from '../suite/flow.js';
import { incidentScenarios } from '../suite/incidents.js';
import { taskScenarios } from '../suite/tasks.js';
import { CLUSTER_TRAITS, createClusterHarness, describeOnCluster } from './harness.js';

jest.setTimeout(120_000);

describeOnCluster('the engine scenarios on the Camunda cluster at ZEEBE_REST_ADDRESS', () => {
  describe('deployments', () => deployScenarios(() => createClusterHarness(), CLUSTER_TRAITS));
  describe('flow', () => flowScenarios(() => createClusterHarness(), CLUSTER_TRAITS));
  describe('tasks', () => taskScenarios(() => createClusterHarness(), CLUSTER_TRAITS));
  describe('events', () => eventScenarios(() => createClusterHarness(), CLUSTER_TRAITS));
  describe('incidents', () => incidentScenarios(() => createClusterHarness(), CLUSTER_TRAITS));
  describe('coverage', () => coverageScenarios(() => createClusterHarness(), CLUSTER_TRAITS));
});
