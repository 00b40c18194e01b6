import { createHarness } from './harness.js';
import { deployScenarios } from './suite/deploy.js';

deployScenarios(() => createHarness());
