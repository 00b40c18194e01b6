import { createHarness } from './harness.js';
import { flowScenarios } from './suite/flow.js';

flowScenarios(() => createHarness());
