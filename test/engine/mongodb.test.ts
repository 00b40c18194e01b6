// The engine scenario suites on the embedded engine over a MongoDB store, when MONGODB_URI names a
// replica set (each test in a database of its own, dropped after); skipped with a banner otherwise.
import { closeAdmin, describeOnMongo, openTestStore } from '../store/on-mongodb.js';
import { createHarness } from './harness.js';
import { coverageScenarios } from './suite/coverage.js';
import { deployScenarios } from './suite/deploy.js';
import { eventScenarios } from './suite/events.js';
import { flowScenarios } from './suite/flow.js';
import { incidentScenarios } from './suite/incidents.js';
import { taskScenarios } from './suite/tasks.js';

describeOnMongo('embedded engine on a MongoDB store (MONGODB_URI)', () => {
  afterAll(() => closeAdmin());
  const make = () => createHarness(() => openTestStore());

  deployScenarios(make);
  flowScenarios(make);
  taskScenarios(make);
  eventScenarios(make);
  incidentScenarios(make);
  coverageScenarios(make);
});
