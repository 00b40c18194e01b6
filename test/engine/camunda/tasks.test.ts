// The tasks scenarios on the Camunda adapter, through the real SDK, against the REST double.
import { taskScenarios } from '../suite/tasks.js';
import { createDoubleHarness, DOUBLE_TRAITS } from './harness.js';

taskScenarios(() => createDoubleHarness(), DOUBLE_TRAITS);
