import { createHarness } from './harness.js';
import { coverageScenarios } from './suite/coverage.js';

coverageScenarios(() => createHarness());
