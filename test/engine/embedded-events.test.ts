import { createHarness } from './harness.js';
import { eventScenarios } from './suite/events.js';

eventScenarios(() => createHarness());
