// The incidents scenarios on the Camunda adapter, through the real SDK, against the REST double.
import { incidentScenarios } from '../suite/incidents.js';
import { createDoubleHarness, DOUBLE_TRAITS } from './harness.js';

incidentScenarios(() => createDoubleHarness(), DOUBLE_TRAITS);
