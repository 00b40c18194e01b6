// The deploy scenarios on the Camunda adapter, through the real SDK, against the REST double.
import { deployScenarios } from '../suite/deploy.js';
import { createDoubleHarness, DOUBLE_TRAITS } from './harness.js';

deployScenarios(() => createDoubleHarness(), DOUBLE_TRAITS);
