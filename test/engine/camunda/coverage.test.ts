// The coverage scenarios on the Camunda adapter, through the real SDK, against the REST double.
import { coverageScenarios } from '../suite/coverage.js';
import { createDoubleHarness, DOUBLE_TRAITS } from './harness.js';

coverageScenarios(() => createDoubleHarness(), DOUBLE_TRAITS);
