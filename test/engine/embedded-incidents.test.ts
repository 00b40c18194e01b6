import { createHarness } from './harness.js';
import { incidentScenarios } from './suite/incidents.js';

incidentScenarios(() => createHarness());
