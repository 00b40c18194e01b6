import { createHarness } from './harness.js';
import { taskScenarios } from './suite/tasks.js';

taskScenarios(() => createHarness());
