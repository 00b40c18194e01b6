// The flow scenarios on the Camunda adapter, through the real SDK, against the REST double.
import { flowScenarios } from '../suite/flow.js';
import { createDoubleHarness, DOUBLE_TRAITS } from './harness.js';

flowScenarios(() => createDoubleHarness(), DOUBLE_TRAITS);
