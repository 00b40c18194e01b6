// The events scenarios on the Camunda adapter, through the real SDK, against the REST double.
import { eventScenarios } from '../suite/events.js';
import { createDoubleHarness, DOUBLE_TRAITS } from './harness.js';

eventScenarios(() => createDoubleHarness(), DOUBLE_TRAITS);
